"""CORS for local frontends, and dates as precise as their sources, in UTC."""

import re

from app.config import get_settings

UTC_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)$")


def preflight(client, origin: str):
    return client.options("/v1/articles/1", headers={
        "Origin": origin, "Access-Control-Request-Method": "PATCH",
        "Access-Control-Request-Headers": "if-match, content-type",
    })


def test_preflight_from_a_local_frontend_is_allowed(client):
    origin = "http://localhost:5173"
    assert origin in get_settings().cors_origins
    response = preflight(client, origin)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin
    assert "PATCH" in response.headers["access-control-allow-methods"]


def test_frontend_can_read_etag_and_link(client):
    response = client.get("/v1/articles", headers={"Origin": "http://localhost:3000"})
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    exposed = response.headers["access-control-expose-headers"].lower()
    assert "etag" in exposed
    assert "link" in exposed


def test_preflight_from_another_origin_is_refused(client):
    response = preflight(client, "https://evil.example")
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers
    plain = client.get("/v1/articles", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in plain.headers


def test_timestamps_are_utc_with_an_offset(client):
    created = client.post("/v1/persons", json={"name": "Тест Тестович", "slug": "test-utc"}).json()
    article = client.get("/v1/articles/1").json()
    person = client.get("/v1/persons/keith-kellogg").json()
    for item in (article, person, created):
        for key in ("created_at", "updated_at"):
            assert UTC_TIMESTAMP.match(item[key]), (key, item[key])


def test_partial_dates_keep_their_precision(client):
    event = client.post(
        "/v1/events", json={"title": "A visit in 2020", "type": "visit", "date_start": "2020"}
    )
    assert event.status_code == 201, event.text
    body = event.json()
    assert (body["date_start"], body["date_precision"]) == ("2020", "year")
    again = client.get(f"/v1/events/{body['id']}").json()
    assert again["date_start"] == "2020"
    assert "01-01" not in str(again)
    month = client.patch(f"/v1/events/{body['id']}", json={"date_start": "2020-08"}).json()
    assert (month["date_start"], month["date_precision"]) == ("2020-08", "month")
    unknown = client.post("/v1/events", json={"title": "Someday", "type": "meeting"}).json()
    assert (unknown["date_start"], unknown["date_precision"]) == (None, "unknown")
