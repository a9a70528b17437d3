"""The requests a fuzzer found answering 500, rejecting valid input or accepting invalid input:
each is now the problem (or the success) its bug report asked for."""

import base64
import json
import re
from datetime import date

import pytest

from app.text.dates import PARTIAL_DATE_PATTERN
from tests.helpers import assert_problem


def cursor_of(raw: str) -> str:
    """A hand-made cursor: raw JSON text (so `Infinity` can be in it), base64url as the API cuts."""
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


# --- refs -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/v1/persons/%C2%B9"),            # "¹": str.isdigit() is true, int() is not
    ("DELETE", "/v1/organizations/%C2%B9"),
    ("GET", "/v1/places/%D9%A3"),             # Arabic-Indic three
    ("GET", "/v1/articles/%EF%BC%91"),        # fullwidth one
    ("PATCH", "/v1/events/%C2%B2"),
])
def test_unicode_digits_in_a_ref_are_a_slug_that_is_not_found(client, method, path):
    body = assert_problem(client.request(method, path, json={}), 404)
    assert "slug" in body["detail"]


def test_if_match_with_a_unicode_digit_is_a_precondition_failure(client):
    response = client.patch("/v1/persons/keith-kellogg", json={"description": "x"},
                            headers={"If-Match": '"\xb9"'.encode("latin-1")})  # "¹"
    assert_problem(response, 412)


# --- names -----------------------------------------------------------------------------------

def test_a_name_whose_transliteration_has_no_letter_is_stored_with_a_slug_that_is_no_id(client):
    created = client.post("/v1/places", json={"name": "Ь 1"})
    assert created.status_code == 201, created.text
    place = created.json()
    assert not place["slug"].isdigit()
    assert client.get(f"/v1/places/{place['slug']}").json()["id"] == place["id"]
    assert [a["alias"] for a in place["aliases"]] == ["Ь 1"]  # no alias "1"


@pytest.mark.parametrize(("path", "kind"), [
    ("/v1/persons/keith-kellogg", "PATCH"), ("/v1/places", "POST"), ("/v1/organizations", "POST"),
])
@pytest.mark.parametrize("name_en", ["42", " ", "1-2_3"])
def test_an_english_name_without_a_letter_is_a_422(client, path, kind, name_en):
    body = {"name_en": name_en} if kind == "PATCH" else {"name": "Нова назва", "name_en": name_en}
    problem = assert_problem(client.request(kind, path, json=body), 422)
    assert problem["errors"][0]["loc"] == ["body", "name_en"]


def test_a_slug_of_digits_alone_is_a_422_since_it_would_read_as_an_id(client):
    problem = assert_problem(client.post("/v1/places", json={"name": "Гомель", "slug": "2024"}), 422)
    assert problem["errors"][0]["loc"] == ["body", "slug"]


# --- dates and timestamps --------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-05:00",
])
def test_a_timestamp_outside_the_utc_calendar_is_a_422(client, value):
    problem = assert_problem(client.get("/v1/articles", params={"published_from": value}), 422)
    assert problem["errors"][0]["loc"] == ["query", "published_from"]
    problem = assert_problem(client.post("/v1/articles", json={
        "title": "Заголовок", "body": "Текст.", "published_at": value}), 422)
    assert problem["errors"][0]["loc"] == ["body", "published_at"]


def test_a_timestamp_with_an_offset_filters_by_its_utc_instant(client):
    created = client.post("/v1/articles", json={
        "title": "Зустріч у Варшаві", "body": "Текст.", "published_at": "2024-03-01T23:30:00Z"})
    assert created.status_code == 201, created.text
    ids = lambda **p: [a["id"] for a in client.get("/v1/articles", params=p).json()["items"]]  # noqa: E731
    # 02:00+03:00 on March 2 is 23:00 UTC on March 1: the article is after it
    assert created.json()["id"] in ids(published_from="2024-03-02T02:00:00+03:00")
    assert created.json()["id"] not in ids(published_from="2024-03-02T03:00:00+03:00")


@pytest.mark.parametrize("value", ["0.5", "1700000000", "-1", "now"])
def test_a_number_is_not_a_date_time(client, value):
    problem = assert_problem(client.post(
        "/v1/documents", params={"published_at": value}, content="Заголовок\n\nТекст документа.".encode(),
        headers={"content-type": "text/plain; charset=utf-8"},
    ), 422)
    assert problem["errors"][0]["loc"] == ["query", "published_at"]
    problem = assert_problem(client.get("/v1/articles", params={"published_from": value}), 422)
    problem = assert_problem(client.post("/v1/articles", json={
        "title": "Заголовок", "body": "Текст.", "published_at": 0.5}), 422)


@pytest.mark.parametrize("value", ["3154-04-31", "2021-02-29", "1900-02-29", "2020-13", "2020-00-10"])
def test_a_day_the_calendar_lacks_fails_the_declared_pattern_and_the_server_alike(client, value):
    assert not re.match(PARTIAL_DATE_PATTERN, value)
    problem = assert_problem(client.get("/v1/events", params={"date_from": value}), 422)
    assert problem["errors"][0]["loc"] == ["query", "date_from"]


