"""Engines per dialect and the request-scoped session dependency."""

import asyncio
import select
import sqlite3
import threading
import weakref
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, TypeVar

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, OperationalError
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
    keep_data_version()  # after the change log: its writes are the transaction's last but this


WROTE = "dipnews.wrote"  # DBAPI connection info: a write since the last commit or rollback
HAS_VERSION_ROW = "dipnews.has_data_version"
DML = ("INSERT", "UPDATE", "DELETE", "REPLAC")
BUMP = "UPDATE data_version SET version = version + 1 WHERE id = 1"


def keep_data_version() -> None:
    """Every transaction that writes anything bumps `data_version` before it commits, in that
    transaction: the response cache (app.api.cache) serves an entry only while the row still
    holds the version it was built at. Writes are seen at the cursor (ORM, Core and raw SQL
    alike); the bump runs in `Session.before_commit`, the moment the change log also writes."""
    if not event.contains(Engine, "before_cursor_execute", _note_write):
        event.listen(Engine, "before_cursor_execute", _note_write)
        event.listen(Engine, "commit", _forget_write)
        event.listen(Engine, "rollback", _forget_write)
        event.listen(Session, "before_commit", _bump_data_version)


def _note_write(connection, _cursor, statement: str, _parameters, _context, _executemany) -> None:
    if statement.lstrip()[:6].upper() in DML and statement is not BUMP:
        connection.info[WROTE] = True


def _forget_write(connection) -> None:
    connection.info.pop(WROTE, None)


def _bump_data_version(session: Session) -> None:
    # `before_commit` also fires when a savepoint is released: the transaction's commit bumps
    if not session.in_transaction() or session.in_nested_transaction():
        return
    connection = session.connection()
    if not connection.info.get(WROTE):
        return
    if not connection.info.get(HAS_VERSION_ROW):
        # A database before revision 0010data (a migration test, an old file): nothing to bump.
        exists = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'data_version'" if connection.dialect.name == "sqlite"
            else "SELECT to_regclass('data_version')"
        ).scalar()
        if not exists:
            return
        connection.info[HAS_VERSION_ROW] = True
    connection.exec_driver_sql(BUMP)


def make_engine(url: str) -> Engine:
    keep_invariants()
    settings = get_settings()
    pool_size = settings.db_pool_size or settings.threadpool_size
    if is_sqlite(url):
        # A checkout never waits: SQLite connections are cheap (a file handle and a 512 KiB page
        # cache) and WAL lets the readers run beside the writer. A bounded pool deadlocked as
        # soon as more requests were in flight than threads: a request keeps its connection from
        # its endpoint until its session is closed, across the trip to the thread pool that
        # validates its answer, while every thread waited for a connection (30 s, then 503 for
        # all; THREADPOOL_SIZE=8 under 40 clients showed it). The pool keeps `pool_size` idle.
        overflow = -1
        engine = create_engine(
            url,
            pool_size=pool_size,
            max_overflow=overflow,
            pool_timeout=30,
            connect_args={"check_same_thread": False, "timeout": settings.sqlite_busy_timeout_ms / 1000},
        )
        _configure_sqlite(engine, settings.sqlite_busy_timeout_ms, settings.sqlite_cache_kib)
        return engine
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=30,
        connect_args={"connect_timeout": 5},
    )
    event.listen(engine, "checkout", _still_open)
    return engine


