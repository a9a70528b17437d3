"""Side-by-side read benchmark: dipnews against Datasette serving the same SQLite file, one run.

One temp SQLite file: migrated, seeded, plus `BENCH_DATASETTE_ARTICLES` (default 20000) synthetic
articles from tests/bench/bench_search.py's corpus, each given a distinct `published_at`, one in
ten naming Keith Kellogg (linked to mentions by the app's own linker). Both servers read that file
as their command lines start them, one process each, on free loopback ports:
`dipnews serve --no-setup` with its response cache off (every answer computed, as Datasette's;
`bench_concurrent` measures the hits) and `datasette serve -i FILE` (immutable mode, Datasette's
documented fast path: no locking, no change checks; its settings are otherwise the defaults).

Five reads, each asked of both servers for the same rows (checked: the same ids come back):
  list    /v1/articles?limit=20
          /bench/article.json?_sort_desc=published_at&_size=20&_nocol=body
  get     /v1/articles/{id}  vs  /bench/article/{id}.json (the same 100 ids in turn)
  search  /v1/articles?q=Лукашенку (lemmatized, bm25-ranked, snippets made from the text)
          /bench.json?sql=... the same FTS5 MATCH on article_fts, ordered by the same
          bm25(article_fts, 4.0, 1.0), id, LIMIT 20, joined to article; Datasette is handed the
          MATCH expression dipnews builds, so it does no morphology and makes no snippets
  person  /v1/persons/keith-kellogg/articles
          /bench.json?sql=... articles whose id is in the person's mentions (person by slug),
          ORDER BY published_at DESC, id DESC LIMIT 20
  deep    the page 5000 rows down (each side's own keyset token, fetched once beforehand)
          /v1/articles?limit=20&cursor=...  vs  the list URL above with &_next=...
Lists leave the body out on both sides (dipnews' summaries have none; `_nocol=body`), and
Datasette's table pages get `_nocount=1&_nofacet=1&_nosuggest=1`: dipnews counts only on
`count=true` and has no facets, so Datasette is spared work the dipnews answer does not do (one
line at the end shows its list with every default on, 50 requests, for reference).

Client: one http.client keep-alive connection per server, the same code and headers for both;
`BENCH_DATASETTE_REQUESTS` (default 500) sequential requests per read and server, interleaved
request by request (dipnews, Datasette, dipnews, ...) after 50 untimed warm-up requests each;
then a mixed concurrent load (8 threads, own connections) on each server in turn.
Target (DESIGN.md): reads 4× faster than Datasette (ratio of p50s) and p99 below its p99.
"""

import contextlib
import http.client
import itertools
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

from sqlmodel import Session

from app.db import make_engine
from app.ingest.seed import load_documents, seed
from app.mentions.linking import build_matcher, link_articles
from app.migrate import upgrade
from app.search.query import parse_query
from app.search.sqlite import BODY_WEIGHT, TITLE_WEIGHT, match_expression
from app.text.names import case_forms
from tests.bench import UNLIMITED
from tests.bench.bench_search import corpus, percentile

ARTICLES = int(os.environ.get("BENCH_DATASETTE_ARTICLES", "20000"))
REQUESTS = int(os.environ.get("BENCH_DATASETTE_REQUESTS", "500"))
WARMUP = 50
DEEP = 5000  # rows before the deep page
THREADS, PER_THREAD = 8, 100  # the concurrent load: 800 requests per server
REFERENCE = 50  # Datasette's list with every default on takes ~0.4 s a request here
SEARCH = "Лукашенку"
PERSON = "keith-kellogg"
DB = "bench"  # Datasette names the database after the file's stem
SUMMARY = ("id, slug, title, lead, language, published_at, outlet, original_source, url, content_hash, "
           "created_at, updated_at, version")  # dipnews' ArticleSummary: everything but the body
LEAN = "_nocount=1&_nofacet=1&_nosuggest=1"
DS_LIST = f"/{DB}/article.json?_sort_desc=published_at&_size=20&_nocol=body&{LEAN}"
SEARCH_SQL = (
    f"select {', '.join('a.' + c for c in SUMMARY.split(', '))} from (select rowid as id, "
    f"bm25(article_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) as rank from article_fts "
    "where article_fts match :m order by rank, id limit 20) as h join article a on a.id = h.id "
    "order by h.rank, h.id"
)
PERSON_SQL = (
    f"select {SUMMARY} from article where id in (select article_id from mention where person_id = "
    "(select id from person where slug = :slug)) order by published_at desc, id desc limit 20"
)


def q(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One keep-alive HTTP/1.1 connection; reconnects (untimed) when the server closed it."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path: str) -> bytes:
        for attempt in range(2):
            try:
                self.connection.request("GET", path)
                response = self.connection.getresponse()
                body = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionError, http.client.CannotSendRequest):
                self.connection.close()
                if attempt:
                    raise
        if response.status != 200:
            raise RuntimeError(f"GET {path} on :{self.port} answered {response.status}: {body[:300]!r}")
        return body

    def json(self, path: str):
        return json.loads(self.get(path))

    def close(self) -> None:
        self.connection.close()


