"""API keys: nobody writes without one; scopes read < write < admin; expiry and revocation;
keys managed over HTTP (admin) and from the shell (`dipnews keys`)."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from app import cli
from app.models import ApiKey
from app.services.keys import create_key, hash_secret
from tests.helpers import READ_KEY, WRITE_KEY, assert_problem

NEW_PERSON = {"name": "Ярема Ключник", "slug": "yarema-kliuchnyk"}


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize(("method", "path", "body"), [
    ("POST", "/v1/persons", NEW_PERSON),
    ("PATCH", "/v1/persons/keith-kellogg", {"description": "змінено без ключа"}),
    ("DELETE", "/v1/persons/keith-kellogg", None),
    ("DELETE", "/v1/articles/kellogg-lukashenko-talks-minsk-newsweek", None),
    ("POST", "/v1/events", {"title": "Зустріч без ключа", "type": "meeting"}),
    ("POST", "/v1/candidates/1/accept", None),
    ("POST", "/v1/candidates/1/reject", None),
])
def test_an_anonymous_write_is_refused_with_401_and_nothing_changes(anonymous, method, path, body):
    refused = anonymous.request(method, path, json=body)
    problem = assert_problem(refused, 401)
    assert refused.headers["www-authenticate"] == 'Bearer realm="dipnews"'
    assert "write" in problem["detail"]
    assert anonymous.get("/v1/persons/keith-kellogg").status_code == 200


def test_an_anonymous_ingest_is_refused(anonymous):
    refused = anonymous.post("/v1/documents", content="Заголовок\n\nТекст новини.".encode(),
                             headers={"content-type": "text/plain; charset=utf-8"})
    assert_problem(refused, 401)


def test_reads_are_public(anonymous):
    assert anonymous.get("/v1/persons/keith-kellogg").status_code == 200
    assert anonymous.get("/v1/articles").status_code == 200


def test_a_write_key_writes_by_bearer_or_x_api_key(anonymous):
    created = anonymous.post("/v1/persons", json=NEW_PERSON, headers=bearer(WRITE_KEY))
    assert created.status_code == 201, created.text
    edited = anonymous.patch("/v1/persons/yarema-kliuchnyk", json={"description": "Дипломат."},
                             headers={"X-API-Key": WRITE_KEY})
    assert edited.status_code == 200
    assert edited.json()["description"] == "Дипломат."


def test_a_read_key_may_not_write(anonymous):
    refused = anonymous.post("/v1/persons", json=NEW_PERSON, headers=bearer(READ_KEY))
    problem = assert_problem(refused, 403)
    assert "tests-read" in problem["detail"]
    assert 'error="insufficient_scope"' in refused.headers["www-authenticate"]


@pytest.mark.parametrize("secret", ["dn_" + "x" * 43, "not-a-dipnews-key", "dn_"])
def test_an_unknown_key_is_401_even_on_a_read(anonymous, secret):
    refused = anonymous.get("/v1/persons", headers=bearer(secret))
    assert_problem(refused, 401)
    assert 'error="invalid_token"' in refused.headers["www-authenticate"]


def test_another_authorization_scheme_is_401(anonymous):
    refused = anonymous.post("/v1/persons", json=NEW_PERSON, headers={"Authorization": "Basic YTpi"})
    assert_problem(refused, 401)


def test_expired_and_revoked_keys_are_refused(anonymous, session):
    expired = ApiKey(name="expired-key", prefix="dn_expired", secret_hash=hash_secret("dn_expired-secret"),
                     scope="write", expires_at=datetime.now(UTC) - timedelta(minutes=1))
    session.add(expired)
    _, revoked = create_key(session, "revoked-key", "write")
    session.commit()
    assert anonymous.post("/v1/persons", json=NEW_PERSON, headers=bearer(revoked)).status_code == 201
    admin = anonymous.delete("/v1/keys/revoked-key", headers=bearer(WRITE_KEY))
    assert_problem(admin, 403)  # revoking is an admin's job

    problem = assert_problem(anonymous.post("/v1/persons", json=NEW_PERSON,
                                            headers=bearer("dn_expired-secret")), 401)
    assert "expired" in problem["detail"]


def test_admin_creates_lists_and_revokes_keys_over_http(client, anonymous):
    created = client.post("/v1/keys", json={"name": "newsroom-importer", "scope": "write"})
    assert created.status_code == 201, created.text
    secret = created.json()["key"]
    assert secret.startswith("dn_")
    assert len(secret) >= 40
    assert created.headers["location"] == f"/v1/keys/{created.json()['id']}"

    listed = client.get("/v1/keys")
    assert listed.status_code == 200
    assert secret not in listed.text
    mine = next(k for k in listed.json() if k["name"] == "newsroom-importer")
    assert mine["prefix"] == secret[:10]
    assert mine["revoked_at"] is None
    assert "key" not in mine

    assert anonymous.post("/v1/persons", json=NEW_PERSON, headers=bearer(secret)).status_code == 201
    assert client.delete("/v1/keys/newsroom-importer").status_code == 204
    problem = assert_problem(anonymous.patch("/v1/persons/yarema-kliuchnyk", json={"description": "x"},
                                             headers=bearer(secret)), 401)
    assert "revoked" in problem["detail"]
    assert client.get("/v1/keys").json()[-1]["revoked_at"] is not None


def test_key_management_needs_admin(anonymous):
    assert_problem(anonymous.get("/v1/keys"), 401)
    assert_problem(anonymous.get("/v1/keys", headers=bearer(WRITE_KEY)), 403)
    assert_problem(anonymous.post("/v1/keys", json={"name": "x", "scope": "admin"},
                                  headers=bearer(WRITE_KEY)), 403)


def test_a_duplicate_name_or_a_past_expiry_is_refused(client):
    assert_problem(client.post("/v1/keys", json={"name": "tests-write", "scope": "read"}), 409)
    assert_problem(client.post("/v1/keys", json={"name": "late", "scope": "read",
                                                  "expires_at": "2001-01-01T00:00:00Z"}), 422)


def test_require_read_key_closes_reads(app, monkeypatch):
    from app.config import get_settings

    monkeypatch.setenv("REQUIRE_READ_KEY", "true")
    get_settings.cache_clear()
    try:
        with TestClient(app, raise_server_exceptions=False) as anonymous:
            assert_problem(anonymous.get("/v1/persons"), 401)
            assert anonymous.get("/v1/persons", headers=bearer(READ_KEY)).status_code == 200
            assert anonymous.get("/health").status_code == 200  # probes stay open
    finally:
        monkeypatch.delenv("REQUIRE_READ_KEY")
        get_settings.cache_clear()


def test_the_cli_creates_lists_and_revokes_keys(engine, capsys):
    assert cli.main(["keys", "create", "--name", "cli-made-key", "--scope", "read",
                     "--expires", "2999-01-01"]) == 0
    out = capsys.readouterr()
    secret = out.out.strip()
    assert secret.startswith("dn_")
    assert "not shown again" in out.err
    try:
        assert cli.main(["keys", "list"]) == 0
        listed = capsys.readouterr().out
        assert "cli-made-key" in listed
        assert secret[:10] in listed
        assert secret not in listed
        assert "2999-01-01" in listed
        assert "active" in listed
        assert cli.main(["keys", "create", "--name", "cli-made-key", "--scope", "read"]) == 1
        assert "exists" in capsys.readouterr().err
        assert cli.main(["keys", "revoke", "cli-made-key"]) == 0
        assert "revoked key 'cli-made-key'" in capsys.readouterr().out
        cli.main(["keys", "list"])
        assert "revoked" in capsys.readouterr().out.split("cli-made-key")[1].splitlines()[0]
    finally:
        from sqlalchemy import delete
        from sqlmodel import Session

        with Session(engine) as session:
            session.execute(delete(ApiKey).where(ApiKey.name == "cli-made-key"))
            session.commit()