def _still_open(dbapi_connection, _record, _proxy) -> None:
    """A pooled PostgreSQL connection the server has closed (a restart, an idle timeout, a
    terminated backend) is replaced before use, without a round trip: an idle connection has
    nothing to read, so a socket with something to read (the server's goodbye, or the end of the
    stream) or in error is given up and the pool connects anew. A `SELECT 1` before every request
    (`pool_pre_ping`) had added a round trip to each: under load, 18% of an article get's
    samples, most of them waiting on the server."""
    if dbapi_connection.closed or dbapi_connection.broken:
        raise DisconnectionError("the connection is closed")
    try:
        poll = select.poll()
        poll.register(dbapi_connection.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
        ready = poll.poll(0)
    except (OSError, ValueError) as error:
        raise DisconnectionError(f"the connection's socket is gone: {error}") from error
    if ready:
        raise DisconnectionError("the server has closed the connection")


def _configure_sqlite(engine: Engine, busy_timeout_ms: int, cache_kib: int) -> None:
    # pysqlite opens transactions lazily and never for BEGIN-less writes; take control of it so
    # that writers start with BEGIN IMMEDIATE and wait on busy_timeout instead of failing with
    # "database is locked" when they upgrade a read lock.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL is a property of the file: set it once. Setting it again on every new connection
        # takes a lock, and waits behind a writer (on the event loop, for a SQLite read).
        if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Each pooled connection keeps its own page cache (SQLite's default: 2 MB): under 32
        # concurrent searches that was 80 MB of a worker's memory for no measured speed.
        cursor.execute(f"PRAGMA cache_size={-int(cache_kib)}")
        cursor.close()

    # The process's writers take turns in arrival order before they ask SQLite for its lock:
    # SQLite's busy handler polls with growing sleeps and favours no one, so under forty
    # concurrent writers some waited out the whole busy timeout (503) while later ones went
    # first. busy_timeout still bounds the wait, and still arbitrates with other processes.
    turns = WriteTurns(busy_timeout_ms / 1000)

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if not connection.get_execution_options().get("writing", False):
            # a deferred BEGIN takes no lock; straight to the driver, a third of a read's session cost
            connection.connection.driver_connection.execute("BEGIN")
            return
        if not turns.acquire():
            raise OperationalError("BEGIN IMMEDIATE", None, sqlite3.OperationalError(
                f"database is locked: no turn to write within {busy_timeout_ms} ms"))
        connection.info[HOLDS_TURN] = turns
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _end_turn(connection)
            raise

    event.listen(engine, "commit", _end_turn)
    event.listen(engine, "rollback", _end_turn)

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):  # a connection returned mid-transaction
        if record is not None and (held := record.info.pop(HOLDS_TURN, None)) is not None:
            held.release()


HOLDS_TURN = "dipnews.holds_write_turn"  # DBAPI connection info: its WriteTurns, while it writes


def _end_turn(connection) -> None:
    held = connection.info.pop(HOLDS_TURN, None)
    if held is not None:
        held.release()


class WriteTurns:
    """A lock handed to its waiters in arrival order (threading.Lock wakes any of them). Not
    owned by a thread: a session may be closed, and its transaction ended, on another."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._mutex = threading.Lock()
        self._queue: deque[threading.Lock] = deque()
        self._held = False

    def acquire(self) -> bool:
        with self._mutex:
            if not self._held:
                self._held = True
                return True
            turn = threading.Lock()
            turn.acquire()
            self._queue.append(turn)
        if turn.acquire(timeout=self.timeout_s):
            return True  # handed over by release(): held for us
        with self._mutex:
            if turn in self._queue:
                self._queue.remove(turn)
                return False
        return True  # handed over just as the wait ended: take it

    def release(self) -> None:
        with self._mutex:
            if self._queue:
                self._queue.popleft().release()  # stays held, by the next in line
            else:
                self._held = False


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
            if "readonly" in message or "read-only" in message:
                raise ReadOnlyDatabase(str(exc.orig)) from exc
            if "locked" not in message and "busy" not in message:
                raise
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
    answer) holds no lock another writer waits on. Write nothing inside. Inside a write
    transaction already open it would protect nothing, so that is refused.
    """
    if not session.in_transaction():
        session.connection(execution_options={"writing": False})
    elif session.connection().get_execution_options().get("writing"):
        raise RuntimeError("reading() inside a write transaction: commit or roll back first")
    try:
        yield session
    finally:
        session.commit()  # ends the read transaction; nothing was written


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


T = TypeVar("T")

# Set for a quick SQLite read: its sync endpoint, sync dependencies and response validation run
# on the event loop (`run_sync`) instead of a trip to the thread pool each. A WAL read never waits
# on a lock, and one resource or one page takes less than the hops (an article get: 0.70 → 0.59
# ms of CPU, 1,430 → 1,700 req/s under 32 connections). Which reads are quick is the API's call:
# `app.state.<READS_ON_LOOP>(request)` (`app.api.deps.quick_read`); heavy reads (search, facets,
# counts, analytics), PostgreSQL and every write keep the pool, so the loop never blocks on the
# network, on a lock or on a long computation while other requests wait.
INLINE: ContextVar[bool] = ContextVar("dipnews.inline", default=False)
READS_ON_LOOP = "reads_on_loop"


async def run_sync(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`run_in_threadpool`, unless this request's work belongs on the loop (INLINE)."""
    if INLINE.get():
        return func(*args, **kwargs)
    return await run_in_threadpool(func, *args, **kwargs)


READS_AFTER_COMMIT = "dipnews.reads_after_commit"  # Session.info: the engine its later transactions use
WRITE_COMMITTING = "dipnews.write_committing"  # Session.info: the transaction committing began as a write


def _note_write_commit(session: Session) -> None:
    # Only a transaction's own commit: `before_commit` and `after_commit` also fire when a
    # savepoint is released, and moving to the read engine then would run the rest of the write
    # transaction on a second pooled connection (its data-version bump included), which under
    # load every other writer holds while it waits for the write lock this one has.
    if (READS_AFTER_COMMIT in session.info and session.in_transaction()
            and not session.in_nested_transaction()):
        if session.connection().get_execution_options().get("writing"):
            session.info[WRITE_COMMITTING] = True


def _read_after_commit(session: Session) -> None:
    if session.info.pop(WRITE_COMMITTING, False):
        session.bind = session.info.pop(READS_AFTER_COMMIT)


# A writing request's session begins its transactions as writes (on SQLite BEGIN IMMEDIATE, the
# one write lock) until one of them commits, and every one after that as a read: reading back
# what it wrote to answer must not hold the lock while the answer is validated, which takes
# another thread-pool thread that the writers queued on the lock may all hold. (A `reading`
# stretch before the write, a key's lookup or a document's analysis, changes nothing.)
event.listen(Session, "before_commit", _note_write_commit)
event.listen(Session, "after_commit", _read_after_commit)


def writing(session: Session) -> Session:
    """Begin the session's next transaction as a write (a request writing again after its
    commit): on SQLite it waits for the write lock up front, as a read upgraded to a write
    could not once another writer committed."""
    if session.in_transaction():
        raise RuntimeError("writing() begins a transaction: commit or roll back first")
    if isinstance(session.bind, Engine):  # not a session bound to one connection (the suite's)
        session.connection(execution_options={"writing": True})
    return session


# Per event loop (a worker has one; tests start several), per pooled engine: the turns to hold
# one of its connections.
_TURNS: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[Engine, asyncio.Semaphore]]" = (
    weakref.WeakKeyDictionary())