def populate(url: str, n: int) -> None:
    """Migrate, seed, and add `n` corpus articles, one in ten naming Keith Kellogg (either engine)."""
    upgrade(url)
    engine = make_engine(url)
    forms = list(case_forms("Кіт Келлог").values())
    newest = datetime(2026, 11, 1, tzinfo=UTC)
    with Session(engine.execution_options(writing=True)) as session:
        seed(session, load_documents())
        session.commit()
        matcher = build_matcher(session)
        articles = enumerate(corpus(n))
        while batch := list(itertools.islice(articles, 1000)):
            for i, article in batch:
                article.published_at = newest - timedelta(minutes=37 * i + 11)  # distinct: no ties
                if i % 10 == 0:
                    article.body = f"{forms[i // 10 % len(forms)]} {article.body}"
            rows = [article for _, article in batch]
            session.add_all(rows)
            session.flush()
            link_articles(session, rows, matcher)
            session.commit()
            session.expunge_all()
    if engine.dialect.name == "postgresql":
        # statistics for the planner, as after any bulk load (autovacuum would get there later,
        # midway through a measurement); SQLite's file is measured as Datasette reads it, unanalysed
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
    engine.dispose()  # SQLite: the last connection checkpoints the WAL, the file alone holds everything


def build(path: Path, n: int) -> None:
    """`populate` a SQLite file and check it holds every article and its FTS row."""
    populate(f"sqlite:///{path}", n)
    with contextlib.closing(sqlite3.connect(path)) as db:
        articles_n, shadows, kellogg = db.execute(
            "select (select count(*) from article), (select count(*) from article_fts), "
            "(select count(distinct article_id) from mention join person on person.id = person_id "
            "where slug = ?)", (PERSON,)).fetchone()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if articles_n != shadows or articles_n < n:
        raise RuntimeError(f"corpus incomplete: {articles_n} articles, {shadows} FTS rows")
    print(f"database: {articles_n} articles ({n} synthetic), {kellogg} naming {PERSON}, "
          f"{path.stat().st_size / 1e6:.0f} MB")


def start(command: list[str], env: dict, port: int, probe: str) -> subprocess.Popen:
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):  # 60 s at most
        try:
            with contextlib.closing(http.client.HTTPConnection("127.0.0.1", port, timeout=5)) as c:
                c.request("GET", probe)
                if c.getresponse().status == 200:
                    return server
        except OSError:
            pass
        if server.poll() is not None:
            raise RuntimeError(f"{command[0]} exited with {server.returncode}")
        time.sleep(0.1)
    stop(server)
    raise RuntimeError(f"{command[0]} did not answer within 60 s")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=20)


def ds_ids(body: dict) -> list[int]:
    return [row[body["columns"].index("id")] for row in body["rows"]]


def deep_tokens(dip: Client, ds: Client) -> tuple[str, str]:
    """Each side's own token for the page that starts `DEEP` rows down, by paging 100 at a time."""
    cursor, token = None, None
    for _ in range(DEEP // 100):
        page = dip.json("/v1/articles?limit=100" + (f"&cursor={q(cursor)}" if cursor else ""))
        cursor = page["next_cursor"]
        body = ds.json(DS_LIST.replace("_size=20", "_size=100") + (f"&_next={q(token)}" if token else ""))
        token = body["next"]
    return cursor, token


def timed(client: Client, path: str) -> float:
    began = time.perf_counter()
    client.get(path)
    return (time.perf_counter() - began) * 1000


def concurrent(port: int, paths: list[str]) -> tuple[float, float, float]:
    """Requests/s, p50 and p99 (ms) of THREADS clients each sending PER_THREAD of `paths` in turn."""
    def worker(offset: int) -> list[float]:
        client = Client(port)
        try:
            return [timed(client, paths[(offset + i) % len(paths)]) for i in range(PER_THREAD)]
        finally:
            client.close()

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        times = [t for ts in pool.map(worker, range(THREADS)) for t in ts]
    elapsed = time.perf_counter() - began
    return len(times) / elapsed, statistics.median(times), percentile(times, 99)


def main() -> None:
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "datasette").exists():
        print("skipped: datasette is not installed (`make bench` syncs the bench dependency group)")
        return
    with tempfile.TemporaryDirectory(prefix="dipnews-bench-datasette-") as tmp:
        path = Path(tmp) / f"{DB}.db"
        began = time.perf_counter()
        build(path, ARTICLES)
        print(f"built in {time.perf_counter() - began:.0f} s; datasette {version('datasette')} "
              f"(serve -i, default settings), SQLite {sqlite3.sqlite_version}, Python "
              f"{sys.version.split()[0]}, {os.cpu_count()} CPUs")
        dip_port, ds_port = free_port(), free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("READ_DATABASE_URL", "WORKERS")}
        dip_env = {**env, "DATABASE_URL": f"sqlite:///{path}", "PORT": str(dip_port), "WORKERS": "1",
                   "RATE_LIMIT_ANONYMOUS": UNLIMITED,
                   # the same URLs again and again: with its response cache on, dipnews would
                   # answer from it (hits) while Datasette computes every answer
                   "RESPONSE_CACHE_ENTRIES": "0"}
        servers = [start([str(bin_dir / "dipnews"), "serve", "--no-setup"], dip_env, dip_port, "/health")]
        try:
            servers.append(start([str(bin_dir / "datasette"), "serve", "-i", str(path), "--host", "127.0.0.1",
                                  "--port", str(ds_port)], env, ds_port, "/-/versions.json"))
            run(Client(dip_port), Client(ds_port), dip_port, ds_port, path)
        finally:
            for server in servers:
                stop(server)


