"""Every response: security headers, a request id (echoed, and quoted in problems), no server
banner; absolute URLs from PUBLIC_URL or an allowed Host only; forwarded headers trusted only
from FORWARDED_ALLOW_IPS; a JSON access log that names the key, never the secret."""

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from app.main import create_app
from tests.access.live import serve
from tests.helpers import WRITE_HEADERS, WRITE_KEY, assert_problem


@pytest.mark.parametrize("path", ["/v1/persons", "/v1/persons/no-such-person", "/health", "/openapi.json"])
def test_security_headers_on_every_response(anonymous, path):
    response = anonymous.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["referrer-policy"] == "no-referrer"
    assert len(response.headers["x-request-id"]) == 32


def test_a_request_id_is_echoed_and_quoted_in_problems(anonymous):
    mine = anonymous.get("/v1/persons/no-such-person", headers={"X-Request-ID": "trace-42.a:b"})
    assert mine.headers["x-request-id"] == "trace-42.a:b"
    assert assert_problem(mine, 404)["request_id"] == "trace-42.a:b"
    # a header that could forge log lines is replaced, not echoed
    forged = anonymous.get("/v1/persons/no-such-person", headers={"X-Request-ID": "a b\";{}"})
    assert forged.headers["x-request-id"] != "a b\";{}"
    assert assert_problem(forged, 404)["request_id"] == forged.headers["x-request-id"]


def test_a_host_not_allowed_is_400_and_never_echoed_into_links(anonymous):
    refused = anonymous.get("/v1/persons?limit=1", headers={"Host": "evil.example"})
    problem = assert_problem(refused, 400)
    assert "evil.example" in problem["detail"]
    assert "ALLOWED_HOSTS" in problem["detail"]
    assert anonymous.get("/health", headers={"Host": "10.0.0.7:8000"}).status_code == 200  # probes


def test_public_url_makes_the_absolute_urls(session, monkeypatch):
    from app.db import get_session
    from tests.helpers import session_override

    monkeypatch.setenv("PUBLIC_URL", "https://news.example.org")
    get_settings.cache_clear()
    try:
        app = create_app()
        app.dependency_overrides[get_session] = session_override(session)
        with TestClient(app, raise_server_exceptions=False) as client:
            page = client.get("/v1/persons?limit=1", headers={"Host": "evil.example"})
            assert page.status_code == 200
            assert page.headers["link"].startswith("<https://news.example.org/v1/persons?")
            assert page.headers["strict-transport-security"].startswith("max-age=")
            ld = client.get("/v1/persons/keith-kellogg", headers={"Accept": "application/ld+json"})
            assert ld.json()["@id"].startswith("https://news.example.org/v1/persons/")
    finally:
        monkeypatch.delenv("PUBLIC_URL")
        get_settings.cache_clear()


def test_jsonld_ids_use_the_allowed_host_asked_for(anonymous):
    ld = anonymous.get("/v1/persons/keith-kellogg", headers={"Accept": "application/ld+json",
                                                              "Host": "localhost:8000"})
    assert ld.json()["@id"].startswith("http://localhost:8000/v1/persons/")


def test_a_real_server_sends_no_banner_trusts_no_forwarded_header_and_logs_json(engine):
    with serve() as server:
        response = httpx.get(f"{server.url}/v1/persons?limit=1&note=" + "к" * 500,
                             headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
        assert response.status_code == 200
        assert "server" not in response.headers
        assert response.headers["link"].startswith(f"{server.url}/".replace("http://", "<http://"))
        written = httpx.post(f"{server.url}/v1/persons/no-such-person/restore-nothing",
                             headers={**WRITE_HEADERS, "X-Request-ID": "live-1"})
        assert written.status_code == 404
        log = server.access_log(until_request_id="live-1")
        text = server.log_path.read_text()
    first, second = log[-2], log[-1]
    assert first["route"] == "/v1/persons"
    assert first["status"] == 200
    assert first["method"] == "GET"
    assert first["client"] == "127.0.0.1"  # X-Forwarded-For ignored: no proxy is trusted
    assert len(first["query"]) == 200
    assert first["key"] is None
    assert first["duration_ms"] >= 0
    assert second["request_id"] == "live-1"
    assert second["status"] == 404
    assert WRITE_KEY not in text


def test_forwarded_headers_from_a_trusted_proxy_are_used(engine):
    with serve(FORWARDED_ALLOW_IPS="127.0.0.1") as server:
        response = httpx.get(f"{server.url}/v1/persons?limit=1",
                             headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
        assert response.headers["link"].startswith("<https://127.0.0.1:")
        httpx.get(f"{server.url}/v1/persons/keith-kellogg", headers=WRITE_HEADERS | {
            "X-Forwarded-For": "203.0.113.9", "X-Request-ID": "live-2"})
        log = server.access_log(until_request_id="live-2")
    assert log[-1]["client"] == "203.0.113.9"
    assert log[-1]["key"] == "tests-write"
    assert log[-1]["route"] == "/v1/persons/{ref}"
