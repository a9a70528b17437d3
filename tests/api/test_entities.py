"""Organizations and places: CRUD, aliases, and the events that hold them."""

from tests.helpers import assert_problem


def test_organization_crud(client):
    created = client.post("/v1/organizations", json={
        "name": "Міністерство закордонних справ України", "name_en": "Ministry of Foreign Affairs of Ukraine",
        "kind": "government", "country": "UA", "aliases": [{"alias": "МЗС України", "kind": "other"}],
    })
    assert created.status_code == 201, created.text
    org = created.json()
    assert org["slug"] == "ministry-of-foreign-affairs-of-ukraine"
    assert {"МЗС України", "Ministry of Foreign Affairs of Ukraine"} <= {a["alias"] for a in org["aliases"]}
    assert client.patch(f"/v1/organizations/{org['slug']}", json={"kind": "other"}).json()["kind"] == "other"
    assert client.delete(f"/v1/organizations/{org['id']}").status_code == 204
    assert_problem(client.get(f"/v1/organizations/{org['id']}"), 404)


def test_organization_in_event_is_kept(client):
    assert_problem(client.delete("/v1/organizations/us-embassy-belarus"), 409)
    assert client.delete("/v1/organizations/belta").status_code == 204


def test_place_crud_and_linking(client):
    kyiv = {"name": "Київ", "name_en": "Kyiv", "kind": "city", "country_code": "UA"}
    created = client.post("/v1/places", json=kyiv)
    assert created.status_code == 201
    assert client.get("/v1/places/kyiv").json()["name"] == "Київ"
    body = assert_problem(client.post("/v1/places", json={"name": "Київ", "slug": "kyiv"}), 409)
    assert "kyiv" in body["detail"]
    assert_problem(client.post("/v1/places", json={"name": "Десь", "kind": "planet"}), 422)


def test_place_of_an_event_cannot_be_deleted(client):
    body = assert_problem(client.delete("/v1/places/minsk"), 409)
    assert "event" in body["detail"]
    assert client.delete("/v1/places/washington").status_code == 204
    mentions = client.get("/v1/articles/1/mentions").json()
    assert "washington" not in {m["entity"]["slug"] for m in mentions}


def test_new_alias_links_mentions(client):
    client.patch("/v1/organizations/belta", json={"aliases": [{"alias": "Білоруське державне агентство"}]})
    article = client.get("/v1/articles/1").json()
    mentions = [m for m in client.get("/v1/articles/1/mentions").json() if m["entity"]["slug"] == "belta"]
    surfaces = {m["surface"] for m in mentions}
    assert "Белта" in surfaces
    assert "білоруське державне агентство" in surfaces
    for m in mentions:
        assert article[m["field"]][m["start"]:m["end"]] == m["surface"]


def test_places_filter_by_kind_and_country(client):
    slugs = {p["slug"] for p in client.get("/v1/places?kind=city&country=BY").json()["items"]}
    assert slugs == {"minsk"}


def test_organization_and_place_relations(client):
    events = client.get("/v1/organizations/us-embassy-belarus/events").json()["items"]
    assert [e["slug"] for e in events] == ["us-embassy-belarus-suspended-2022"]
    articles = client.get("/v1/organizations/belta/articles").json()["items"]
    assert [a["slug"] for a in articles] == ["kellogg-lukashenko-talks-minsk-newsweek"]
    # a place's events: those held there and those it takes part in (as a country), latest first
    belarus = [e["slug"] for e in client.get("/v1/places/belarus/events").json()["items"]]
    assert set(belarus) == {"pompeo-visit-minsk-2020", "belarus-election-2020",
                            "belarus-protests-after-election-2020", "us-embassy-belarus-suspended-2022",
                            "belarus-grants-russia-military-infrastructure"}
    assert belarus.index("us-embassy-belarus-suspended-2022") < belarus.index("belarus-election-2020")
    minsk = {e["slug"] for e in client.get("/v1/places/minsk/events").json()["items"]}
    assert minsk == {"kellogg-lukashenko-talks-minsk", "pompeo-visit-minsk-2020"}
    assert client.get("/v1/places/russia/articles").json()["items"][0]["id"] == 1
    assert_problem(client.get("/v1/organizations/nobody/events"), 404)
    assert_problem(client.get("/v1/places/atlantis/articles"), 404)


def test_articles_and_events_filtered_by_organization_or_place(client):
    assert [a["id"] for a in client.get("/v1/articles?organization=belta&place=minsk").json()["items"]] == [1]
    client.post("/v1/places", json={"name": "Київ", "name_en": "Kyiv", "kind": "city", "country_code": "UA"})
    assert client.get("/v1/articles?place=kyiv").json()["items"] == []
    events = client.get("/v1/events?organization=us-embassy-belarus").json()["items"]
    assert [e["slug"] for e in events] == ["us-embassy-belarus-suspended-2022"]
    body = assert_problem(client.get("/v1/articles?organization=nobody"), 404)
    assert "nobody" in body["detail"]


def test_organizations_and_places_embed_and_trim(client):
    org = client.get("/v1/organizations/us-embassy-belarus?include=events&fields=name").json()
    embassy_closure = client.get("/v1/events/us-embassy-belarus-suspended-2022",
                                 params={"fields": "slug,title,type,date_start,date_precision"}).json()
    assert org == {"id": org["id"], "name": org["name"], "events": [embassy_closure]}
    places = client.get("/v1/places?kind=country&include=articles,events&fields=name").json()["items"]
    by_name = {p["name"]: p for p in places}
    assert [a["id"] for a in by_name["Росія"]["articles"]] == [1]
    ukraine_events = {e["slug"] for e in by_name["Україна"]["events"]}
    assert ukraine_events == {"belarus-grants-russia-military-infrastructure"}
    body = assert_problem(client.get("/v1/places/minsk?include=persons"), 400)
    assert "articles, events" in body["detail"]
