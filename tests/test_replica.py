"""READ_DATABASE_URL: reads go to the replica's engine, writes to the primary's.

The "replica" here is the test database itself under a second URL, so both engines see the
same rows; what the test checks is which engine each request checks a connection out of.
Only rejected writes are sent (409, 412, 404), so nothing is committed.
"""

from collections import Counter

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.config import get_settings
from app.db import get_engine, get_read_engine
from app.main import create_app
from tests.helpers import DATABASE_URL, WRITE_HEADERS


def clear_caches() -> None:
    for cached in (get_engine, get_read_engine):
        if cached.cache_info().currsize:
            cached().dispose()
        cached.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def checkouts(engine, monkeypatch):
    """Connections checked out of each engine, counted by a pool event."""
    clear_caches()
    monkeypatch.setenv("DATABASE_URL", DATABASE_URL)
    monkeypatch.setenv("READ_DATABASE_URL", DATABASE_URL)
    primary, replica = get_engine(), get_read_engine()
    assert primary is not replica
    counts: Counter[str] = Counter()
    for name, pool_owner in (("primary", primary), ("replica", replica)):
        event.listen(pool_owner, "checkout", lambda *_args, name=name: counts.update([name]))
    yield counts
    clear_caches()


@pytest.fixture
def replica_client(checkouts):
    with TestClient(create_app(), raise_server_exceptions=False, headers=WRITE_HEADERS) as client:
        yield client


def test_reads_use_the_read_engine(replica_client, checkouts):
    for path in ("/v1/persons/keith-kellogg", "/v1/persons", "/v1/articles", "/v1/events"):
        assert replica_client.get(path).status_code == 200, path
    assert checkouts["replica"] >= 4
    assert checkouts["primary"] == 0


def test_writes_use_the_primary(replica_client, checkouts):
    taken = replica_client.post("/v1/persons", json={"name": "Кіт Келлог", "slug": "keith-kellogg"})
    assert taken.status_code == 409
    stale = replica_client.patch("/v1/persons/keith-kellogg", json={"description": "x"},
                                 headers={"If-Match": '"999999"'})
    assert stale.status_code == 412
    assert replica_client.delete("/v1/persons/no-such-person-here").status_code == 404
    # Two per write, both from the primary: the key checked in a read transaction of its own
    # (so no write lock is held while the body arrives), then the write's own transaction.
    assert checkouts["primary"] == 6
    assert checkouts["replica"] == 0
