"""Engines per dialect and the request-scoped session dependency."""

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from functools import lru_cache

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

from app.changelog import record_changes
from app.config import get_settings
from app.mentions.matcher import bump_on_name_writes
from app.search.shadow import keep_in_step


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def keep_invariants() -> None:
    """What every write keeps in step, whoever writes (API, CLI, seed, a script): the full-text
    shadow of articles and events, the names version the name matcher cache follows, and the
    change log (written in the transaction it records)."""
    keep_in_step()
    bump_on_name_writes()
    record_changes(Session)


def make_engine(url: str) -> Engine:
    keep_invariants()
    settings = get_settings()
    if is_sqlite(url):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": settings.sqlite_busy_timeout_ms / 1000},
        )
        _configure_sqlite(engine, settings.sqlite_busy_timeout_ms)
        return engine
    pool_size = settings.db_pool_size or settings.threadpool_size
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=0,
        pool_pre_ping=True,
        pool_timeout=30,
        connect_args={"connect_timeout": 5},
    )


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    # pysqlite opens transactions lazily and never for BEGIN-less writes; take control of it so
    # that writers start with BEGIN IMMEDIATE and wait on busy_timeout instead of failing with
    # "database is locked" when they upgrade a read lock.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        writing = connection.get_execution_options().get("writing", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@lru_cache
def get_read_engine() -> Engine:
    url = get_settings().read_database_url
    return make_engine(url) if url else get_engine()


class ReadOnlyDatabase(Exception):
    """The database answers but refuses writes."""


def check_writable(engine: Engine) -> None:
    """Raise ReadOnlyDatabase when `engine`'s database refuses writes (a read-only SQLite file or
    mount, a PostgreSQL standby or read-only default); SQLAlchemyError when it is unreachable.

    Writes nothing. On SQLite a statement that would write no row still asks for the write lock,
    which a read-only file refuses at once; a lock another writer holds proves it writable, so
    the probe waits at most a second for it instead of the busy timeout."""
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            recovering, read_only = connection.exec_driver_sql(
                "SELECT pg_is_in_recovery(), current_setting('transaction_read_only')"
            ).one()
            if recovering or read_only == "on":
                raise ReadOnlyDatabase("the database is a standby or read-only")
            return
        connection.exec_driver_sql("PRAGMA busy_timeout=1000")
        try:
            connection.exec_driver_sql("DELETE FROM alembic_version WHERE 0")
        except OperationalError as exc:
            message = str(exc.orig).lower()
            if "locked" not in message and "busy" not in message:
                raise ReadOnlyDatabase(str(exc.orig)) from exc
        finally:
            connection.rollback()
            connection.exec_driver_sql(f"PRAGMA busy_timeout={int(get_settings().sqlite_busy_timeout_ms)}")


def primary_engine() -> Engine:
    """The engine writes go to (a dependency, so tests can point readiness elsewhere)."""
    return get_engine()


@contextmanager
def reading(session: Session) -> Iterator[Session]:
    """A read-only stretch of a writing request, in a transaction of its own that ends with it.

    On SQLite a writing request's transactions begin IMMEDIATE, taking the one write lock; this
    one begins deferred, so the work inside it (a document's text analysis, building a large
    answer) holds no lock another writer waits on. Write nothing inside.
    """
    if not session.in_transaction():
        session.connection(execution_options={"writing": False})
    try:
        yield session
    finally:
        session.commit()  # ends the read transaction; nothing was written


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request; reads go to the replica when one is configured.

    Async so that opening it costs no trip to the thread pool (a Session connects only at its
    first query, which runs in the endpoint's thread); closing it may talk to the database
    (the rollback that returns a connection to the pool), so that runs in the pool.
    """
    if request.method in SAFE_METHODS:
        engine = get_read_engine()
    else:
        engine = get_engine().execution_options(writing=True)
    session = Session(engine)
    try:
        yield session
    finally:
        await run_in_threadpool(session.close)
