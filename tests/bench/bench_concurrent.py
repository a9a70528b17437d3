"""Concurrent read benchmark: dipnews, Datasette and a raw-SQL floor on the same data, one run.

The same SQLite file (`bench_datasette.build`, `BENCH_CONCURRENT_ARTICLES`, default 100,000
articles) is served one process at a time by `dipnews serve --no-setup` (WORKERS=1), by
`datasette serve -i FILE --setting sql_time_limit_ms 30000`, and by the floor
(`tests/bench/floor_app.py`: one `async def`, raw `sqlite3`, orjson, under uvicorn). When
`TEST_DATABASE_URL` names a PostgreSQL database (`make bench` starts a throwaway server), the same
articles are loaded there and dipnews and the floor (psycopg) are measured on it too.

Each server is pinned to the last CPU and `wrk` to the first (`taskset`, when there are ≥ 2),
and sent the five reads of `bench_datasette` (list, get, search, a person's articles, the page
5,000 rows deep) for `BENCH_CONCURRENT_SECONDS` (default 10) after a 2 s warm-up, at 1 and at 32
connections. Before the load the rows are checked to be the same on both sides. Reported per
read: requests/s, p50/p99 latency from wrk, the server's CPU per request (its process tree's
user+system time from /proc over the run), its resident memory afterwards, and the ratio to
Datasette's requests/s. Targets (DESIGN.md, issue 13): ≥ 4× Datasette at 32 connections, p99
below Datasette's, ≤ 0.6 ms of CPU for a get, PostgreSQL within 1.5× of SQLite.
"""

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.bench import UNLIMITED
from tests.bench.bench_datasette import (
    DB,
    DEEP,
    PERSON,
    SEARCH,
    Client,
    build,
    check_rows,
    free_port,
    populate,
    q,
    reads_for,
    start,
    stop,
)

ARTICLES = int(os.environ.get("BENCH_CONCURRENT_ARTICLES", "100000"))
SECONDS = int(os.environ.get("BENCH_CONCURRENT_SECONDS", "10"))
CONNECTIONS = tuple(int(c) for c in os.environ.get("BENCH_CONCURRENT_CONNECTIONS", "1,32").split(","))
# BENCH_CONCURRENT_ONLY=dipnews,datasette measures only the servers whose label starts with one of these
ONLY = tuple(x for x in os.environ.get("BENCH_CONCURRENT_ONLY", "").split(",") if x)
WARMUP_SECONDS = 2
TICKS = os.sysconf("SC_CLK_TCK")
LUA = """
local paths, i = {}, 0
function init(args) for line in io.lines(args[1]) do paths[#paths + 1] = line end end
function request() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
function done(s, latency, r)
  local e = s.errors
  io.write(string.format('RESULT {"requests":%d,"us":%d,"non2xx":%d,"errors":%d,"p50":%d,"p99":%d}\\n',
    s.requests, s.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass
class Result:
    rate: float  # requests/s
    p50: float  # ms
    p99: float
    cpu_ms: float  # server CPU per request
    rss_mb: float
    failed: int  # non-2xx answers and socket errors


def cpus() -> tuple[list[str], list[str]]:
    """taskset prefixes for the load generator and the server: apart when there are two CPUs."""
    n = os.cpu_count() or 1
    if n < 2 or not shutil.which("taskset"):
        return [], []
    return ["taskset", "-c", "0"], ["taskset", "-c", str(n - 1)]


def tree(pid: int) -> list[int]:
    """The process and all its descendants (uvicorn may fork a worker)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += children.get(current, [])
    return out


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def rss_mb(pids: list[int]) -> float:
    """The largest resident set among the server's processes (one worker's)."""
    sizes = [0.0]
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
    return max(sizes)


def wrk(port: int, paths: list[str], connections: int, seconds: int, pin: list[str], tmp: Path) -> dict:
    listing = tmp / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = tmp / "rotate.lua"
    script.write_text(LUA)
    out = subprocess.run(
        [*pin, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script),
         f"http://127.0.0.1:{port}", "--", str(listing)],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def measure(server: subprocess.Popen, port: int, paths: list[str], connections: int, pin: list[str],
            tmp: Path) -> Result:
    wrk(port, paths, connections, WARMUP_SECONDS, pin, tmp)
    pids = tree(server.pid)
    before = cpu_seconds(pids)
    run = wrk(port, paths, connections, SECONDS, pin, tmp)
    used = cpu_seconds(pids) - before
    requests = max(run["requests"], 1)
    return Result(rate=run["requests"] / (run["us"] / 1e6), p50=run["p50"] / 1000, p99=run["p99"] / 1000,
                  cpu_ms=used * 1000 / requests, rss_mb=rss_mb(pids), failed=run["non2xx"] + run["errors"])