@pytest.mark.parametrize("value", ["3154-04-30", "2024-02-29", "2000-02-29", "1600-02-29", "9999", "2020-12"])
def test_every_real_partial_date_matches_the_declared_pattern_and_is_accepted(client, value):
    assert re.match(PARTIAL_DATE_PATTERN, value)
    assert client.get("/v1/events", params={"date_from": value}).status_code == 200


def test_the_partial_date_pattern_admits_exactly_the_calendar():
    pattern = re.compile(PARTIAL_DATE_PATTERN)
    years = [*range(1000, 1010), *range(1596, 1604), *range(1896, 1904), *range(1996, 2030), 2100, 2400, 9999]
    for year in years:
        for month in range(1, 13):
            for day in range(1, 32):
                text = f"{year}-{month:02d}-{day:02d}"
                try:
                    date(year, month, day)
                    real = True
                except ValueError:
                    real = False
                assert bool(pattern.match(text)) is real, text


# --- cursors ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "raw"), [
    ("/v1/articles", '{"s":"-published_at","v":null,"id":Infinity}'),
    ("/v1/articles", '{"s":"-published_at","v":null,"id":NaN}'),
    ("/v1/articles", '{"s":"-published_at","v":null,"id":1e999}'),
    ("/v1/articles", '{"s":"-published_at","v":"0001-01-01T00:00:00+14:00","id":1}'),
    ("/v1/persons?sort=name", '{"s":"name","v":"a","id":18446744073709551616}'),
    ("/v1/persons?sort=id", '{"s":"id","v":9223372036854775808,"id":9223372036854775808}'),
    ("/v1/persons?sort=name", '{"s":"name","v":"a","id":"99999999999999999999"}'),
    ("/v1/persons?q=Kellogg", '{"s":"relevance","v":Infinity,"id":1}'),
    ("/v1/persons?q=Kellogg", '{"s":"relevance","v":"inf","id":1}'),
    ("/v1/articles?q=Келлог", '{"s":"relevance","v":-Infinity,"id":1}'),
    ("/v1/search?q=Келлог", '{"s":"search","v":Infinity,"k":"person","id":1}'),
])
def test_a_cursor_holding_a_number_no_database_binds_is_a_400(client, path, raw):
    joiner = "&" if "?" in path else "?"
    body = assert_problem(client.get(f"{path}{joiner}cursor={cursor_of(raw)}"), 400)
    assert "cursor" in body["detail"]


# --- ids in bodies ---------------------------------------------------------------------------

@pytest.mark.parametrize("organization_id", [11061992762413766672384, 2**31, 0, -1])
def test_an_office_organization_id_out_of_range_is_a_422_with_its_loc(client, organization_id):
    problem = assert_problem(client.patch("/v1/persons/keith-kellogg", json={
        "offices": [{"title": "посол", "organization_id": organization_id}]}), 422)
    assert problem["errors"][0]["loc"] == ["body", "offices", 0, "organization_id"]


def test_an_event_participant_id_out_of_range_is_a_422_with_its_loc(client):
    problem = assert_problem(client.post("/v1/events", json={
        "title": "Зустріч", "type": "meeting",
        "participants": [{"person_id": 2**70, "role": "participant"}]}), 422)
    assert problem["errors"][0]["loc"][:3] == ["body", "participants", 0]


# --- NUL -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "path", "body", "loc"), [
    ("POST", "/v1/articles", {"title": "Заго\u0000ловок", "body": "Текст."}, ["body", "title"]),
    ("POST", "/v1/persons", {"name": "Іван\u0000 Петренко"}, ["body", "name"]),
    ("PATCH", "/v1/persons/keith-kellogg", {"description": "a\u0000b"}, ["body", "description"]),
    ("POST", "/v1/places", {"name": "Гомель", "aliases": [{"alias": "Го\u0000мель"}]},
     ["body", "aliases", 0, "alias"]),
])
def test_a_nul_character_is_a_422_on_every_engine_and_nothing_is_stored(client, method, path, body, loc):
    problem = assert_problem(client.request(method, path, json=body), 422)
    assert problem["errors"][0]["loc"] == loc
    assert "NUL" in problem["detail"]
    assert client.get("/v1/articles", params={"q": "Заголовок"}).json()["items"] == []


def test_a_document_with_nul_bytes_is_a_422(client):
    response = client.post("/v1/documents", content="Заголовок\n\nТекст\x00 документа.".encode(),
                           headers={"content-type": "text/plain; charset=utf-8"})
    assert "NUL" in assert_problem(response, 422)["detail"]


def test_json_with_escaped_nul_in_a_key_of_a_body_is_a_422(client):
    raw = json.dumps({"name": "Гомель", "aliases": [{"alias": "Гомель", "source": "x\u0000"}]})
    response = client.post("/v1/places", content=raw, headers={"content-type": "application/json"})
    assert_problem(response, 422)
