"""Search benchmark: a synthetic Ukrainian corpus in a temp SQLite database.

`BENCH_ARTICLES` (default 100000) articles of 2–4 KB are built from real Ukrainian word forms
(pymorphy3's dictionary) drawn with Zipf-like frequencies, with persons' names in varied
grammatical cases and "переговори" and "Мінськ" in every case form. Measured in-process:
indexing rate (rows + lemma shadow), and p50/p99 of article search (first page, relevance
order, snippets) and of person search.
"""

import gc
import itertools
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from app.db import make_engine
from app.migrate import upgrade
from app.models import Article, Person, PersonAlias
from app.pagination import PageParams
from app.search.shadow import ARTICLES
from app.search.texts import snippets
from app.services import articles as article_service
from app.services import persons as person_service
from app.services.aliases import replace_aliases
from app.text.morph import analyzer
from app.text.names import case_forms

SEED = 20261125
GIVEN = ["Олександр", "Дональд", "Майк", "Андрій", "Петро", "Віктор", "Юрій", "Сергій", "Тарас", "Богдан"]
FAMILY = ["Лукашенко", "Трамп", "Помпео", "Келлог", "Шевченко", "Коваленко", "Бондар", "Мельник",
          "Ткаченко", "Кравчук", "Литвин", "Савчук", "Гончар", "Руденко", "Петренко", "Бойко"]
PREFIXES = ["пере", "за", "по", "ви", "при", "роз", "від", "на", "об", "до", "зу", "ст", "кр", "мі", "бі",
            "го", "ко", "ре", "се", "ди", "уря", "дер", "пре", "пол", "вій", "мир", "дип", "соц", "еко"]


def vocabulary(size: int = 20_000) -> list[str]:
    morph = analyzer()
    seen: dict[str, None] = {}
    per_prefix = size // len(PREFIXES) + 1
    for prefix in PREFIXES:
        for parse in itertools.islice(morph.iter_known_word_parses(prefix), per_prefix * 3):
            if parse.word.isalpha() and len(parse.word) > 2:
                seen.setdefault(parse.word, None)
            if len(seen) >= per_prefix * (PREFIXES.index(prefix) + 1):
                break
    words = list(seen)
    random.Random(SEED).shuffle(words)
    return words[:size]


def news_words() -> list[str]:
    """Every case form of "переговори" and "Мінськ", which the searches below ask for."""
    morph = analyzer()
    return sorted({form.word for word in ("переговори", "мінськ")
                   for form in morph.parse(word)[0].lexeme})


def corpus(n: int):
    rng = random.Random(SEED)
    words = vocabulary()
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))  # Zipf
    people = [f"{g} {f}" for g, f in zip(itertools.cycle(GIVEN), FAMILY, strict=False)]
    forms = [form for name in people for form in case_forms(name).values()]
    topics = news_words()
    for i in range(n):
        size = rng.randint(2000, 4000)
        out, length = [], 0
        while length < size:
            sentence = rng.choices(words, cum_weights=weights, k=rng.randint(6, 14))
            if rng.random() < 0.03:  # a person in about one article in three
                sentence.insert(rng.randrange(len(sentence)), rng.choice(forms))
            if rng.random() < 0.01:  # talks or Minsk, in some case, in about one article in six
                sentence.insert(rng.randrange(len(sentence)), rng.choice(topics))
            text = " ".join(sentence).capitalize() + "."
            out.append(text)
            length += len(text) * 2  # Cyrillic is two bytes in UTF-8
        title = " ".join(rng.choices(words, cum_weights=weights, k=8)).capitalize()
        body = "\n\n".join(" ".join(out[j:j + 4]) for j in range(0, len(out), 4))
        yield Article(slug=f"bench-{i}", title=title, body=body, lead=out[0], content_hash=f"{i:064d}")


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), percentile(times, 99)


def main() -> None:
    n = int(os.environ.get("BENCH_ARTICLES", "100000"))
    with tempfile.TemporaryDirectory(prefix="dipnews-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session:
            for g, f in zip(itertools.cycle(GIVEN), FAMILY, strict=False):
                person = Person(slug=f"{g}-{f}".lower(), name=f"{g} {f}", family_name=f)
                session.add(person)
                session.flush()
                replace_aliases(session, PersonAlias, "person_id", person.id, [], person.name, None)
            session.commit()
            articles = corpus(n)
            start = time.perf_counter()
            while batch := list(itertools.islice(articles, 1000)):
                session.add_all(batch)
                session.commit()
                session.expunge_all()
            elapsed = time.perf_counter() - start
        # The load left a big heap (caches of every word form): freeze it as a server does after
        # start-up, so a full collection of objects no query made is not timed as a query.
        gc.collect()
        gc.freeze()
        print(f"search bench: {n} articles indexed in {elapsed:.1f} s = {n / elapsed:.0f} articles/s "
              "(row + lemma shadow, corpus generation included)")
        queries = ["Лукашенку", "переговорами", "у Мінську", "Келлогові", "Шевченком Тараса",
                   '"Олександр Лукашенко"', "Трамп OR Помпео", "Коваленка -Бондар"]
        page = PageParams(limit=20, cursor=None, count=False)
        with Session(engine) as session:
            for q in queries:  # warm the caches as a running server would be
                article_service.list_articles(session, article_service.ArticleFilters(q=q), None, page)

            def article_search(q: str):
                filters = article_service.ArticleFilters(q=q)
                rows = article_service.list_articles(session, filters, None, page).rows
                snippets(ARTICLES, rows, q)

            all_times = []
            for q in queries:
                p50, p99 = timed(lambda q=q: article_search(q), 30)
                hits = len(article_service.list_articles(
                    session, article_service.ArticleFilters(q=q), None, PageParams(100, None, False)).rows)
                print(f"  article search {q!r:28} p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  "
                      f"(first page {min(hits, 20)})")
                all_times.append((p50, p99))
            print(f"article search overall: p50 {statistics.median(t[0] for t in all_times):.1f} ms, "
                  f"worst p99 {max(t[1] for t in all_times):.1f} ms")
            common = vocabulary()[0]  # the corpus's most frequent word: in nearly every article
            p50, p99 = timed(lambda: article_search(common), 10)
            print(f"  (beyond the targets) article search for the most common word {common!r}: "
                  f"p50 {p50:.1f} ms  p99 {p99:.1f} ms: every match is scored")
            person_queries = ["Лукашенку", "Lukashneko", "Kelloh", "Келлогові", "Шевченком"]
            times = []
            for q in person_queries:
                filters = person_service.PersonFilters(q=q)
                times.append(timed(lambda f=filters: person_service.present_persons(
                    session, person_service.list_persons(session, f, None, page).rows), 50))
            print(f"person search: p50 {statistics.median(t[0] for t in times):.1f} ms, "
                  f"worst p99 {max(t[1] for t in times):.1f} ms")
        engine.dispose()


if __name__ == "__main__":
    main()
