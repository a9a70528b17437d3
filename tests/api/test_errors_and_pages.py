"""Problems for every error, and keyset pagination that yields every row once."""

import pytest

from tests.helpers import assert_problem


@pytest.mark.parametrize("path", ["/nowhere", "/v1/persons/1/nothing", "/v1/nothing"])
def test_unknown_route_is_a_404_problem(client, path):
    body = assert_problem(client.get(path), 404)
    assert body["instance"] == path


def test_wrong_method_is_a_405_problem(client):
    assert_problem(client.put("/v1/persons/keith-kellogg", json={}), 405)


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=abc", "count=maybe"])
def test_bad_list_parameters_are_422(client, query):
    body = assert_problem(client.get(f"/v1/persons?{query}"), 422)
    assert body["errors"][0]["loc"][0] == "query"


@pytest.mark.parametrize("query", ["cursor=@@@", "cursor=eyJzIjoibmFtZSJ9"])
def test_bad_cursor_is_400(client, query):
    assert_problem(client.get(f"/v1/persons?{query}"), 400)


@pytest.mark.parametrize("path", [
    "/v1/persons", "/v1/persons/keith-kellogg/events", "/v1/places/minsk/articles",
])
def test_unknown_sort_is_a_422_naming_the_parameter(client, path):
    """The sort keys are declared in the parameter's pattern, so another is a 422 (relation
    sub-lists included: their pattern is the events' or articles' own)."""
    body = assert_problem(client.get(f"{path}?sort=salary"), 422)
    assert body["errors"][0]["loc"] == ["query", "sort"]
    assert client.get(f"{path}?sort=-id").status_code == 200


def test_cursor_of_another_sort_is_400(client):
    cursor = client.get("/v1/persons?limit=1&sort=name").json()["next_cursor"]
    assert_problem(client.get(f"/v1/persons?limit=1&sort=-name&cursor={cursor}"), 400)


def test_internal_errors_are_problems_without_internals(app, client):
    from app.api.deps import SessionDep

    @app.get("/boom")
    def boom(session: SessionDep):
        raise RuntimeError("secret connection string postgres://u:p@h")

    body = assert_problem(client.get("/boom"), 500)
    assert "secret" not in body["detail"]


@pytest.mark.parametrize("sort", ["name", "-name", "id", "-id", "created_at"])
def test_walking_pages_yields_every_person_once(client, sort):
    for i in range(23):
        created = client.post("/v1/persons", json={"name": f"Особа {i % 7}", "slug": f"p-{i}"})
        assert created.status_code == 201
    seen, url, pages = [], f"/v1/persons?limit=5&sort={sort}&count=true", 0
    total = client.get(url).json()["total"]
    while url:
        response = client.get(url)
        page = response.json()
        seen += [p["id"] for p in page["items"]]
        pages += 1
        link = response.headers.get("link")
        assert (link is None) == (page["next_cursor"] is None)
        url = link.split(";")[0].strip("<>").replace("http://testserver", "") if link else None
    assert len(seen) == len(set(seen)) == total == 27
    assert pages == 6
    ids = [p["id"] for p in client.get(f"/v1/persons?limit=100&sort={sort}").json()["items"]]
    assert seen == ids


def test_walking_events_with_null_dates(client):
    seen, cursor = [], None
    while True:
        page = client.get("/v1/events", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [e["slug"] for e in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 6


def test_health_and_ready(client):
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/ready").json() == {"status": "ok"}


@pytest.mark.parametrize("ref", ["99999999999999999999999", "2147483648"])
def test_huge_numeric_ref_is_404(client, ref):
    assert_problem(client.get(f"/v1/persons/{ref}"), 404)


def test_nul_character_is_a_422_on_both_engines(client):
    # PostgreSQL text cannot hold NUL; SQLite could, so the schemas refuse it before either sees it
    assert_problem(client.post("/v1/persons", json={"name": "Ім\u0000я"}), 422)
