from tests.helpers import assert_problem


def _ids(client):
    kellogg = client.get("/v1/persons/keith-kellogg").json()["id"]
    minsk = client.get("/v1/places/minsk").json()["id"]
    article = client.get("/v1/articles?limit=1").json()["items"][0]["id"]
    return kellogg, minsk, article


def test_create_event_with_participants_and_located_quote(client):
    kellogg, minsk, article = _ids(client)
    quote = "США призупинили діяльність свого посольства у 2022 році."
    created = client.post("/v1/events", json={
        "title": "Заява Келлога", "type": "statement", "date_start": "2025-02", "place_id": minsk,
        "participants": [{"person_id": kellogg, "role": "envoy"}],
        "sources": [{"article_id": article, "quote": quote}],
    })
    assert created.status_code == 201, created.text
    event = created.json()
    assert (event["date_start"], event["date_precision"]) == ("2025-02", "month")
    assert event["participants"] == [{"entity": {"kind": "person", "id": kellogg, "slug": "keith-kellogg",
                                                 "name": "Кіт Келлог"}, "role": "envoy"}]
    source = event["sources"][0]
    body = client.get(f"/v1/articles/{article}").json()["body"]
    assert body[source["start"]:source["end"]] == quote
    kellogg_events = client.get("/v1/persons/keith-kellogg/events").json()["items"]
    assert event["slug"] in {e["slug"] for e in kellogg_events}


def test_event_reference_errors_are_422(client):
    _, _, article = _ids(client)
    body = assert_problem(client.post("/v1/events", json={
        "title": "x", "type": "meeting", "participants": [{"person_id": 99999}]}), 422)
    assert "no person with id 99999" in body["detail"]
    body = assert_problem(client.post("/v1/events", json={
        "title": "x", "type": "meeting", "sources": [{"article_id": article, "quote": "не з тексту"}]}), 422)
    assert "quote" in body["detail"]
    assert_problem(client.post("/v1/events", json={"title": "x", "type": "picnic"}), 422)
    assert_problem(client.post("/v1/events", json={
        "title": "x", "type": "visit", "date_start": "2020-13"}), 422)
    assert_problem(client.post("/v1/events", json={
        "title": "x", "type": "visit", "date_start": "2021-02-30"}), 422)
    assert_problem(client.post("/v1/events", json={
        "title": "x", "type": "visit", "participants": [{"person_id": 1, "place_id": 1}]}), 422)


def test_patch_and_delete_event(client):
    patched = client.patch("/v1/events/belarus-election-2020", json={"date_start": "2020-08-09"})
    assert (patched.json()["date_start"], patched.json()["date_precision"]) == ("2020-08-09", "day")
    assert_problem(client.patch("/v1/events/belarus-election-2020", json={"type": None}), 422)
    assert client.delete("/v1/events/belarus-election-2020").status_code == 204
    assert_problem(client.get("/v1/events/belarus-election-2020"), 404)
    # the article that reported it stays
    assert client.get("/v1/articles/1").status_code == 200


def test_event_filters(client):
    def slugs(query):
        return {e["slug"] for e in client.get(f"/v1/events?{query}&limit=100").json()["items"]}

    assert slugs("type=visit") == {"pompeo-visit-minsk-2020"}
    assert slugs("date_from=2020&date_to=2020") == {"pompeo-visit-minsk-2020", "belarus-election-2020"}
    assert slugs("date_from=2021") == {"us-embassy-belarus-suspended-2022"}
    assert slugs("place=minsk") == {"pompeo-visit-minsk-2020", "kellogg-lukashenko-talks-minsk"}
    assert slugs("participant=keith-kellogg") == {"kellogg-lukashenko-talks-minsk"}
    assert "belarus-grants-russia-military-infrastructure" in slugs("country=RU")
    assert_problem(client.get("/v1/events?date_from=yesterday"), 422)
    assert_problem(client.get("/v1/events?place=atlantis"), 404)


def test_events_latest_first_unknown_dates_last(client):
    items = client.get("/v1/events?limit=100").json()["items"]
    dates = [e["date_start"] for e in items]
    assert dates[:3] == ["2022", "2020", "2020"]
    assert dates[3:] == [None, None, None]


def test_event_articles(client):
    items = client.get("/v1/events/pompeo-visit-minsk-2020/articles").json()["items"]
    assert [a["slug"] for a in items] == ["kellogg-lukashenko-talks-minsk-newsweek"]


def test_an_unknown_place_is_a_422_naming_where_it_is(client):
    for method, path in (("post", "/v1/events"), ("patch", "/v1/events/kellogg-lukashenko-talks-minsk")):
        body = {"title": "Зустріч", "type": "meeting", "place_id": 99999}
        problem = assert_problem(getattr(client, method)(path, json=body), 422)
        assert "no place with id 99999" in problem["detail"]
        assert problem["errors"][0]["loc"] == ["body", "place_id"]


def test_event_search_hits_carry_a_snippet(client):
    items = client.get("/v1/events", params={"q": "переговорів"}).json()["items"]
    assert items
    assert all("<mark>" in item["snippet"] for item in items)
    assert client.get("/v1/events").json()["items"][0]["snippet"] is None