def reads_for(dip: Client, ds: Client, path: Path) -> dict[str, tuple[list[str], list[str]]]:
    """The five reads, {name: (dipnews paths, Datasette paths)}: lists of one unless ids rotate."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        ids = [row[0] for row in db.execute("select id from article order by id")]
    get_ids = random.Random(20261125).sample(ids, 100)
    cursor, token = deep_tokens(dip, ds)
    match = match_expression(parse_query(SEARCH))
    return {
        "list": (["/v1/articles?limit=20"], [DS_LIST]),
        "get": ([f"/v1/articles/{i}" for i in get_ids], [f"/{DB}/article/{i}.json" for i in get_ids]),
        "search": ([f"/v1/articles?q={q(SEARCH)}"], [f"/{DB}.json?sql={q(SEARCH_SQL)}&m={q(match)}"]),
        "person": ([f"/v1/persons/{PERSON}/articles"], [f"/{DB}.json?sql={q(PERSON_SQL)}&slug={PERSON}"]),
        "deep": ([f"/v1/articles?limit=20&cursor={q(cursor)}"], [DS_LIST + f"&_next={q(token)}"]),
    }


def check_rows(dip: Client, ds: Client, reads: dict[str, tuple[list[str], list[str]]]) -> None:
    """The same rows on both sides, or say so."""
    for name, (dip_paths, ds_paths) in reads.items():
        for a, b in zip(dip_paths[:3], ds_paths[:3], strict=True):
            left, right = dip.json(a), ds.json(b)
            mine = [left["id"]] if name == "get" else [item["id"] for item in left["items"]]
            if mine != ds_ids(right) or len(mine) != (1 if name == "get" else 20):
                print(f"  WARNING: {name}: the two servers returned different rows for {a} / {b}")


def run(dip: Client, ds: Client, dip_port: int, ds_port: int, path: Path) -> None:
    match = match_expression(parse_query(SEARCH))
    with contextlib.closing(sqlite3.connect(path)) as db:
        hits = db.execute("select count(*) from article_fts where article_fts match ?", (match,)).fetchone()
    reads = reads_for(dip, ds, path)
    check_rows(dip, ds, reads)
    print(f"search {SEARCH!r}: Datasette gets MATCH {match!r}; {hits[0]} articles match")
    print(f"{REQUESTS} sequential requests per read and server, interleaved; ms; ratio = Datasette p50 / "
          "dipnews p50 (target ≥ 4×, and dipnews p99 below Datasette's)")
    met = 0
    for name, (dip_paths, ds_paths) in reads.items():
        for i in range(WARMUP):
            dip.get(dip_paths[i % len(dip_paths)])
            ds.get(ds_paths[i % len(ds_paths)])
        dip_times, ds_times = [], []
        for i in range(REQUESTS):
            dip_times.append(timed(dip, dip_paths[i % len(dip_paths)]))
            ds_times.append(timed(ds, ds_paths[i % len(ds_paths)]))
        d50, d99 = statistics.median(dip_times), percentile(dip_times, 99)
        s50, s99 = statistics.median(ds_times), percentile(ds_times, 99)
        ok = s50 / d50 >= 4 and d99 < s99
        met += ok
        print(f"  {name:7} dipnews p50 {d50:6.2f} p99 {d99:6.2f} | datasette p50 {s50:6.2f} p99 {s99:6.2f} | "
              f"{s50 / d50:5.2f}× | dipnews p99 {'below' if d99 < s99 else 'NOT below'} datasette's"
              f"{'' if ok else '  (target missed)'}")
    print(f"target met on {met} of {len(reads)} reads")
    dip.close()
    ds.close()
    mixed = [(d[0], s[0]) for d, s in reads.values()]
    for label, port, paths in (("dipnews", dip_port, [d for d, _ in mixed]),
                               ("datasette", ds_port, [s for _, s in mixed])):
        rate, p50, p99 = concurrent(port, paths)
        print(f"  concurrent, {THREADS} threads x {PER_THREAD} mixed reads, {label:9}: {rate:6.0f} req/s, "
              f"p50 {p50:6.2f} ms, p99 {p99:6.2f} ms")
    ds = Client(ds_port)
    full = f"/{DB}/article.json?_sort_desc=published_at&_size=20"
    for _ in range(5):
        ds.get(full)
    times = [timed(ds, full) for _ in range(REFERENCE)]
    ds.close()
    print(f"  (reference) datasette list with its defaults (body, count, suggested facets), {REFERENCE} "
          f"requests: p50 {statistics.median(times):.2f} ms, max {max(times):.2f} ms")


if __name__ == "__main__":
    main()
