"""Assertions, constants and fixtures-by-hand the tests share.

Imported before the app: it points DATABASE_URL at the test database.
"""

import os
import secrets
import tempfile
from collections.abc import Iterator

from sqlmodel import Session

# Kept in the environment so that a second import of this module agrees.
_TMP = os.environ.setdefault("DIPNEWS_TEST_TMP", tempfile.mkdtemp(prefix="dipnews-test-"))
DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{_TMP}/test.db"
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.pop("READ_DATABASE_URL", None)

# The suite's own API keys (the `engine` fixture stores their hashes); in the environment so that
# servers the tests start and a second import agree. TestClient's host is `testserver`.
ADMIN_KEY = os.environ.setdefault("DIPNEWS_TEST_ADMIN_KEY", "dn_" + secrets.token_urlsafe(32))
WRITE_KEY = os.environ.setdefault("DIPNEWS_TEST_WRITE_KEY", "dn_" + secrets.token_urlsafe(32))
READ_KEY = os.environ.setdefault("DIPNEWS_TEST_READ_KEY", "dn_" + secrets.token_urlsafe(32))
TEST_KEYS = {"tests-admin": ("admin", ADMIN_KEY), "tests-write": ("write", WRITE_KEY),
             "tests-read": ("read", READ_KEY)}
ADMIN_HEADERS = {"Authorization": f"Bearer {ADMIN_KEY}"}
WRITE_HEADERS = {"Authorization": f"Bearer {WRITE_KEY}"}
os.environ.setdefault("ALLOWED_HOSTS", '["localhost", "127.0.0.1", "::1", "testserver"]')

ENGINE_NAME = "postgresql" if DATABASE_URL.startswith("postgresql") else "sqlite"


def session_override(session: Session):
    """The request's session: the test's, with a failed request's writes rolled back as in production."""

    def override() -> Iterator[Session]:
        try:
            yield session
        except Exception:
            session.rollback()
            raise

    return override



def assert_problem(response, status: int) -> dict:
    """An RFC 9457 problem with the given status and a useful detail."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["type"]
    assert len(body["detail"]) > 10
    return body


def post_articles_naming_kellogg(client, n: int) -> None:
    """n dated articles that name Кіт Келлог (two of them on each day of January 2024)."""
    for i in range(n):
        created = client.post("/v1/articles", json={
            "title": f"Келлог, день {i}", "body": f"Кіт Келлог провів зустріч номер {i}.",
            "published_at": f"2024-01-{i % 28 + 1:02d}T00:00:00Z",
        })
        assert created.status_code == 201, created.text
