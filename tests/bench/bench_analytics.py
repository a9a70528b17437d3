"""Analytics benchmark: timeline, article timeline, relations and graph (and facets) at
`BENCH_ARTICLES` (default 100,000) articles and `BENCH_EVENTS` (default 20,000) events.

A synthetic record written with Core inserts (no search shadow: no `q` is timed): 200 persons of
ten countries, 60 organizations, 120 places, three mentions per article drawn with Zipf-like
weights (so the first person is named in thousands of articles), events of every precision
(day 60 %, month 20 %, year 15 %, unknown 5 %) with two to four participants each.
p50/p99 of each request through the app (routing, validation, serialisation) in-process, on
SQLite, and on PostgreSQL when `TEST_DATABASE_URL` names one (`make bench` starts a throwaway
server; the database is emptied first).
"""

import os
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from tests.bench import UNLIMITED

SEED = 20261126
SPAN = 11 * 525_600  # eleven years, in minutes
NO_ENTITY = {"person_id": None, "organization_id": None, "place_id": None}
COUNTRIES = ["US", "BY", "UA", "RU", "PL", "DE", "FR", "GB", "LT", "CN"]
PRECISIONS = ["day"] * 12 + ["month"] * 4 + ["year"] * 3 + ["unknown"]
TYPES = ["meeting", "visit", "negotiation", "statement", "sanction", "agreement", "protest"]
CAMEO = {"meeting": "040", "visit": "042", "negotiation": "046", "statement": "010", "sanction": "163",
         "agreement": "057", "protest": "141"}


def build(url: str, n_articles: int, n_events: int) -> None:
    from app.db import make_engine
    from app.migrate import upgrade
    from app.models import Article, Event, EventParticipant, EventSource, Mention, Organization, Person, Place

    upgrade(url)
    engine = make_engine(url)
    rng = random.Random(SEED)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as db:
        db.execute(insert(Person), [
            {"id": i, "slug": f"person-{i}", "name": f"Особа {i}", "country": COUNTRIES[i % 10],
             "created_at": now, "updated_at": now, "version": 1} for i in range(1, 201)])
        db.execute(insert(Organization), [
            {"id": i, "slug": f"org-{i}", "name": f"Організація {i}", "country": COUNTRIES[i % 10],
             "created_at": now, "updated_at": now, "version": 1} for i in range(1, 61)])
        db.execute(insert(Place), [
            {"id": i, "slug": f"place-{i}", "name": f"Місце {i}", "kind": "country" if i <= 10 else "city",
             "country_code": COUNTRIES[i % 10], "created_at": now, "updated_at": now, "version": 1}
            for i in range(1, 121)])
        outlets = [f"Outlet {i}" for i in range(12)]
        start = datetime(2015, 1, 1, tzinfo=UTC)
        for first in range(1, n_articles + 1, 5000):
            chunk = range(first, min(first + 5000, n_articles + 1))
            db.execute(insert(Article), [{
                "id": i, "slug": f"article-{i}", "title": f"Стаття {i}", "lead": "", "body": f"Текст {i}.",
                "language": "uk" if i % 5 else "en", "outlet": outlets[i % 12], "content_hash": f"{i:064d}",
                "published_at": None if i % 50 == 0 else start + timedelta(minutes=rng.randrange(SPAN)),
                "created_at": now, "updated_at": now, "version": 1} for i in chunk])
            mentions = []
            for i in chunk:
                for person in busy_and_others(rng, 2):
                    mentions.append({"article_id": i, "person_id": person, "field": "body", "start": 0,
                                     "end": 5, "surface": "Особа"})
                mentions.append({"article_id": i, "place_id": rng.randrange(1, 121), "field": "body",
                                 "start": 6, "end": 10, "surface": "Місце"})
                if i % 3 == 0:
                    mentions.append({"article_id": i, "organization_id": rng.randrange(1, 61),
                                     "field": "body", "start": 11, "end": 15, "surface": "Орг"})
            db.execute(insert(Mention), [NO_ENTITY | m for m in mentions])
        events, participants, sources = [], [], []
        for i in range(1, n_events + 1):
            precision = rng.choice(PRECISIONS)
            day = date(2015, 1, 1) + timedelta(days=rng.randrange(4000))
            start_date = {"day": day, "month": day.replace(day=1), "year": day.replace(month=1, day=1),
                          "unknown": None}[precision]
            kind = rng.choice(TYPES)
            events.append({"id": i, "slug": f"event-{i}", "title": f"Подія {i}", "type": kind,
                           "cameo_code": CAMEO[kind], "date_start": start_date, "date_precision": precision,
                           "place_id": rng.randrange(11, 121), "status": "held", "created_at": now,
                           "updated_at": now, "version": 1})
            for person in busy_and_others(rng, rng.randint(1, 3)):
                participants.append({"event_id": i, "person_id": person, "role": "participant"})
            participants.append({"event_id": i, "place_id": rng.randrange(1, 11), "role": "host"})
            sources.append({"event_id": i, "article_id": rng.randrange(1, n_articles + 1), "start": 0,
                            "end": 5, "quote": "Текст"})
        db.execute(insert(Event), events)
        db.execute(insert(EventParticipant), [NO_ENTITY | p for p in participants])
        db.execute(insert(EventSource), sources)
        if db.dialect.name == "postgresql":
            for table in ("person", "organization", "place", "article", "event"):
                db.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                f"(SELECT max(id) FROM {table}))"))
    with engine.begin() as db:
        db.execute(text("ANALYZE"))
    engine.dispose()


