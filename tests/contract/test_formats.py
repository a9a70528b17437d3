"""Content negotiation: JSON by default, schema.org JSON-LD, CSV for lists, 406 otherwise."""

import csv
import io

from tests.contract.test_examples import get_operations, request_with_examples
from tests.helpers import assert_problem

LD = {"Accept": "application/ld+json"}
CSV = {"Accept": "text/csv"}


def test_article_as_news_article(client):
    doc = client.get("/v1/articles/1", headers=LD)
    assert doc.headers["content-type"].startswith("application/ld+json")
    assert "Accept" in doc.headers["vary"]
    article = doc.json()
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "NewsArticle"
    assert article["inLanguage"] == "uk"
    assert article["headline"].startswith("Спецпредставник США Кіт Келлог")
    mentioned = {m["name"]: m["@type"] for m in article["mentions"]}
    assert mentioned["Кіт Келлог"] == "Person"
    assert mentioned["Мінськ"] == "Place"
    assert "kellogg-lukashenko-talks-minsk" in {e["@id"].rsplit("/", 1)[-1] for e in article["about"]}


def test_person_with_alternate_names_and_job_title(client):
    person = client.get("/v1/persons/keith-kellogg", headers=LD).json()
    assert person["@type"] == "Person"
    assert person["name"] == "Кіт Келлог"
    assert {"Keith Kellogg", "Kit Kelloh"} <= set(person["alternateName"])
    assert "спеціальний представник президента США з питань України" in person["jobTitle"]


def test_event_with_place_attendees_and_partial_start_date(client):
    talks = client.get("/v1/events/kellogg-lukashenko-talks-minsk", headers=LD).json()
    assert talks["@type"] == "Event"
    assert talks["location"]["name"] == "Мінськ"
    people = {p["name"] for p in talks["attendee"] + talks["organizer"]}
    assert {"Кіт Келлог", "Олександр Лукашенко"} <= people
    dated = list(client.get("/v1/events?date_from=2020&date_to=2020").json()["items"])
    assert dated
    event = client.get(f"/v1/events/{dated[0]['slug']}", headers=LD).json()
    assert event["startDate"] == "2020"


def test_lists_as_item_lists(client):
    doc = client.get("/v1/persons", headers=LD).json()
    assert doc["@type"] == "ItemList"
    assert doc["itemListElement"][0]["item"]["@type"] == "Person"
    assert doc["numberOfItems"] == len(client.get("/v1/persons").json()["items"])


def test_csv_has_the_same_rows_and_filters_as_json(client):
    response = client.get("/v1/events?date_from=2020&date_to=2022&limit=1", headers=CSV)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    everything = client.get("/v1/events?date_from=2020&date_to=2022&limit=100").json()["items"]
    assert len(everything) > 1  # so the CSV had to follow the cursor past the first page
    assert [r["slug"] for r in rows] == [e["slug"] for e in everything]
    assert rows[0]["date_start"] == everything[0]["date_start"]


def test_csv_of_every_list_route(client):
    """Every operation the spec says answers CSV does, with all its seed examples filled in;
    an empty answer still has its header."""
    from app.main import create_app

    spec = create_app().openapi()
    tried = set()
    for path, op in get_operations(spec):
        if "text/csv" not in op["responses"]["200"].get("content", {}):
            continue
        url, query = request_with_examples(op, path)
        response = client.get(url, params=query, headers=CSV)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/csv"), url
        header = response.text.splitlines()[0].split(",")
        # value: a vocabulary's terms; seq: a history's entries
        assert {"id", "person.id", "value", "seq"} & set(header), url
        tried.add(op["operationId"])
    assert {"listArticles", "listPlaceEvents", "listOrganizationArticles", "listArticleMentions",
            "listCandidates", "search"} <= tried
    empty = client.get("/v1/organizations/belta/events", headers=CSV).text
    assert empty.splitlines()[0].split(",")[:3] == ["id", "slug", "title"]
    assert len(empty.splitlines()) == 1  # the header, and no rows
    mentions = list(csv.DictReader(io.StringIO(client.get("/v1/articles/1/mentions", headers=CSV).text)))
    assert {"entity.kind", "entity.slug", "entity.name", "surface"} <= set(mentions[0])
    assert "keith-kellogg" in {m["entity.slug"] for m in mentions}


def test_unsupported_accept_is_406(client):
    assert_problem(client.get("/v1/articles", headers={"Accept": "application/xml"}), 406)
    assert_problem(client.get("/v1/articles/1", headers=CSV), 406)
    assert_problem(client.get("/v1/articles/1/mentions", headers=LD), 406)


def test_browsers_and_wildcards_get_json(client):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for accept in (browser, "*/*", "application/*", "application/json;q=0.5, text/csv;q=0.1"):
        response = client.get("/v1/articles/1", headers={"Accept": accept})
        assert response.headers["content-type"] == "application/json", accept


def test_errors_stay_problems_in_any_format(client):
    assert_problem(client.get("/v1/articles/nope", headers=LD), 404)
    assert_problem(client.get("/v1/articles?limit=0", headers=CSV), 422)


def test_csv_columns_come_from_the_schema_so_a_null_place_keeps_its_columns(client):
    text = client.get("/v1/events?sort=title&limit=100", headers=CSV).text
    rows = list(csv.DictReader(io.StringIO(text)))
    places = {r["slug"]: r["place.slug"] for r in rows}
    assert places["kellogg-lukashenko-talks-minsk"] == "minsk"
    assert places["us-embassy-belarus-suspended-2022"] == ""  # no place in the text
    json_events = client.get("/v1/events?sort=title&limit=100").json()["items"]
    assert [r["slug"] for r in rows] == [e["slug"] for e in json_events]
