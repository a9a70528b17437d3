"""Start-up and memory benchmark: `dipnews serve` as a user runs it, on loopback.

Cold start: from launching the process to the first 200 of `GET /v1/persons/keith-kellogg`,
on a database already migrated and seeded (the usual restart) and on an empty one (migrate
and seed first). Then a bounded load (`BENCH_REQUESTS`, default 3000 requests from 8 threads
over lists, single resources, search and mentions) and the worker's resident memory.
Targets (DESIGN.md): cold start ≤ 2 s; RSS under load ≤ 200 MB per worker.
"""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.bench import UNLIMITED

RUNS = int(os.environ.get("BENCH_STARTS", "5"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "3000"))
PROBE = "/v1/persons/keith-kellogg"
PATHS = [
    "/v1/articles", "/v1/articles/1", "/v1/articles/1/mentions", "/v1/persons?q=Лукашенку",
    "/v1/events?include=articles", "/v1/search?q=переговорами", "/v1/places/belarus/events",
    "/v1/articles?q=у%20Мінську&include=persons,events", "/v1/persons/keith-kellogg/events",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> int:
    safe = urllib.parse.quote(url, safe=":/?&=%,")
    with urllib.request.urlopen(safe, timeout=10) as response:
        response.read()
        return response.status


def start(database: Path) -> tuple[subprocess.Popen, str, float]:
    """A server on `database`; returns it, its base URL and the seconds to its first 200."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PORT": str(port),
           "RATE_LIMIT_ANONYMOUS": UNLIMITED}
    began = time.perf_counter()
    server = subprocess.Popen([str(Path(sys.executable).parent / "dipnews"), "serve"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(3000):  # 60 s at most
        try:
            if get(base + PROBE) == 200:
                return server, base, time.perf_counter() - began
        except OSError:
            pass
        if server.poll() is not None:
            raise RuntimeError(f"dipnews serve exited with {server.returncode}")
        time.sleep(0.02)
    server.kill()
    raise RuntimeError("dipnews serve did not answer within 60 s")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=20)


def rss_mb(pid: int) -> tuple[float, float]:
    """Current and peak resident memory of a process, in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="dipnews-bench-start-") as tmp:
        database = Path(tmp) / "dipnews.db"
        server, base, first = start(database)
        stop(server)
        print(f"cold start on an empty database (migrate + seed + serve): {first:.2f} s to the first 200")
        times = []
        for _ in range(RUNS):
            server, base, seconds = start(database)
            stop(server)
            times.append(seconds)
        print(f"cold start on a seeded database, {RUNS} runs: median {statistics.median(times):.2f} s, "
              f"worst {max(times):.2f} s (target ≤ 2 s); load average {os.getloadavg()[0]:.1f}")

        server, base, _ = start(database)
        try:
            before = rss_mb(server.pid)[0]
            began = time.perf_counter()
            with ThreadPoolExecutor(max_workers=8) as pool:
                statuses = list(pool.map(lambda i: get(base + PATHS[i % len(PATHS)]), range(REQUESTS)))
            elapsed = time.perf_counter() - began
            current, peak = rss_mb(server.pid)
        finally:
            stop(server)
        bad = sum(status != 200 for status in statuses)
        rate = REQUESTS / elapsed
        print(f"load: {REQUESTS} requests from 8 threads in {elapsed:.1f} s = {rate:.0f} req/s, "
              f"{bad} not 200")
        print(f"worker RSS: {before:.0f} MB idle, {current:.0f} MB after the load, peak {peak:.0f} MB "
              "(target ≤ 200 MB)")


if __name__ == "__main__":
    main()