def busy_and_others(rng: random.Random, k: int) -> set[int]:
    """person-1 in one row in ten (as Кіт Келлог in 2,001 of 20,001 articles of the list bench),
    the others evenly."""
    return ({1} if rng.random() < 0.1 else set()) | {rng.randrange(2, 201) for _ in range(k)}


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


REQUESTS = [
    ("timeline, years", "/v1/timeline"),
    ("timeline, months", "/v1/timeline?granularity=month"),
    ("timeline, days", "/v1/timeline?granularity=day&per_bucket=1"),
    ("timeline, a busy person, months", "/v1/timeline?granularity=month&person=person-1"),
    ("timeline, a country, years", "/v1/timeline?country=BY"),
    ("article timeline, months", "/v1/articles/timeline?granularity=month"),
    ("article timeline, a busy person, months", "/v1/articles/timeline?granularity=month&person=person-1"),
    ("article timeline, a rare person, days", "/v1/articles/timeline?granularity=day&person=person-150"),
    ("relations US–BY", "/v1/relations/US/BY?limit=100"),
    ("graph, a busy person, depth 1", "/v1/graph?person=person-1"),
    ("graph, a rare person, depth 2", "/v1/graph?person=person-150&depth=2"),
    ("graph, a busy person, depth 2", "/v1/graph?person=person-1&depth=2"),
]


def measure(url: str, runs: int) -> list[tuple[str, float, float, float, float]]:
    """Each request through the app with its response cache off (every run computes its answer)
    and no access log."""
    os.environ["DATABASE_URL"] = url
    os.environ.pop("READ_DATABASE_URL", None)
    os.environ["RESPONSE_CACHE_ENTRIES"] = "0"
    os.environ["ACCESS_LOG"] = "false"
    os.environ["RATE_LIMIT_ANONYMOUS"] = UNLIMITED
    from fastapi.testclient import TestClient

    from app.config import get_settings
    from app.db import get_engine, get_read_engine
    from app.main import create_app

    get_settings.cache_clear()
    get_engine.cache_clear()
    get_read_engine.cache_clear()
    results = []
    with TestClient(create_app(), base_url="http://localhost") as client:  # a host the app answers
        for name, path in REQUESTS + extra_requests():
            first = client.get(path)
            assert first.status_code == 200, (path, first.text[:300])
            times, cpu = [], []
            for _ in range(runs):
                start, start_cpu = time.perf_counter(), time.process_time()
                client.get(path)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            results.append((name, statistics.median(times), percentile(times, 99), max(times),
                            statistics.median(cpu)))
    get_engine().dispose()
    return results


def extra_requests() -> list[tuple[str, str]]:
    """Facets, when the lists offer them."""
    from app.main import create_app

    listing = create_app().openapi()["paths"]["/v1/articles"]["get"]
    if not any(p["name"] == "facets" for p in listing.get("parameters", [])):
        return []
    return [
        ("article facets, all", "/v1/articles?facets=person,organization,place,outlet,year,language"),
        ("article facets, a busy person", "/v1/articles?person=person-1&facets=person,outlet,year"),
        ("event facets, all", "/v1/events?facets=person,organization,place,type,year"),
        ("event facets, a country", "/v1/events?country=BY&facets=person,type,year"),
    ]


def report(engine: str, results: list[tuple[str, float, float, float, float]]) -> None:
    """Wall-clock p50/p99/max, and the median CPU time of the process (which a busy machine, where
    other work takes the cores, inflates far less than wall-clock time)."""
    for name, p50, p99, most, cpu in results:
        print(f"  {engine:10} {name:42} p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  max {most:6.1f} ms  "
              f"(CPU p50 {cpu:6.1f} ms)")
    print(f"{engine}: worst p99 {max(r[2] for r in results):.1f} ms")


def main() -> None:
    n_articles = int(os.environ.get("BENCH_ARTICLES", "100000"))
    n_events = int(os.environ.get("BENCH_EVENTS", "20000"))
    runs = int(os.environ.get("BENCH_RUNS", "200"))  # a p99 of fewer than 100 runs is their slowest
    saved = {name: os.environ.get(name)
             for name in ("DATABASE_URL", "RESPONSE_CACHE_ENTRIES", "ACCESS_LOG", "RATE_LIMIT_ANONYMOUS")}
    try:
        with tempfile.TemporaryDirectory(prefix="dipnews-bench-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'analytics.db'}"
            started = time.perf_counter()
            build(url, n_articles, n_events)
            print(f"analytics bench: {n_articles} articles, {n_events} events written in "
                  f"{time.perf_counter() - started:.0f} s")
            report("SQLite", measure(url, runs))
        postgres = os.environ.get("TEST_DATABASE_URL", "")
        if postgres.startswith("postgresql"):
            from tests.bench.bench_concurrent import reset_postgres

            reset_postgres(postgres)
            build(postgres, n_articles, n_events)
            report("PostgreSQL", measure(postgres, runs))
        else:
            print("PostgreSQL skipped: TEST_DATABASE_URL is not a PostgreSQL URL")
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


if __name__ == "__main__":
    main()
