"""Scratch databases beside the session's test database, for tests that migrate from empty.

SQLite: a new file in a temp dir. PostgreSQL: a new database on the same server (created with
autocommit, UTF-8, C.UTF-8 collation like the test one), dropped afterwards.
"""

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.db import make_engine
from app.migrate import upgrade
from app.models import ApiKey
from app.services.keys import hash_secret


@contextmanager
def scratch_database(test_url: str) -> Iterator[str]:
    """The URL of a new, empty database on the test database's engine."""
    url = make_url(test_url)
    if url.get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory(prefix="dipnews-scratch-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'scratch.db'}"
        return
    name = f"{url.database}_scratch_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(
            f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\' '
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        ))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def migrated_with_key(test_url: str, name: str, secret: str, scope: str = "write") -> Iterator[str]:
    """A scratch database migrated from empty, holding one API key (for a live server's writes)."""
    with scratch_database(test_url) as url:
        upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session:
            session.add(ApiKey(name=name, prefix=secret[:10], secret_hash=hash_secret(secret), scope=scope))
            session.commit()
        engine.dispose()
        yield url
