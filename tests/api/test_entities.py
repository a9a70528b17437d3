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
    created = client.post("/v1/places", json={"name": "Київ", "name_en": "Kyiv", "kind": "city", "country_code": "UA"})
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
    assert "Белта" in surfaces and "білоруське державне агентство" in surfaces
    for m in mentions:
        assert article[m["field"]][m["start"]:m["end"]] == m["surface"]


def test_places_filter_by_kind_and_country(client):
    slugs = {p["slug"] for p in client.get("/v1/places?kind=city&country=BY").json()["items"]}
    assert slugs == {"minsk"}
