"""How writers share SQLite (app.db): they take turns in arrival order, and a write's reads after
its commit hold no write lock. Each test uses a SQLite file of its own, whatever the suite's engine."""

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from app.db import READS_AFTER_COMMIT, WriteTurns, make_engine


def test_writers_get_their_turns_in_arrival_order():
    turns = WriteTurns(timeout_s=60)
    assert turns.acquire()
    order: list[str] = []

    def writer(name: str) -> None:
        assert turns.acquire()
        order.append(name)
        turns.release()

    threads = []
    for queued, name in enumerate("abc", start=1):
        thread = threading.Thread(target=writer, args=(name,))
        thread.start()
        threads.append(thread)
        while len(turns._queue) < queued:  # wait until it is in line before the next arrives
            time.sleep(0.001)
    turns.release()
    for thread in threads:
        thread.join(60)
    assert order == ["a", "b", "c"]


def test_a_writer_that_waits_too_long_gives_up_and_leaves_the_line():
    turns = WriteTurns(timeout_s=0.05)
    assert turns.acquire()
    assert turns.acquire() is False
    assert not turns._queue
    turns.release()
    assert turns.acquire()  # free again


def test_a_write_reads_back_its_answer_without_holding_the_write_lock(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'writes.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)"))
    other = sqlite3.connect(tmp_path / "writes.db", timeout=0, isolation_level=None)
    try:
        # as app.db.get_session makes a writing request's session
        with Session(engine.execution_options(writing=True), info={READS_AFTER_COMMIT: engine}) as session:
            session.execute(text("INSERT INTO note (body) VALUES ('first')"))
            session.commit()
            assert session.execute(text("SELECT body FROM note")).scalar() == "first"
            # the answer is being built: another writer gets the lock at once (timeout 0)
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO note (body) VALUES ('second')")
            other.execute("COMMIT")
    finally:
        other.close()
        engine.dispose()



def test_a_pooled_postgresql_connection_the_server_closed_is_replaced_before_use():
    """The server ends a pooled connection (a restart, an idle timeout, an administrator): the next
    request must not fail on it. Found at checkout, without a query of its own per request."""
    from tests.helpers import DATABASE_URL

    if not DATABASE_URL.startswith("postgresql"):
        pytest.skip("a PostgreSQL server's connections")
    engine, admin = make_engine(DATABASE_URL), create_engine(DATABASE_URL, poolclass=NullPool)
    try:
        with engine.connect() as connection:  # then idle in the pool
            doomed = connection.execute(text("SELECT pg_backend_pid()")).scalar()
        with admin.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": doomed}).scalar()
            for _ in range(500):  # the backend is gone within moments (at most 5 s here)
                if not connection.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"),
                                          {"pid": doomed}).scalar():
                    break
                time.sleep(0.01)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 41 + 1")).scalar() == 42
            assert connection.execute(text("SELECT pg_backend_pid()")).scalar() != doomed
    finally:
        engine.dispose()
        admin.dispose()
