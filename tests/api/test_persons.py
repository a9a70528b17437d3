from tests.helpers import assert_problem


def test_get_person_by_id_or_slug(client):
    by_slug = client.get("/v1/persons/keith-kellogg").json()
    assert client.get(f"/v1/persons/{by_slug['id']}").json() == by_slug
    assert_problem(client.get("/v1/persons/keith-kellog"), 404)
    assert_problem(client.get("/v1/persons/999999"), 404)


def test_create_person_gets_aliases_and_links_existing_mentions(client):
    created = client.post("/v1/persons", json={
        "name": "Олександр Лукашенко-молодший", "name_en": "Junior", "country": "BY",
        "offices": [{"title": "посада", "start": "2020"}],
    })
    assert created.status_code == 201, created.text
    person = created.json()
    assert person["slug"] == "junior"
    kinds = {a["kind"]: a["alias"] for a in person["aliases"]}
    assert kinds["transliteration"] == "Oleksandr Lukashenko-molodshyi"
    assert person["offices"][0]["start"] == "2020"
    assert person["offices"][0]["start_precision"] == "year"


def test_new_person_is_linked_in_existing_articles(client):
    assert client.delete("/v1/persons/donald-trump").status_code == 204
    created = client.post("/v1/persons", json={
        "name": "Дональд Трамп", "family_name": "Трамп", "name_en": "Donald Trump", "slug": "donald-trump",
    })
    assert created.status_code == 201
    mentions = client.get("/v1/articles/1/mentions").json()
    assert [m["surface"] for m in mentions if m["entity"]["slug"] == "donald-trump"] == ["Дональда Трампа"]


def test_a_first_name_alone_is_never_linked(client):
    client.post("/v1/persons", json={"name": "Кіт", "given_name": "Кіт"})
    mentions = client.get("/v1/articles/1/mentions").json()
    assert not [m for m in mentions if m["entity"]["name"] == "Кіт"]


def test_patch_person_and_version(client):
    person = client.get("/v1/persons/donald-trump").json()
    patched = client.patch("/v1/persons/donald-trump", json={"description": "Президент США"})
    assert patched.status_code == 200
    assert patched.json()["description"] == "Президент США"
    assert patched.json()["version"] == person["version"] + 1
    unchanged = client.patch("/v1/persons/donald-trump", json={"description": "Президент США"})
    assert unchanged.json()["version"] == person["version"] + 1
    assert_problem(client.patch("/v1/persons/donald-trump", json={"name": None}), 422)
    assert_problem(client.patch("/v1/persons/donald-trump", json={"country": "usa"}), 422)


def test_stale_if_match_is_refused(client):
    person = client.get("/v1/persons/donald-trump").json()
    client.patch("/v1/persons/donald-trump", json={"description": "one"})
    stale = client.patch("/v1/persons/donald-trump", json={"description": "two"},
                         headers={"If-Match": f'"{person["version"]}"'})
    assert_problem(stale, 412)
    assert client.get("/v1/persons/donald-trump").json()["description"] == "one"


def test_duplicate_slug_is_409(client):
    body = assert_problem(client.post("/v1/persons", json={"name": "Хтось", "slug": "mike-pompeo"}), 409)
    assert "mike-pompeo" in body["detail"]
    assert_problem(client.patch("/v1/persons/donald-trump", json={"slug": "mike-pompeo"}), 409)


def test_person_in_events_cannot_be_deleted(client):
    body = assert_problem(client.delete("/v1/persons/mike-pompeo"), 409)
    assert "event" in body["detail"]
    assert client.get("/v1/persons/mike-pompeo").status_code == 200


def test_delete_person_removes_their_mentions(client):
    assert client.delete("/v1/persons/donald-trump").status_code == 204
    assert_problem(client.get("/v1/persons/donald-trump"), 404)
    mentions = client.get("/v1/articles/1/mentions").json()
    assert "donald-trump" not in {m["entity"]["slug"] for m in mentions}


def test_person_relations(client):
    events = client.get("/v1/persons/mike-pompeo/events").json()["items"]
    assert [e["slug"] for e in events] == ["pompeo-visit-minsk-2020"]
    articles = client.get("/v1/persons/keith-kellogg/articles").json()["items"]
    assert [a["slug"] for a in articles] == ["kellogg-lukashenko-talks-minsk-newsweek"]
    connections = client.get("/v1/persons/keith-kellogg/connections").json()
    assert connections[0]["person"]["slug"] == "alexander-lukashenko"
    assert connections[0]["shared_events"] == 1
    assert_problem(client.get("/v1/persons/nobody/events"), 404)


def test_persons_by_country(client):
    slugs = {p["slug"] for p in client.get("/v1/persons?country=US").json()["items"]}
    assert slugs == {"keith-kellogg", "mike-pompeo", "donald-trump"}
