"""Persons, organizations, places and events by any name, in any case, typos forgiven."""

import pytest

from tests.helpers import assert_problem


def slugs(client, path, q, **params):
    response = client.get(path, params={"q": q, **params})
    assert response.status_code == 200, response.text
    return [item["slug"] for item in response.json()["items"]]


@pytest.mark.parametrize("q", [
    "Kellogg", "Kelloh", "Келлогові", "Келлог", "Кітом Келлогом", "Keith Kellogg", "Kit Kelloh", "келлога",
])
def test_every_name_of_kellogg_finds_him(client, q):
    assert slugs(client, "/v1/persons", q)[0] == "keith-kellogg"


@pytest.mark.parametrize("q", ["Лукашенку", "Lukashneko", "Лукашенком", "Alexander Lukashenko", "Лукашенко"])
def test_lukashenko_in_any_case_or_misspelt(client, q):
    assert slugs(client, "/v1/persons", q)[0] == "alexander-lukashenko"


def test_exact_ranks_above_case_form_above_fuzzy(client):
    for name, name_en in [("Трампенко", "Trampenko"), ("Трампін", "Trumpin")]:
        made = client.post("/v1/persons", json={"name": name, "name_en": name_en})
        assert made.status_code == 201, made.text
    found = slugs(client, "/v1/persons", "Трамп")
    assert found[0] == "donald-trump"
    assert slugs(client, "/v1/persons", "Trump")[0] == "donald-trump"


def test_unrelated_names_are_not_found(client):
    assert slugs(client, "/v1/persons", "Меркель") == []


def test_places_and_organizations_in_any_case(client):
    assert "minsk" in slugs(client, "/v1/places", "у Мінську")
    assert "belta" in slugs(client, "/v1/organizations", "Белти")


def test_name_search_pages_and_counts(client):
    for i in range(5):
        assert client.post("/v1/persons", json={"name": f"Іван Петренко{i}"}).status_code == 201
    seen, cursor = [], None
    while True:
        params = {"q": "Петренко0 OR Петренко", "limit": 2, "count": "true"}
        body = client.get("/v1/persons", params={**params, **({"cursor": cursor} if cursor else {})}).json()
        seen += [i["slug"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == body["total"]


def test_explicit_sort_with_q(client):
    assert slugs(client, "/v1/persons", "Kellogg", sort="-name") == ["keith-kellogg"]


def test_events_by_words_in_any_case(client):
    response = client.get("/v1/events", params={"q": "переговорами"})
    assert response.status_code == 200, response.text
    every = client.get("/v1/events", params={"limit": 100}).json()["items"]
    expected = {e["slug"] for e in every if "перегов" in (e["title"] + (e["summary"] or "")).lower()}
    assert expected
    assert {e["slug"] for e in response.json()["items"]} == expected


def test_malformed_name_query_is_400(client):
    assert_problem(client.get("/v1/persons", params={"q": '"Келлог'}), 400)


def test_the_name_index_follows_every_name_write(client):
    """Person search looks names up in an index kept per names version: a person created,
    renamed or deleted is found (or not) by the very next search."""
    created = client.post("/v1/persons", json={"name": "Орест Вакуленко"})
    assert created.status_code == 201, created.text
    slug = created.json()["slug"]
    found = lambda q: [p["slug"] for p in client.get("/v1/persons", params={"q": q}).json()["items"]]  # noqa: E731
    assert slug in found("Вакуленкові")  # a case form
    assert slug in found("Vakulenko")  # the transliteration
    assert slug in found("Vakulneko")  # a typo
    renamed = client.patch(f"/v1/persons/{slug}", json={"name": "Орест Гнатюк", "aliases": []})
    assert renamed.status_code == 200, renamed.text
    assert slug in found("Гнатюка")
    assert slug not in found("Вакуленкові")  # the old name's aliases went with it
    assert client.delete(f"/v1/persons/{slug}").status_code == 204
    assert slug not in found("Вакуленко")
