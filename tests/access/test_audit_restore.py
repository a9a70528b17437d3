"""Who changed what, and nothing lost: the audit log names the key, a history shows every
version, and a deleted resource comes back with its links, through HTTP."""

import pytest

from tests.helpers import WRITE_HEADERS, assert_problem

ARTICLE = "kellogg-lukashenko-talks-minsk-newsweek"


def test_an_edit_is_in_the_history_with_the_key_and_the_previous_row(client, anonymous):
    before = client.get("/v1/persons/keith-kellogg").json()
    edited = anonymous.patch("/v1/persons/keith-kellogg", json={"description": "Спецпосланець США."},
                             headers=WRITE_HEADERS)
    assert edited.status_code == 200
    history = anonymous.get("/v1/persons/keith-kellogg/history").json()
    latest = history[0]
    assert latest["op"] == "update"
    assert latest["actor"] == "tests-write"
    assert latest["version"] == before["version"] + 1
    assert latest["before"]["row"]["description"] == before["description"]
    assert history[-1]["op"] == "create"


def test_the_audit_log_is_for_admins_and_filters_by_actor(client, anonymous):
    anonymous.patch("/v1/places/minsk", json={"description": "Столиця Білорусі."}, headers=WRITE_HEADERS)
    assert_problem(anonymous.get("/v1/audit"), 401)
    assert_problem(anonymous.get("/v1/audit", headers=WRITE_HEADERS), 403)
    page = client.get("/v1/audit", params={"actor": "tests-write", "limit": 1}).json()
    entry = page["items"][0]
    assert (entry["kind"], entry["ref"], entry["op"]) == ("place", "minsk", "update")
    assert entry["actor"] == "tests-write"




def test_a_deleted_article_comes_back_with_its_mentions_and_sources(client):
    article = client.get(f"/v1/articles/{ARTICLE}").json()
    mentions = client.get(f"/v1/articles/{ARTICLE}/mentions").json()
    event = client.get("/v1/events/kellogg-lukashenko-talks-minsk").json()
    assert mentions
    assert any(s["article"]["id"] == article["id"] for s in event["sources"])

    assert client.delete(f"/v1/articles/{ARTICLE}").status_code == 204
    assert client.get(f"/v1/articles/{ARTICLE}").status_code == 404
    history = client.get(f"/v1/articles/{ARTICLE}/history").json()
    assert history[0]["op"] == "delete"
    assert history[0]["actor"] == "tests-admin"
    assert history[0]["before"]["links"]["mentions"]

    restored = client.post(f"/v1/articles/{ARTICLE}/restore")
    assert restored.status_code == 201, restored.text
    assert restored.json()["links"]["mentions"] == len(history[0]["before"]["links"]["mentions"])
    assert restored.headers["location"] == f"/v1/articles/{article['id']}"
    again = client.get(f"/v1/articles/{ARTICLE}").json()
    assert {k: v for k, v in again.items() if k != "updated_at"} == {
        k: v for k, v in article.items() if k != "updated_at"}
    assert client.get(f"/v1/articles/{ARTICLE}/mentions").json() == mentions
    assert client.get("/v1/events/kellogg-lukashenko-talks-minsk").json()["sources"] == event["sources"]
    assert client.get(f"/v1/articles/{ARTICLE}/history").json()[0]["op"] == "restore"
    assert client.get("/v1/search", params={"q": "Келлогові", "kinds": "article"}).json()["items"]
    assert_problem(client.post(f"/v1/articles/{ARTICLE}/restore"), 409)


@pytest.mark.parametrize(("collection", "body"), [
    ("persons", {"name": "Северин Відновлений", "slug": "severyn-vidnovlenyi",
                 "name_en": "Severyn Restored", "offices": [{"title": "посол", "country": "UA"}]}),
    ("organizations", {"name": "Агенція Відновлення", "slug": "ahentsiia-vidnovlennia",
                       "kind": "news_agency"}),
    ("places", {"name": "Відновленськ", "slug": "vidnovlensk", "kind": "city"}),
])
def test_a_deleted_entity_comes_back_with_its_aliases(client, collection, body):
    created = client.post(f"/v1/{collection}", json=body)
    assert created.status_code == 201, created.text
    slug = body["slug"]
    assert client.delete(f"/v1/{collection}/{slug}").status_code == 204
    restored = client.post(f"/v1/{collection}/{slug}/restore")
    assert restored.status_code == 201, restored.text
    assert restored.json()["links"]["aliases"] >= 1
    assert client.get(f"/v1/{collection}/{slug}").json() == created.json()


def test_a_deleted_event_comes_back_with_its_participants(client):
    event = client.get("/v1/events/kellogg-lukashenko-talks-minsk").json()
    assert client.delete("/v1/events/kellogg-lukashenko-talks-minsk").status_code == 204
    restored = client.post("/v1/events/kellogg-lukashenko-talks-minsk/restore")
    assert restored.status_code == 201, restored.text
    assert restored.json()["links"]["participants"] == len(event["participants"])
    assert client.get("/v1/events/kellogg-lukashenko-talks-minsk").json() == event


def test_restore_needs_a_write_key_and_a_known_resource(anonymous, client):
    assert_problem(anonymous.post("/v1/persons/keith-kellogg/restore"), 401)
    assert_problem(client.post("/v1/persons/keith-kellogg/restore"), 409)  # not deleted
    assert_problem(client.post("/v1/persons/nobody-ever-here/restore"), 404)
    assert_problem(client.get("/v1/persons/nobody-ever-here/history"), 404)
