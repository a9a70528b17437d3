"""/ready means the database is reachable AND writable (DESIGN): a read-only database is a 503."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from app.db import make_engine, primary_engine
from tests.helpers import DATABASE_URL, ENGINE_NAME, assert_problem


def read_only_url() -> str:
    url = make_url(DATABASE_URL)
    if ENGINE_NAME == "sqlite":  # the suite's file, opened read-only (root ignores file modes)
        return f"sqlite:///file:{url.database}?mode=ro&uri=true"
    # a server whose transactions are read-only by default, as a standby's are
    return url.update_query_dict({"options": "-c default_transaction_read_only=on"}).render_as_string(
        hide_password=False
    )


@pytest.fixture
def read_only_engine(engine) -> Iterator[Engine]:
    read_only = make_engine(read_only_url())
    yield read_only
    read_only.dispose()


def test_ready_is_ok_while_the_database_takes_writes(client):
    assert client.get("/ready").json() == {"status": "ok"}


def test_ready_is_a_503_while_every_write_would_fail(app, client, read_only_engine):
    app.dependency_overrides[primary_engine] = lambda: read_only_engine
    problem = assert_problem(client.get("/ready"), 503)
    assert "read-only" in problem["detail"]
    assert client.get("/health").json() == {"status": "ok"}  # alive, just not ready