def _turns(engine: Engine) -> asyncio.Semaphore | None:
    """At most as many requests with a session on a PostgreSQL engine as its pool has
    connections. A request keeps its connection until its session closes, across the trip to
    the thread pool that validates its answer: with more requests in flight than connections,
    every pool thread could end up waiting for a connection held by a request waiting for a
    thread (30 s, then 503 for all). A request beyond the pool waits for its turn on the event
    loop instead, first come first served, holding neither. SQLite's pool never makes a checkout
    wait (`make_engine`): no turns there."""
    if engine.dialect.name == "sqlite":
        return None
    per_engine = _TURNS.setdefault(asyncio.get_running_loop(), {})
    turns = per_engine.get(engine)
    if turns is None:
        turns = per_engine[engine] = asyncio.Semaphore(engine.pool.size())  # type: ignore[attr-defined]
    return turns


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request; reads go to the replica when one is configured.

    Async so that opening it costs no trip to the thread pool (a Session connects only at its
    first query, which runs in the endpoint's thread). Closing it rolls back whatever is open:
    on SQLite that never waits, so it runs on the loop (a write lock left by a failed request
    is released at once, not when a pool thread is free); elsewhere it talks to the server, so
    it runs in the pool unless there is nothing to roll back (the session never connected, or
    it is a PostgreSQL read).

    A PostgreSQL read runs in autocommit: each statement on its own, as its statements would see
    the data in a READ COMMITTED transaction anyway (each takes a new snapshot), without the
    BEGIN and ROLLBACK round trips and the trip to the pool to end it.
    """
    settled = False  # nothing left to roll back at the end: closing never talks to the server
    engine = get_read_engine() if request.method in SAFE_METHODS else get_engine()
    turns = _turns(engine)
    if turns is not None:
        await turns.acquire()
    try:
        if request.method in SAFE_METHODS:
            if engine.dialect.name == "sqlite":
                on_loop = getattr(request.app.state, READS_ON_LOOP, None)
                if on_loop is not None and on_loop(request):
                    INLINE.set(True)
                    # Let the loop read the other connections first: a request that never waits
                    # would otherwise run start to end in one step, and under uvloop some
                    # connections were left waiting (p99 5× the p90 under 32 connections).
                    await asyncio.sleep(0)
                session = Session(engine)
            else:
                session, settled = Session(engine.execution_options(isolation_level="AUTOCOMMIT")), True
        else:
            session = Session(engine.execution_options(writing=True), info={READS_AFTER_COMMIT: engine})
        try:
            yield session
        finally:
            if settled or engine.dialect.name == "sqlite" or not session.in_transaction():
                session.close()
            else:
                await run_sync(session.close)
    finally:  # the turn is given back whatever happened, even if the session never opened
        if turns is not None:
            turns.release()
