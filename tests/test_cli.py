"""`dipnews migrate` and `dipnews seed` on the suite's engine, and what /ready and the API
answer when the database is behind, missing or unreachable.

Each test here points the app's settings at a database of its own (a scratch database, an
empty file, a proxy it can cut), so the session's seeded database is never written.
"""

import os
import socket
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from app import cli
from app.config import get_settings
from app.db import get_engine, get_read_engine, make_engine
from app.main import create_app
from tests.helpers import _TMP, DATABASE_URL, ENGINE_NAME, assert_problem
from tests.scratch_db import scratch_database


def clear_caches() -> None:
    for cached in (get_engine, get_read_engine):
        if cached.cache_info().currsize:
            cached().dispose()
        cached.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def use_database(monkeypatch):
    """Point settings (and so the CLI and a fresh app) at another database URL."""

    def point_at(url: str) -> None:
        clear_caches()
        monkeypatch.setenv("DATABASE_URL", url)

    yield point_at
    clear_caches()


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                name: sorted(map(tuple, connection.execute(text(f'SELECT * FROM "{name}"'))), key=repr)
                for name in inspect(connection).get_table_names()
            }
    finally:
        engine.dispose()


def test_migrate_then_seed_twice_changes_nothing_the_second_time(use_database, capsys):
    with scratch_database(DATABASE_URL) as url:
        use_database(url)
        assert cli.main(["migrate"]) == 0
        assert cli.main(["seed"]) == 0
        first = snapshot(url)
        assert all(first[name] for name in ("person", "article", "event", "mention"))

        assert cli.main(["seed"]) == 0
        second = snapshot(url)
        clear_caches()
    changed = [name for name in first if first[name] != second.get(name)]
    assert not changed, f"a second seed changed rows of {changed}"
    assert "seeded 1 article" in capsys.readouterr().out


@pytest.mark.skipif(ENGINE_NAME != "postgresql", reason="encoding and collation are PostgreSQL settings")
def test_postgres_database_is_utf8(engine):
    with engine.connect() as connection:
        encoding = connection.execute(text("SHOW server_encoding")).scalar_one()
        ctype = connection.execute(
            text("SELECT datctype FROM pg_database WHERE datname = current_database()")
        ).scalar_one()
        # Cyrillic survives a round trip and upper() knows it (a C locale would not).
        upper = connection.execute(text("SELECT upper('келлог')")).scalar_one()
    assert encoding == "UTF8"
    assert ctype.lower().replace("-", "") in {"c.utf8", "en_us.utf8"}, ctype
    assert upper == "КЕЛЛОГ"


def test_ready_is_503_until_the_schema_is_migrated(use_database, tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    use_database(url)
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        body = assert_problem(client.get("/ready"), 503)
        assert "dipnews migrate" in body["detail"]
        assert cli.main(["migrate"]) == 0
        assert client.get("/ready").status_code == 200


class Outage:
    """A loopback TCP relay to the real PostgreSQL server that can be cut and restored."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.listener: socket.socket | None = None
        self.open_sockets: list[socket.socket] = []

    def restore(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(16)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self) -> None:
        if self.listener is not None:
            try:  # wakes the thread blocked in accept(); close() alone would not
                self.listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.listener.close()
            self.listener = None
        for sock in self.open_sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self.open_sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.open_sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def outage_for(url: str, tmp_path: Path):
    """(URL through which the test database can be cut, cut(), restore())."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # The database file seen through a directory link: no link, no database (for new
        # connections: an open SQLite connection keeps its file, so the pool is emptied too).
        link = tmp_path / "db-dir"

        def cut():
            link.unlink()
            get_engine().dispose()

        def restore():
            os.symlink(_TMP, link)

        return f"sqlite:///{link / Path(parsed.database).name}", cut, restore
    relay = Outage(parsed.host or "127.0.0.1", parsed.port or 5432)
    return parsed.set(host="127.0.0.1", port=relay.port).render_as_string(False), relay.cut, relay.restore


def test_unreachable_database_is_a_503_problem_then_recovers(engine, use_database, tmp_path):
    url, cut, restore = outage_for(DATABASE_URL, tmp_path)
    restore()
    use_database(url)
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        assert client.get("/v1/persons/keith-kellogg").status_code == 200

        cut()
        for path in ("/v1/persons/keith-kellogg", "/v1/articles", "/ready"):
            response = client.get(path)
            body = assert_problem(response, 503)
            assert "Traceback" not in body["detail"]

        restore()
        response = client.get("/v1/persons/keith-kellogg")
        assert response.status_code == 200, response.text
        assert response.json()["slug"] == "keith-kellogg"
        assert client.get("/ready").status_code == 200
    cut()
