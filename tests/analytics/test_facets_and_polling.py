"""facets= over the whole filtered list; updated_since= on every list; offices at a date."""

from datetime import UTC, datetime

from app.main import create_app
from tests.helpers import assert_problem
from tests.ingest.docs import NEW_PEOPLE, ONE_MORE_PETRENKO
from tests.ingest.test_documents import ingest

# Paged lists that are not collections of rows that change: a ranked search, and the feeds
# whose own cursor is already "since" (`since=`, `before=`).
NOT_POLLED = {"search", "listChanges", "listAudit"}


def values(facet) -> list[tuple]:
    return [(v["value"], v["count"]) for v in facet["values"]]


def test_event_facets_count_the_whole_filtered_list_not_the_page(client):
    body = client.get("/v1/events", params={"facets": "type,year,person,place,organization",
                                            "limit": 1}).json()
    assert len(body["items"]) == 1
    facets = body["facets"]
    assert sum(v["count"] for v in facets["type"]["values"]) == 6
    assert values(facets["year"]) == [(None, 3), ("2020", 2), ("2022", 1)]
    assert values(facets["person"]) == [("alexander-lukashenko", 1), ("keith-kellogg", 1), ("mike-pompeo", 1)]
    assert values(facets["place"]) == [("belarus", 2), ("minsk", 2)]  # where they were held
    assert values(facets["organization"]) == [("us-embassy-belarus", 1)]
    assert facets["type"]["truncated"] is False
    by_country = client.get("/v1/events", params={"country": "US", "facets": "type"}).json()["facets"]
    assert values(by_country["type"]) == [("diplomatic_relations", 1), ("visit", 1)]
    assert [v["label"] for v in by_country["type"]["values"]] == ["дипломатичні відносини", "візит"]


def test_article_facets(client):
    client.post("/v1/articles", json={"title": "Келлог і Лукашенко", "outlet": "Укрінформ",
                                      "body": "Кіт Келлог знову зустрівся з Олександром Лукашенком.",
                                      "published_at": "2025-02-03T10:00:00Z"})
    facets = client.get("/v1/articles", params={
        "person": "keith-kellogg", "facets": "person,outlet,year,language"}).json()["facets"]
    assert ("keith-kellogg", 2) in values(facets["person"])
    assert ("alexander-lukashenko", 2) in values(facets["person"])
    assert ("mike-pompeo", 1) in values(facets["person"])
    assert values(facets["outlet"]) == [("NewsWeek", 1), ("Укрінформ", 1)]
    assert values(facets["year"]) == [("2025", 1), (None, 1)]  # equal counts: by value, none last
    assert values(facets["language"]) == [("uk", 2)]
    plain = client.get("/v1/articles").json()
    assert plain["facets"] is None


def test_year_facet_of_every_article_counts_utc_years(client):
    """Unfiltered, years are counted by ranges of the date index; filtered, by a GROUP BY: the
    same answer, years in UTC (23:30 on 31 December in Kyiv is still that year's UTC evening)."""
    times = ("2019-12-31T23:30:00Z", "2020-01-01T00:30:00+02:00", "2020-06-01T00:00:00Z")
    for n, when in enumerate(times):
        created = client.post("/v1/articles", json={"title": f"Рік {n}", "body": f"Текст про рік {n}.",
                                                   "published_at": when})
        assert created.status_code == 201, created.text
    every = client.get("/v1/articles", params={"facets": "year"}).json()["facets"]["year"]
    assert values(every) == [("2019", 2), ("2020", 1), (None, 1)]
    filtered = client.get("/v1/articles", params={"facets": "year", "language": "uk"}).json()
    assert values(filtered["facets"]["year"]) == values(every)


def test_unknown_facet_is_a_422_naming_the_parameter(client):
    """The facets a list offers are declared in its parameter's pattern, so another is a 422."""
    for path, facet in (("/v1/articles", "type"), ("/v1/events", "outlet")):
        body = assert_problem(client.get(path, params={"facets": facet}), 422)
        assert body["errors"][0]["loc"] == ["query", "facets"]


def test_updated_since_on_every_list(client):
    before = datetime.now(UTC).isoformat()
    assert client.patch("/v1/persons/mike-pompeo", json={"description": "Держсекретар."}).status_code == 200
    assert client.patch("/v1/places/minsk", json={"description": "Столиця."}).status_code == 200
    for path, expected in (("/v1/persons", ["mike-pompeo"]), ("/v1/places", ["minsk"]),
                           ("/v1/organizations", []), ("/v1/events", []), ("/v1/articles", [])):
        items = client.get(path, params={"updated_since": before}).json()["items"]
        assert [i["slug"] for i in items] == expected, path
    everyone = client.get("/v1/persons", params={"updated_since": "2000-01-01T00:00:00Z"}).json()["items"]
    assert len(everyone) == 4


