"""Ingest benchmark: synthetic documents through the service layer into a temp SQLite database.

`BENCH_DOCUMENTS` (default 10000) documents of ~1.5 KB, each with a title, a lead with an
attribution, headings and paragraphs naming seed persons and places in varied grammatical
cases and new people (first name + surname) that become candidates. One transaction per
document, as `dipnews ingest` runs. Reports documents/s and peak RSS (targets: ≥ 200 docs/s,
≤ 300 MB).
"""

import os
import random
import resource
import tempfile
import time
from functools import cache
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session

from app.db import make_engine
from app.ingest.seed import seed
from app.mentions.linking import build_matcher
from app.migrate import upgrade
from app.models import Candidate, CandidateMention, Mention
from app.services.ingestion import ingest_document
from app.text.names import case_forms

SEED = 20261125
KNOWN = ["Олександр Лукашенко", "Кіт Келлог", "Дональд Трамп", "Майк Помпео"]
GIVEN = ["Олег", "Андрій", "Павло", "Тарас", "Богдан", "Сергій", "Ганна", "Ірина", "Оксана", "Юрій"]
FAMILY = ["Петренко", "Коваленко", "Бондаренко", "Ткаченко", "Кравчук", "Мельник", "Шевчук",
          "Савчук", "Бойко", "Руденко"]
PLACES = ["у Мінську", "у Вашингтоні", "у Білорусі", "до Мінська", "зі Сполученими Штатами", "в Україні"]
VERBS = ["провів переговори", "обговорив співпрацю", "зустрівся з делегацією", "зробив заяву",
         "відвідав посольство", "підписав меморандум"]
FILLER = ("Сторони розглянули актуальні питання двосторонніх відносин, безпеки та економічної "
          "співпраці, а також перспективи подальшого діалогу на найвищому рівні. ")


@cache
def _forms(name: str) -> list[str]:
    return list(case_forms(name).values())


def _name(rng: random.Random, people: list[str]) -> str:
    return rng.choice(_forms(rng.choice(people)))


def document(i: int, rng: random.Random) -> str:
    new_people = [f"{rng.choice(GIVEN[:6])} {rng.choice(FAMILY)}" if rng.random() < 0.5 else
                  f"{rng.choice(GIVEN[6:])} {rng.choice(['Кравчук', 'Мельник', 'Шевчук', 'Савчук', 'Бойко'])}"
                  for _ in range(2)]
    lines = [
        f"{_name(rng, KNOWN)} {rng.choice(VERBS)} {rng.choice(PLACES)} (№{i})",
        "",
        f"{_name(rng, KNOWN)} {rng.choice(VERBS)} {rng.choice(PLACES)} у {2000 + i % 25} році. "
        "Про це повідомило агентство «Белта».",
        "Про це розповідає NewsWeek",
        "Обговорення політичних відносин",
        f"За словами {_name(rng, new_people)}, {_name(rng, KNOWN)} {rng.choice(VERBS)}. " + FILLER * 3,
        f"Посол {_name(rng, new_people)} {rng.choice(VERBS)} {rng.choice(PLACES)}. " + FILLER * 2,
        "Історія відносин",
        f"{rng.choice(VERBS).capitalize()} {rng.choice(PLACES)} {_name(rng, KNOWN)}. " + FILLER * 2,
    ]
    return "\n".join(lines)


def main() -> None:
    n = int(os.environ.get("BENCH_DOCUMENTS", "10000"))
    rng = random.Random(SEED)
    texts = [document(i, rng) for i in range(n)]
    with tempfile.TemporaryDirectory(prefix="dipnews-bench-ingest-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        engine = make_engine(url).execution_options(writing=True)
        with Session(engine) as session:
            seed(session)
            session.commit()
            matcher = build_matcher(session)
            session.commit()
            started, cpu_started = time.perf_counter(), time.process_time()
            created = 0
            for text in texts:
                created += ingest_document(session, text, matcher=matcher).created
                session.commit()
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            mentions = session.execute(select(func.count()).select_from(Mention)).scalar_one()
            candidates = session.execute(select(func.count()).select_from(Candidate)).scalar_one()
            supporting = session.execute(select(func.count()).select_from(CandidateMention)).scalar_one()
        engine.dispose()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = n / elapsed
    print(f"ingest: {n} documents ({created} created) in {elapsed:.1f} s = {rate:.0f} docs/s "
          f"(target ≥ 200) {'OK' if rate >= 200 else 'BELOW TARGET'}")
    # Other processes on a busy machine slow the wall clock: the CPU rate tells them apart.
    print(f"  CPU time {cpu:.1f} s = {n / cpu:.0f} docs/s of this process's CPU; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"  {mentions} mentions, {candidates} candidates with {supporting} supporting mentions")
    print(f"  peak RSS {rss_mb:.0f} MB (target ≤ 300) {'OK' if rss_mb <= 300 else 'ABOVE TARGET'}")


if __name__ == "__main__":
    main()
