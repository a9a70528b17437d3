"""One suite, two engines: SQLite by default, PostgreSQL when TEST_DATABASE_URL is set.

The database is migrated and seeded once per session; each test runs inside a transaction
that is rolled back, through the real HTTP stack (TestClient) with the session dependency
bound to that transaction.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import Engine, text
from sqlmodel import Session

from app.config import get_settings  # noqa: E402
from app.db import get_engine, get_session, make_engine  # noqa: E402
from app.ingest.seed import seed  # noqa: E402
from app.main import create_app  # noqa: E402
from app.migrate import upgrade  # noqa: E402
from app.models import ApiKey  # noqa: E402
from app.services.keys import hash_secret  # noqa: E402
from tests.helpers import (  # noqa: I001  (sets DATABASE_URL first)
    ADMIN_HEADERS,
    DATABASE_URL,
    ENGINE_NAME,
    TEST_KEYS,
    session_override,
)


def pytest_report_header(config):
    return f"dipnews database engine: {ENGINE_NAME} ({DATABASE_URL.split('@')[-1]})"


def reset_database(url: str) -> None:
    """An empty database: drop everything a previous run left."""
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def engine() -> Iterator[Engine]:
    get_settings.cache_clear()
    get_engine.cache_clear()
    reset_database(DATABASE_URL)
    upgrade(DATABASE_URL)
    engine = get_engine()
    with Session(engine) as session:
        seed(session)
        for name, (scope, secret) in TEST_KEYS.items():
            session.add(ApiKey(name=name, prefix=secret[:10], secret_hash=hash_secret(secret), scope=scope))
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose commits become savepoints of one transaction, rolled back afterwards."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()


@pytest.fixture
def app(session: Session):
    app = create_app()
    app.dependency_overrides[get_session] = session_override(session)
    return app


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    """The suite's client sends an admin key; `anonymous` sends none."""
    with TestClient(app, raise_server_exceptions=False, headers=ADMIN_HEADERS) as client:
        yield client


@pytest.fixture
def anonymous(app) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client