def test_every_paged_list_declares_updated_since():
    """Every operation that pages with a cursor takes `updated_since`, declared like the others."""
    paths = create_app().openapi()["paths"]
    lists = {op["operationId"]: op for ops in paths.values() for method, op in ops.items()
             if method == "get" and any(p["name"] == "cursor" for p in op.get("parameters", []))}
    assert {"listArticles", "listPersonEvents", "listPlaceArticles", "listEventArticles",
            "listCandidates"} <= set(lists)
    for name, op in lists.items():
        if name in NOT_POLLED:
            continue
        declared = {p["name"]: p for p in op["parameters"]}
        assert "updated_since" in declared, name
        assert declared["updated_since"]["description"].startswith("Only rows created or changed"), name


def test_updated_since_on_relation_lists(client):
    kellogg_events = client.get("/v1/persons/keith-kellogg/events").json()["items"]
    assert kellogg_events
    before = datetime.now(UTC).isoformat()
    relation_lists = ("/v1/persons/keith-kellogg/events", "/v1/persons/keith-kellogg/articles",
                      "/v1/places/minsk/events", "/v1/places/minsk/articles",
                      "/v1/organizations/belta/articles", "/v1/organizations/us-embassy-belarus/events",
                      "/v1/events/kellogg-lukashenko-talks-minsk/articles")
    for path in relation_lists:
        response = client.get(path, params={"updated_since": before})
        assert response.status_code == 200, (path, response.text)
        assert response.json()["items"] == [], path
        assert client.get(path, params={"updated_since": "2000-01-01T00:00:00Z"}).json()["items"], path
    event = kellogg_events[0]
    changed = client.patch(f"/v1/events/{event['slug']}", json={"summary": "Переговори у Мінську."})
    assert changed.status_code == 200, changed.text
    polled = client.get("/v1/persons/keith-kellogg/events", params={"updated_since": before}).json()["items"]
    assert [e["slug"] for e in polled] == [event["slug"]]
    assert client.get("/v1/places/minsk/articles", params={"updated_since": before}).json()["items"] == []


def test_updated_since_takes_iso_8601_only_on_relation_lists_and_candidates(client):
    for path in ("/v1/persons/keith-kellogg/events", "/v1/events/kellogg-lukashenko-talks-minsk/articles",
                 "/v1/candidates"):
        for bad in ("0.5", "yesterday", "2020-13-01T00:00:00Z"):
            body = assert_problem(client.get(path, params={"updated_since": bad}), 422)
            assert body["errors"][0]["loc"] == ["query", "updated_since"], (path, bad)


def test_updated_since_on_candidates_sees_new_and_newly_mentioned_ones(client):
    ingest(client, NEW_PEOPLE)
    between = datetime.now(UTC).isoformat()
    assert client.get("/v1/candidates", params={"updated_since": between}).json()["items"] == []
    everyone = client.get("/v1/candidates", params={"updated_since": "2000-01-01T00:00:00Z"}).json()["items"]
    assert {"Олег Петренко", "Ганна Кравчук"} <= {c["name"] for c in everyone}
    ingest(client, ONE_MORE_PETRENKO)  # names Петренко again: his mentions changed
    polled = client.get("/v1/candidates", params={"updated_since": between}).json()["items"]
    assert "Олег Петренко" in {c["name"] for c in polled}
    assert "Ганна Кравчук" not in {c["name"] for c in polled}


def test_who_held_an_office_at_a_date(client):
    def person(name, start, end):
        created = client.post("/v1/persons", json={"name": name, "offices": [
            {"title": "Посол України в Білорусі", "country": "UA", "start": start, "end": end}]})
        assert created.status_code == 201, created.text
        return created.json()["slug"]

    early = person("Перший Посол", "2016-03", "2020-06-15")
    late = person("Другий Посол", "2020", None)
    unknown = person("Третій Посол", None, None)
    at = lambda when: [p["slug"] for p in client.get(  # noqa: E731
        "/v1/persons", params={"office": "посол україни", "at": when}).json()["items"]]
    assert sorted(at("2020")) == sorted([early, late])  # both held it during 2020
    assert at("2020-03") == [early]  # the later one began "2020": not known to hold it in March
    assert at("2020-07") == []  # the first had left; the second's start month is unknown
    assert at("2021-05") == [late]
    assert at("2015") == []
    assert unknown not in at("2021")
    assert sorted(p["slug"] for p in client.get("/v1/persons", params={"office": "посол"}).json()["items"]) \
        == sorted([early, late, unknown])  # without at=: any time
    pompeo = client.get("/v1/persons", params={"office": "державний секретар"}).json()["items"]
    assert [p["slug"] for p in pompeo] == ["mike-pompeo"]
