"""Fairness under a mixed load: no request may stall the others.

A real `dipnews serve` (one worker) on loopback; 40 asyncio clients for 30 s, each doing three
reads (a list, a name search, a person) to one write (a new person), while one more client posts
1 MB name-dense documents one after another. Reported per engine: 5xx (must be 0), lost writes
(every 201 checked afterwards; must be 0), and the other clients' p50/p99 for reads and writes.
SQLite on a temporary file; PostgreSQL when TEST_DATABASE_URL is set (`make bench` sets it to a
throwaway server; the benchmark empties that database's public schema first).
When the `dipnews keys` command exists, writes carry a key it created (`--scope write`).
`BENCH_FAIRNESS_SECONDS` (30) and `BENCH_FAIRNESS_CLIENTS` (40) change the size.
"""

import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from tests.bench.bench_concurrent import reset_postgres
from tests.bench.dense import name_dense_document
from tests.test_concurrency import free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
SECONDS = float(os.environ.get("BENCH_FAIRNESS_SECONDS", "30"))
CLIENTS = int(os.environ.get("BENCH_FAIRNESS_CLIENTS", "40"))
BIG = 1_000_000
READS = ["/v1/articles?limit=20", "/v1/persons?q=Келлогові", "/v1/persons/keith-kellogg"]


def dipnews(*args: str, env: dict[str, str], **kw) -> subprocess.CompletedProcess:
    command = [shutil.which("dipnews") or "", *args] if shutil.which("dipnews") else [
        sys.executable, "-m", "app.cli", *args]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, **kw)


def write_key(env: dict[str, str]) -> str | None:
    """A write key from `dipnews keys create`, when the command exists."""
    if "keys" not in dipnews("--help", env=env).stdout:
        return None
    name = f"bench-{uuid.uuid4().hex[:6]}"
    created = dipnews("keys", "create", "--name", name, "--scope", "write", env=env)
    found = re.search(r"dn_[A-Za-z0-9_\-]+", created.stdout + created.stderr)
    if created.returncode != 0 or not found:
        raise SystemExit(f"dipnews keys create failed: {created.stdout}{created.stderr}")
    return found.group(0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


class Tally:
    def __init__(self) -> None:
        self.reads: list[float] = []
        self.writes: list[float] = []
        self.big: list[tuple[float, int]] = []
        self.statuses: dict[int, int] = {}
        self.errors: list[str] = []
        self.created: list[str] = []

    def count(self, response: httpx.Response) -> None:
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        if response.status_code >= 500:
            self.errors.append(f"{response.request.method} {response.request.url.path}: "
                               f"{response.status_code} {response.text[:200]}")


async def client_loop(http: httpx.AsyncClient, number: int, until: float, tally: Tally, auth: dict) -> None:
    i = 0
    while time.monotonic() < until:
        for path in READS:
            started = time.perf_counter()
            response = await http.get(path)
            tally.reads.append(time.perf_counter() - started)
            tally.count(response)
        slug = f"fair-{number}-{i}-{uuid.uuid4().hex[:6]}"
        started = time.perf_counter()
        response = await http.post("/v1/persons", headers=auth,
                                   json={"name": f"Тест Клієнт {number} {i}", "slug": slug})
        tally.writes.append(time.perf_counter() - started)
        tally.count(response)
        if response.status_code == 201:
            tally.created.append(slug)
        elif response.status_code < 500:
            tally.errors.append(f"write {slug}: {response.status_code} {response.text[:200]}")
        i += 1


async def big_loop(http: httpx.AsyncClient, until: float, tally: Tally, auth: dict) -> None:
    seed = 0
    while time.monotonic() < until:
        body = name_dense_document(BIG - 1000, seed=1000 + seed).encode()[: BIG - 1000]
        body = body.decode("utf-8", "ignore").encode()
        started = time.perf_counter()
        response = await http.post("/v1/documents", content=body,
                                   headers={**auth, "content-type": "text/plain; charset=utf-8"})
        tally.big.append((time.perf_counter() - started, response.status_code))
        tally.count(response)
        seed += 1


async def load(base_url: str, auth: dict) -> Tally:
    tally = Tally()
    # Idle connections are dropped before uvicorn's 5 s keep-alive timeout closes them: reusing
    # one just as the server closes it is a client-side ReadError, not the server's failure.
    limits = httpx.Limits(max_connections=CLIENTS + 1, max_keepalive_connections=CLIENTS + 1,
                          keepalive_expiry=2)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as http:
        await http.get("/v1/persons?q=Келлог")  # warm the caches once
        until = time.monotonic() + SECONDS
        big = [big_loop(http, until, tally, auth)] if os.environ.get("BENCH_FAIRNESS_BIG", "1") == "1" else []
        await asyncio.gather(*big, *(client_loop(http, n, until, tally, auth) for n in range(CLIENTS)))
        # every acknowledged write is there
        lost = []
        for slug in tally.created:
            check = await http.get(f"/v1/persons/{slug}", headers=auth)
            if check.status_code == 404:
                lost.append(slug)
            elif check.status_code != 200:
                raise SystemExit(f"cannot tell whether {slug} was kept: {check.status_code} "
                                 f"{check.text[:200]}")
        tally.errors = [f"lost write {slug}" for slug in lost] + tally.errors
        tally.lost = len(lost)  # type: ignore[attr-defined]
    return tally


def run(name: str, url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "WORKERS": "1"}
    env.pop("READ_DATABASE_URL", None)
    setup = dipnews("migrate", env=env)
    if setup.returncode != 0:
        raise SystemExit(setup.stderr)
    dipnews("seed", env=env)
    key = write_key(env)
    auth = {"Authorization": f"Bearer {key}"} if key else {}
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--no-setup", "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1"],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(server, base_url)
        tally = asyncio.run(load(base_url, auth))
    finally:
        stop(server)
    five = sum(n for status, n in tally.statuses.items() if status >= 500)
    ms = lambda values, share: percentile(values, share) * 1000  # noqa: E731
    big = [t for t, status in tally.big if status in (200, 201)]
    print(f"{name}: {CLIENTS} clients + one posting 1 MB documents, {SECONDS:.0f} s, "
          f"key: {'yes' if key else 'none'}")
    print(f"  requests {sum(tally.statuses.values())} {dict(sorted(tally.statuses.items()))}; 5xx {five}; "
          f"writes acknowledged {len(tally.created)}, lost {tally.lost}")  # type: ignore[attr-defined]
    for what, values in (("reads ", tally.reads), ("writes", tally.writes)):
        print(f"  {what} p50 {ms(values, 0.5):.0f} ms, p99 {ms(values, 0.99):.0f} ms ({len(values)})")
    print(f"  1 MB documents: {len(tally.big)} posted, {len(big)} stored or found, "
          f"each {min(big, default=0):.1f}-{max(big, default=0):.1f} s; "
          f"load average {os.getloadavg()[0]:.1f}")
    for error in tally.errors[:10]:
        print(f"  ! {error}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="dipnews-bench-fair-") as tmp:
        run("SQLite", f"sqlite:///{Path(tmp) / 'fair.db'}")
    postgres = os.environ.get("TEST_DATABASE_URL")
    if postgres:
        reset_postgres(postgres)
        run("PostgreSQL", postgres)
    else:
        print("PostgreSQL: skipped (TEST_DATABASE_URL unset; `make bench` sets it)")


if __name__ == "__main__":
    main()
