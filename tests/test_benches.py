"""`make bench` runs every benchmark in turn and stops at the first that fails: one that breaks
when the API changes (a write that now needs a key, a load the anonymous rate limit refuses)
takes every later figure with it. Three run here, tiny, as `make bench` runs them.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ENGINE_NAME

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(ENGINE_NAME != "sqlite", reason="the benchmarks choose their engines")


def bench(name: str, **settings: str) -> str:
    """`python -m tests.bench NAME` as `make bench` runs it, on its own SQLite files (never the
    test database: without TEST_DATABASE_URL no benchmark touches PostgreSQL)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("TEST_DATABASE_URL", "DATABASE_URL", "READ_DATABASE_URL")} | settings
    done = subprocess.run([sys.executable, "-m", "tests.bench", name], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_conditional_benchmark_patches_with_a_key_and_revalidates():
    out = bench("bench_conditional", BENCH_ROUNDS="3")
    assert "PATCH with If-Match (3x): CPU median" in out
    assert "GET with If-None-Match → 304 (3x)" in out


def test_the_analytics_benchmark_times_every_read():
    out = bench("bench_analytics", BENCH_ARTICLES="300", BENCH_EVENTS="60", BENCH_RUNS="2")
    assert "300 articles, 60 events written" in out
    for read in ("timeline, days", "relations US–BY", "graph, a busy person, depth 2", "event facets, all"):
        assert f"SQLite     {read}" in out
    assert "PostgreSQL skipped" in out


def test_the_startup_benchmark_loads_a_server_beyond_the_anonymous_limit():
    out = bench("bench_startup", BENCH_STARTS="1", BENCH_REQUESTS="1100")  # the limit: 1,000 a minute
    assert "1100 requests from 8 threads" in out
    assert ", 0 not 200" in out
