"""Fair use: a budget per key and per client address; over it, a 429 problem with Retry-After;
RateLimit headers on every answer; with REDIS_URL, two workers draw on one budget."""

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from app.db import get_session
from app.main import create_app
from tests.access.live import free_port, serve
from tests.helpers import WRITE_HEADERS, assert_problem, session_override


@pytest.fixture
def small_budgets(session, monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_ANONYMOUS", "3/minute")
    monkeypatch.setenv("RATE_LIMIT_KEY", "5/minute")
    get_settings.cache_clear()
    app = create_app()
    app.dependency_overrides[get_session] = session_override(session)
    yield app
    monkeypatch.undo()
    get_settings.cache_clear()


def test_an_address_over_its_budget_gets_429_and_a_key_has_its_own(small_budgets):
    with TestClient(small_budgets, raise_server_exceptions=False) as anonymous:
        first = anonymous.get("/v1/persons/keith-kellogg")
        assert first.headers["ratelimit-policy"] == '"address";q=3;w=60'
        assert first.headers["ratelimit"].startswith('"address";r=2;t=')
        anonymous.get("/v1/persons")
        anonymous.get("/v1/articles")
        refused = anonymous.get("/v1/persons/keith-kellogg")
        problem = assert_problem(refused, 429)
        assert "3 requests in 60 s" in problem["detail"]
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert refused.headers["ratelimit"].startswith('"address";r=0;')

        keyed = anonymous.get("/v1/persons/keith-kellogg", headers=WRITE_HEADERS)
        assert keyed.status_code == 200
        assert keyed.headers["ratelimit-policy"] == '"key";q=5;w=60'
        assert anonymous.get("/health").status_code == 200  # probes are never limited


@pytest.fixture(scope="module")
def redis_url():
    """TEST_REDIS_URL (make test starts one), else a redis-server of our own on a free port."""
    if os.environ.get("TEST_REDIS_URL"):
        yield os.environ["TEST_REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed and TEST_REDIS_URL is unset; `make test` provides one")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="dipnews-redis-") as tmp:
        server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                   "--appendonly", "no", "--dir", tmp],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout:
                    break
                time.sleep(0.1)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            server.terminate()
            server.wait(timeout=10)


def test_two_workers_share_one_budget_in_redis(engine, redis_url):
    """30 requests a minute for one address, two workers: 30 of 45 concurrent requests pass,
    and then both workers refuse, each having served fewer than 30 itself (with a budget per
    worker, the one that served fewer would still answer 200)."""
    namespace = f"dipnews-test-{uuid.uuid4().hex[:8]}"
    budget, sent = 30, 45
    with serve(workers=2, REDIS_URL=redis_url, RATE_LIMIT_ANONYMOUS=f"{budget}/minute",
               RATE_LIMIT_NAMESPACE=namespace) as server:

        def one(i: int) -> int:  # a connection of its own each, so either worker may take it
            return httpx.get(f"{server.url}/v1/persons/keith-kellogg",
                             headers={"X-Request-ID": f"shared-{i}"}, timeout=30).status_code

        with ThreadPoolExecutor(15) as pool:
            statuses = Counter(pool.map(one, range(sent)))
            assert statuses == {200: budget, 429: sent - budget}
            # more refusals until both workers have refused at least once (the kernel spreads
            # connections between them; a few rounds at most)
            for round_ in range(1, 11):
                ids = range(sent * round_, sent * round_ + 15)
                assert set(pool.map(one, ids)) == {429}
                log = server.access_log(until_request_id=f"shared-{ids[-1]}")
                refusing = {line["worker"] for line in log if line["status"] == 429}
                if len(refusing) == 2:
                    break
    served = Counter(line["worker"] for line in log if line["status"] == 200
                     and line["request_id"].startswith("shared-"))
    assert len(refusing) == 2, "both workers refused once the shared budget was spent"
    assert sum(served.values()) == budget
    # a worker that served fewer than the budget itself refused: the budget is not per worker
    assert any(served[worker] < budget for worker in refusing)
    counters = subprocess.run(["redis-cli", "-u", redis_url, "--scan", "--pattern", f"{namespace}*"],
                              capture_output=True, text=True).stdout.split()
    assert counters, "the counters live in Redis"


def test_a_csv_of_many_pages_costs_one_request(small_budgets):
    with TestClient(small_budgets, raise_server_exceptions=False) as anonymous:
        csv = anonymous.get("/v1/persons?limit=1", headers={"Accept": "text/csv"})
        assert csv.status_code == 200
        assert len(csv.text.splitlines()) > 3  # a header and a row per person, read a page at a time
        assert anonymous.get("/v1/persons").headers["ratelimit"].startswith('"address";r=1;')