@dataclass
class Bench:
    """Where the servers run and the load comes from, and what each measured."""

    tmp: Path
    pin_load: list[str]
    pin_server: list[str]
    results: dict

    def serve(self, label: str, command: list[str], env: dict, port: int, probe: str,
              reads: dict[str, list[str]], pin: list[str] | None = None) -> None:
        """Start one server, send it every read at every connection count, stop it."""
        if ONLY and not label.startswith(ONLY):
            return
        server = start([*(self.pin_server if pin is None else pin), *command], env, port, probe)
        try:
            for name, paths in reads.items():
                for connections in CONNECTIONS:
                    r = measure(server, port, paths, connections, self.pin_load, self.tmp)
                    self.results[(label, name, connections)] = r
                    print(f"  {label:16} {name:7} c={connections:<3} {r.rate:8.0f} req/s  p50 {r.p50:7.2f} "
                          f"p99 {r.p99:7.2f} ms  cpu {r.cpu_ms:6.3f} ms/req  rss {r.rss_mb:5.0f} MB"
                          f"{f'  FAILED {r.failed}' if r.failed else ''}", flush=True)
        finally:
            stop(server)


Reads = dict[str, tuple[list[str], list[str]]]  # name: (dipnews paths, Datasette paths)


def floor_paths(reads: Reads, path: Path, postgres: bool) -> dict[str, list[str]]:
    """The floor's URLs for the same rows: ids from the dipnews paths, the deep bound read off the data."""
    from app.search.query import parse_query
    from app.search.sqlite import match_expression

    ids = [p.rsplit("/", 1)[1] for p in reads["get"][0]]
    with contextlib.closing(sqlite3.connect(path)) as db:  # the last row before the deep page
        value, last = db.execute(
            "select coalesce(published_at, '0001-01-01 00:00:00+00'), id from article order by "
            "coalesce(published_at, '0001-01-01 00:00:00+00') desc, id desc limit 1 offset "
            "min(?, (select count(*) from article) - 1)", (DEEP - 1,)).fetchone()
    if postgres:
        value = value.replace(" ", "T").split(".")[0] + "+00:00"
    out = {"list": ["/list"], "get": [f"/get/{i}" for i in ids], "person": [f"/person?slug={PERSON}"],
           "deep": [f"/deep?v={q(value)}&id={last}"]}
    if not postgres:
        out["search"] = [f"/search?m={q(match_expression(parse_query(SEARCH)))}"]
    return out


def table(results: dict, labels: list[str]) -> None:
    names = ("list", "get", "search", "person", "deep")
    for connections in CONNECTIONS:
        print(f"\n{connections} connection(s): req/s (p50 / p99 ms, CPU ms per request)\n")
        print("| read | " + " | ".join(labels) + " | misses ÷ Datasette | hits ÷ Datasette |")
        print("|---" * (len(labels) + 3) + "|")
        for name in names:
            cells = []
            for label in labels:
                r = results.get((label, name, connections))
                cells.append(f"{r.rate:,.0f} ({r.p50:.0f} / {r.p99:.0f}, {r.cpu_ms:.2f})" if r else "—")
            dip, ds = results.get(("dipnews sqlite", name, connections)), results.get(("datasette", name,
                                                                                        connections))
            ratio = f"**{dip.rate / ds.rate:.2f}×**" if dip and ds and ds.rate else "—"
            hit = results.get(("dipnews hits", name, connections))
            hits = f"**{hit.rate / ds.rate:.1f}×**" if hit and ds and ds.rate else "—"
            print(f"| {name} | " + " | ".join(cells) + f" | {ratio} | {hits} |")


def reset_postgres(url: str) -> None:
    """An empty schema, so the articles get the SQLite file's ids (the reads name them)."""
    from sqlalchemy import text

    from app.db import make_engine

    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def first_check(bin_dir: Path, path: Path, env: dict) -> Reads:
    """The reads' paths on both sides, with their rows checked to be the same."""
    dip_port, ds_port = free_port(), free_port()
    servers = [start([str(bin_dir / "dipnews"), "serve", "--no-setup"],
                     {**env, "DATABASE_URL": f"sqlite:///{path}", "PORT": str(dip_port), "WORKERS": "1"},
                     dip_port, "/health")]
    try:
        servers.append(start([str(bin_dir / "datasette"), "serve", "-i", str(path), "--host", "127.0.0.1",
                              "--port", str(ds_port), "--setting", "sql_time_limit_ms", "30000"],
                             env, ds_port, "/-/versions.json"))
        dip, ds = Client(dip_port), Client(ds_port)
        reads = reads_for(dip, ds, path)
        check_rows(dip, ds, reads)
        dip.close()
        ds.close()
        return reads
    finally:
        for server in servers:
            stop(server)


