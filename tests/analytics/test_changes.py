"""The change feed: written with each change, in order, with tombstones."""

from sqlalchemy import select

from app.models import Change
from tests.helpers import assert_problem


def feed_after(client, since: str, **params) -> list[dict]:
    response = client.get("/v1/changes", params={"since": since, "limit": 1000, **params})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def head(client) -> str:
    cursor = "0"
    while True:
        page = client.get("/v1/changes", params={"since": cursor, "limit": 1000}).json()
        cursor = page["next_since"]
        if not page["has_more"]:
            return cursor


def test_the_seed_is_in_the_feed_as_creates(client):
    items = feed_after(client, "0")
    seeded = {(c["kind"], c["ref"]) for c in items if c["op"] == "create"}
    assert {("person", "keith-kellogg"), ("person", "alexander-lukashenko"), ("place", "minsk"),
            ("event", "kellogg-lukashenko-talks-minsk"), ("organization", "belta")} <= seeded
    assert [c["seq"] for c in items] == sorted(c["seq"] for c in items)


def test_feed_replays_a_create_update_delete_of_a_person_exactly(client):
    cursor = head(client)
    created = client.post("/v1/persons", json={"name": "Ганна Приклад", "country": "UA"})
    assert created.status_code == 201, created.text
    person = created.json()
    updated = client.patch(f"/v1/persons/{person['id']}",  # a rename flushes in steps: still one change
                           json={"description": "Посолка.", "name": "Ганна Зразок"})
    assert updated.status_code == 200
    stale = client.patch(f"/v1/persons/{person['id']}", json={"description": "Ні."},
                         headers={"If-Match": '"1"'})
    assert stale.status_code == 412  # refused: not in the feed
    assert client.delete(f"/v1/persons/{person['id']}").status_code == 204

    items = feed_after(client, cursor)
    assert [(c["kind"], c["id"], c["ref"], c["op"], c["version"], c["deleted"]) for c in items] == [
        ("person", person["id"], person["slug"], "create", 1, False),
        ("person", person["id"], person["slug"], "update", 2, False),
        ("person", person["id"], person["slug"], "delete", 2, True),
    ]
    assert feed_after(client, str(items[-1]["seq"])) == []


def test_an_unchanged_patch_writes_nothing(client):
    cursor = head(client)
    same = client.patch("/v1/persons/keith-kellogg", json={"name": "Кіт Келлог"})
    assert same.status_code == 200
    assert feed_after(client, cursor) == []


def test_pages_follow_the_cursor(client):
    cursor = head(client)
    for name in ("Перший Приклад", "Другий Приклад", "Третій Приклад"):
        assert client.post("/v1/persons", json={"name": name}).status_code == 201
    first = client.get("/v1/changes", params={"since": cursor, "limit": 2}).json()
    assert first["has_more"] is True
    second = client.get("/v1/changes", params={"since": first["next_since"], "limit": 2}).json()
    assert second["has_more"] is False
    names = [c["ref"] for c in first["items"] + second["items"]]
    assert names == ["pershyi-pryklad", "druhyi-pryklad", "tretii-pryklad"]
    assert second["next_since"] == str(second["items"][-1]["seq"])
    empty = client.get("/v1/changes", params={"since": second["next_since"]}).json()
    assert empty == {"items": [], "next_since": second["next_since"], "has_more": False}


def test_kind_filter_and_bad_cursor(client):
    items = feed_after(client, "0", kind="event")
    assert items
    assert {c["kind"] for c in items} == {"event"}
    assert_problem(client.get("/v1/changes", params={"since": "abc"}), 422)
    assert_problem(client.get("/v1/changes", params={"kind": "candidate"}), 422)


def test_a_delete_keeps_the_row_and_its_links_for_a_restore(client, session):
    cursor = int(head(client))
    assert client.delete("/v1/events/kellogg-lukashenko-talks-minsk").status_code == 204
    change = session.execute(select(Change).where(Change.id > cursor)).scalars().one()
    assert change.op == "delete"
    assert change.kind == "event"
    assert change.before["row"]["slug"] == "kellogg-lukashenko-talks-minsk"
    assert sorted(p["role"] for p in change.before["links"]["participants"]) == ["envoy", "host"]
    assert change.before["links"]["sources"][0]["quote"]


def test_the_actor_is_recorded(client, session):
    """The actor is the name of the API key the write came with (the suite's client sends
    `tests-admin`; app.api.security sets current_actor from it)."""
    cursor = int(head(client))
    assert client.post("/v1/persons", json={"name": "Оксана Приклад"}).status_code == 201
    change = session.execute(select(Change).where(Change.id > cursor)).scalars().one()
    assert (change.actor, change.op, change.before) == ("tests-admin", "create", None)
