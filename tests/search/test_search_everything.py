"""GET /v1/search: one ranked list across kinds — the searches a reader's bug report lists."""

import pytest

from tests.helpers import assert_problem

SEED_ARTICLE = "kellogg-lukashenko-talks-minsk-newsweek"


def search(client, q, **params):
    response = client.get("/v1/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return response.json()


def found(body) -> list[tuple[str, str]]:
    return [(hit["kind"], hit["slug"]) for hit in body["items"]]


@pytest.mark.parametrize(("q", "expected"), [
    ("Лукашенку", ("article", SEED_ARTICLE)),
    ("переговорами", ("article", SEED_ARTICLE)),
    ("у Мінську", ("article", SEED_ARTICLE)),
    ("у Мінську", ("place", "minsk")),
    ("Kellogg", ("person", "keith-kellogg")),
    ("Kelloh", ("person", "keith-kellogg")),
    ("Келлогові", ("person", "keith-kellogg")),
    ("Келлогові", ("article", SEED_ARTICLE)),
    ("Lukashneko", ("person", "alexander-lukashenko")),
    ("Лукашенку", ("person", "alexander-lukashenko")),
])
def test_the_reported_searches_find_what_readers_expect(client, q, expected):
    assert expected in found(search(client, q))


def test_a_person_comes_before_articles_naming_him(client):
    body = search(client, "Келлогові")
    assert found(body)[0] == ("person", "keith-kellogg")
    hit = body["items"][0]
    assert hit["name"] == "Кіт Келлог"
    assert "<mark>" in hit["snippet"]


def test_article_hits_carry_title_and_marked_snippet(client):
    hit = next(h for h in search(client, "Лукашенку")["items"] if h["kind"] == "article")
    assert hit["title"]
    assert "<mark>Лукашенк" in hit["snippet"]


def test_kinds_limit_the_search(client):
    assert {k for k, _ in found(search(client, "Лукашенку", kinds="person"))} == {"person"}
    assert {k for k, _ in found(search(client, "Лукашенку", kinds="articles,events"))} <= {"article", "event"}


def test_pages_cover_every_hit_once(client):
    every = found(search(client, "США", limit=100))
    seen, cursor = [], None
    while True:
        body = search(client, "США", limit=2, **({"cursor": cursor} if cursor else {}))
        seen += found(body)
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == every


@pytest.mark.parametrize("params", [
    {"q": '"Келлог'}, {"q": "NEAR(a b)"}, {"q": "*"}, {"q": "." * 2000},
    {"q": "Келлог", "cursor": "bm90LWpzb24"},
])
def test_bad_requests_are_problems(client, params):
    assert_problem(client.get("/v1/search", params=params), 400)


def test_an_unknown_kind_is_a_422_naming_the_parameter(client):
    body = assert_problem(client.get("/v1/search", params={"q": "Келлог", "kinds": "cats"}), 422)
    assert body["errors"][0]["loc"] == ["query", "kinds"]


def test_search_is_in_the_openapi(client):
    operation = client.get("/openapi.json").json()["paths"]["/v1/search"]["get"]
    assert operation["operationId"] == "search"