def main() -> None:
    bin_dir = Path(sys.executable).parent
    if not shutil.which("wrk") or not (bin_dir / "datasette").exists():
        print("skipped: needs wrk and datasette (`make bench` installs both)")
        return
    pin_load, pin_server = cpus()
    postgres_url = os.environ.get("TEST_DATABASE_URL", "")
    dropped = ("READ_DATABASE_URL", "WORKERS", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.setdefault("RATE_LIMIT_ANONYMOUS", UNLIMITED)  # wrk is one client address
    with tempfile.TemporaryDirectory(prefix="dipnews-bench-concurrent-") as name:
        bench = Bench(Path(name), pin_load, pin_server, {})
        path = bench.tmp / f"{DB}.db"
        began = time.perf_counter()
        kept = Path(os.environ["BENCH_CONCURRENT_FILE"]) if os.environ.get("BENCH_CONCURRENT_FILE") else None
        if kept is not None and kept.exists():  # a file an earlier run built (same ARTICLES)
            shutil.copy(kept, path)
        else:
            build(path, ARTICLES)
            if kept is not None:
                shutil.copy(path, kept)
        print(f"built in {time.perf_counter() - began:.0f} s; {SECONDS} s per measurement after "
              f"{WARMUP_SECONDS} s warm-up; server pinned {' '.join(pin_server) or 'nowhere'}, wrk "
              f"{' '.join(pin_load) or 'unpinned'}", flush=True)
        reads = first_check(bin_dir, path, env)
        port = free_port()
        dipnews = [str(bin_dir / "dipnews"), "serve", "--no-setup"]
        dip_reads = {n: d for n, (d, _) in reads.items()}
        floor = [str(bin_dir / "uvicorn"), "tests.bench.floor_app:app", "--host", "127.0.0.1",
                 "--no-access-log", "--port", str(port)]
        # Misses: the response cache off, every request built. Hits: the cache on (wrk repeats the
        # same few URLs, so after the warm-up each is an entry checked against the data version).
        bench.serve("dipnews sqlite", dipnews, {**env, "DATABASE_URL": f"sqlite:///{path}", "WORKERS": "1",
                                                "PORT": str(port), "RESPONSE_CACHE_ENTRIES": "0"},
                    port, "/health", dip_reads)
        if before := os.environ.get("BENCH_CONCURRENT_BEFORE"):  # a checkout of the code before a change
            bench.serve("dipnews before", dipnews,
                        {**env, "DATABASE_URL": f"sqlite:///{path}", "WORKERS": "1", "PORT": str(port),
                         "RESPONSE_CACHE_ENTRIES": "0", "PYTHONPATH": before}, port, "/health", dip_reads)
        bench.serve("dipnews hits", dipnews, {**env, "DATABASE_URL": f"sqlite:///{path}", "WORKERS": "1",
                                              "PORT": str(port)}, port, "/health", dip_reads)
        if (os.cpu_count() or 1) >= 2:  # scale-out: two workers, the server pinned to every CPU
            bench.serve("dipnews 2 workers", dipnews, {**env, "DATABASE_URL": f"sqlite:///{path}",
                                                       "WORKERS": "2", "PORT": str(port),
                                                       "RESPONSE_CACHE_ENTRIES": "0"},
                        port, "/health", dip_reads, pin=[])  # both CPUs (wrk shares one)
        bench.serve("datasette", [str(bin_dir / "datasette"), "serve", "-i", str(path), "--host", "127.0.0.1",
                                  "--port", str(port), "--setting", "sql_time_limit_ms", "30000"],
                    env, port, "/-/versions.json", {n: s for n, (_, s) in reads.items()})
        bench.serve("floor sqlite", floor, {**env, "FLOOR_DATABASE_URL": f"sqlite:///{path}"}, port,
                    "/health", floor_paths(reads, path, postgres=False))
        labels = ["dipnews before", "dipnews sqlite", "dipnews hits", "dipnews 2 workers", "datasette",
                  "floor sqlite"]
        if postgres_url.startswith("postgresql"):
            began = time.perf_counter()
            reset_postgres(postgres_url)
            populate(postgres_url, ARTICLES)
            print(f"PostgreSQL loaded in {time.perf_counter() - began:.0f} s", flush=True)
            bench.serve("dipnews postgres", dipnews, {**env, "DATABASE_URL": postgres_url, "WORKERS": "1",
                                                      "PORT": str(port), "RESPONSE_CACHE_ENTRIES": "0"},
                        port, "/health", dip_reads)
            bench.serve("dipnews postgres hits", dipnews,
                        {**env, "DATABASE_URL": postgres_url, "WORKERS": "1", "PORT": str(port)},
                        port, "/health", dip_reads)
            bench.serve("floor postgres", floor, {**env, "FLOOR_DATABASE_URL": postgres_url}, port, "/health",
                        floor_paths(reads, path, postgres=True))
            labels += ["dipnews postgres", "dipnews postgres hits", "floor postgres"]
        else:
            print("PostgreSQL skipped: TEST_DATABASE_URL is not a PostgreSQL URL")
        table(bench.results, labels)


if __name__ == "__main__":
    main()
