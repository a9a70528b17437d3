"""Who met whom: Kellogg's graph, its evidence, its bounds, and /connections agreeing."""

from tests.helpers import assert_problem


def edge(body, a: str, b: str) -> dict:
    ids = {n["data"]["slug"]: n["id"] for n in body["nodes"]}
    wanted = {ids[a], ids[b]}
    return next(e["data"] for e in body["edges"] if {e["source"], e["target"]} == wanted)


def test_kellogg_meets_lukashenko_through_the_minsk_talks(client):
    body = client.get("/v1/graph", params={"person": "keith-kellogg"}).json()
    assert body["nodes"][0]["data"] == {"id": "person:1", "kind": "person", "entity_id": 1,
                                        "slug": "keith-kellogg", "name": "Кіт Келлог", "depth": 0}
    assert body["nodes"][1]["data"]["slug"] == "alexander-lukashenko"  # the strongest link comes first
    link = edge(body, "keith-kellogg", "alexander-lukashenko")
    assert (link["shared_events"], link["co_mentions"], link["weight"]) == (1, 1, 2)
    assert [e["slug"] for e in link["events"]] == ["kellogg-lukashenko-talks-minsk"]
    assert [a["slug"] for a in link["articles"]] == ["kellogg-lukashenko-talks-minsk-newsweek"]
    assert body["truncated"] is False
    for item in body["nodes"] + body["edges"]:  # one shape for cytoscape.js (data) and d3 (top level)
        assert item["id"] == item["data"]["id"]
    for item in body["edges"]:
        assert (item["source"], item["target"]) == (item["data"]["source"], item["data"]["target"])
    assert all(e["source"] == body["nodes"][0]["id"] for e in body["edges"])  # depth 1: a star


def test_the_graph_agrees_with_connections(client):
    body = client.get("/v1/graph", params={"person": "keith-kellogg"}).json()
    connections = client.get("/v1/persons/keith-kellogg/connections").json()
    persons = {n["data"]["slug"] for n in body["nodes"][1:] if n["data"]["kind"] == "person"}
    assert persons == {c["person"]["slug"] for c in connections}
    for c in connections:
        link = edge(body, "keith-kellogg", c["person"]["slug"])
        assert (link["shared_events"], link["co_mentions"]) == (c["shared_events"], c["shared_articles"])


def test_bounded_with_truncated(client):
    body = client.get("/v1/graph", params={"person": "keith-kellogg", "limit": 3}).json()
    assert len(body["nodes"]) == 3
    assert body["truncated"] is True
    assert [n["data"]["slug"] for n in body["nodes"]][:2] == ["keith-kellogg", "alexander-lukashenko"]


def test_depth_two_and_since(client):
    person = client.post("/v1/persons", json={"name": "Ганна Приклад"}).json()
    lukashenko = client.get("/v1/persons/alexander-lukashenko").json()
    event = client.post("/v1/events", json={
        "title": "Зустріч у Мінську", "type": "meeting", "slug": "sample-meeting", "date_start": "2023-05",
        "participants": [{"person_id": person["id"], "role": "guest"},
                         {"person_id": lukashenko["id"], "role": "host"}]})
    assert event.status_code == 201, event.text
    one = client.get("/v1/graph", params={"person": "keith-kellogg"}).json()
    assert person["slug"] not in {n["data"]["slug"] for n in one["nodes"]}
    two = client.get("/v1/graph", params={"person": "keith-kellogg", "depth": 2}).json()
    depths = {n["data"]["slug"]: n["data"]["depth"] for n in two["nodes"]}
    assert (depths["keith-kellogg"], depths["alexander-lukashenko"], depths[person["slug"]]) == (0, 1, 2)
    link = edge(two, "alexander-lukashenko", person["slug"])
    assert [e["slug"] for e in link["events"]] == ["sample-meeting"]
    assert (link["shared_events"], link["co_mentions"]) == (1, 0)
    since = client.get("/v1/graph", params={"place": "belarus", "since": "2021"}).json()
    assert {n["data"]["slug"] for n in since["nodes"]} == {"belarus", "united-states", "us-embassy-belarus"}


def test_exactly_one_centre(client):
    assert_problem(client.get("/v1/graph"), 422)
    assert_problem(client.get("/v1/graph", params={"person": "keith-kellogg", "place": "minsk"}), 422)
    assert_problem(client.get("/v1/graph", params={"person": "nobody-at-all"}), 404)


def test_depth_two_at_the_cap_links_the_nodes_it_has(client):
    """The cap applies while expanding: when the first ring fills it, the second step adds no node
    but still links the first ring, exactly as the uncapped graph links those nodes: the same
    counts and the same evidence (the newest five of more articles, the latest events, undated last)."""
    people = {slug: client.get(f"/v1/persons/{slug}").json()["id"]
              for slug in ("keith-kellogg", "alexander-lukashenko")}
    for i in range(7):
        created = client.post("/v1/articles", json={
            "title": f"Келлог і Лукашенко, розмова {i}",
            "body": f"Кіт Келлог і Олександр Лукашенко обговорили питання номер {i}."})
        assert created.status_code == 201, created.text
    for n, day in enumerate(["2019-04", None, "2024-03-05", "2021"]):
        created = client.post("/v1/events", json={
            "title": f"Розмова {n}", "type": "meeting", "slug": f"call-{n}",
            **({"date_start": day} if day else {}),
            "participants": [{"person_id": people["keith-kellogg"], "role": "participant"},
                             {"person_id": people["alexander-lukashenko"], "role": "participant"}]})
        assert created.status_code == 201, created.text
    one = client.get("/v1/graph", params={"person": "keith-kellogg"}).json()
    kept = {n["id"] for n in one["nodes"]}
    capped = client.get("/v1/graph", params={"person": "keith-kellogg", "depth": 2,
                                             "limit": len(kept)}).json()
    full = client.get("/v1/graph", params={"person": "keith-kellogg", "depth": 2, "limit": 500}).json()
    assert {n["id"] for n in capped["nodes"]} == kept
    assert len(full["nodes"]) > len(kept)
    assert capped["truncated"] is True
    assert full["truncated"] is False

    def weights(body):
        return {e["id"]: (e["data"]["shared_events"], e["data"]["co_mentions"], e["data"]["events"],
                          e["data"]["articles"])
                for e in body["edges"] if e["source"] in kept and e["target"] in kept}
    assert weights(capped) == weights(full)
    pair = edge(capped, "keith-kellogg", "alexander-lukashenko")
    assert (pair["shared_events"], pair["co_mentions"]) == (5, 8)
    # latest first, the undated last (newest of them first); the newest five articles
    assert [e["slug"] for e in pair["events"]] == ["call-2", "call-3", "call-0", "call-1",
                                                   "kellogg-lukashenko-talks-minsk"]
    newest = [f"kelloh-i-lukashenko-rozmova-{i}" for i in (6, 5, 4, 3, 2)]
    assert [a["slug"] for a in pair["articles"]] == newest
    assert len(capped["edges"]) > len(one["edges"])  # links within the first ring too


def test_the_cap_keeps_the_strongest_neighbours(client):
    """Capped at k nodes, a graph keeps the k - 1 neighbours the uncapped graph ranks first (most
    shared events, then most co-mentions, then kind and id), in that order, with the same counts
    and evidence, for every entity of the seed and every cap: whichever way the neighbours were
    picked (by shared events alone when more entities share events than there is room)."""
    checked = 0
    for kind, plural in (("person", "persons"), ("organization", "organizations"), ("place", "places")):
        for entity in client.get(f"/v1/{plural}", params={"limit": 100}).json()["items"]:
            full = client.get("/v1/graph", params={kind: entity["slug"], "limit": 500}).json()
            centre = full["nodes"][0]["id"]
            strength = {e["target"]: e["data"] for e in full["edges"]}  # a star: every edge from the centre
            keys = {n["id"]: (n["data"]["kind"], n["data"]["entity_id"]) for n in full["nodes"]}

            def rank(node, strength=strength, keys=keys):
                return -strength[node]["shared_events"], -strength[node]["co_mentions"], keys[node]
            ranked = sorted(strength, key=rank)
            for cap in range(2, len(ranked) + 1):
                capped = client.get("/v1/graph", params={kind: entity["slug"], "limit": cap}).json()
                kept = [n["id"] for n in capped["nodes"]]
                assert kept == [centre, *ranked[:cap - 1]], (entity["slug"], cap)
                assert all(e["data"] == strength[e["target"]] for e in capped["edges"])
                assert capped["truncated"] is (cap - 1 < len(ranked))
                checked += 1
    assert checked > 20


def test_a_crowd_tied_on_one_event_is_ranked_like_the_uncapped_graph(client):
    """Seventy people at one reception with one host, each sharing only that event with her: the
    capped graph keeps whom the uncapped one ranks first (here the host's co-mentioned guests,
    then by kind and id), however many are tied: a cap of 2 leaves more tied than the graph reads
    one by one (it counts in SQL), a cap of 30 fewer (it reads each contender's rows)."""
    host = client.post("/v1/persons", json={"name": "Марта Гостинна"}).json()
    guests = [client.post("/v1/persons", json={"name": f"Гість Номер{n}"}).json() for n in range(70)]
    created = client.post("/v1/events", json={
        "title": "Прийом у резиденції", "type": "meeting", "slug": "crowded-reception",
        "date_start": "2024-06",
        "participants": [{"person_id": p["id"], "role": "participant"} for p in [host, *guests]]})
    assert created.status_code == 201, created.text
    full = client.get("/v1/graph", params={"person": host["slug"], "limit": 500}).json()
    strength = {e["target"]: e["data"] for e in full["edges"]}
    assert len(strength) == 70
    assert all(d["shared_events"] == 1 for d in strength.values())
    keys = {n["id"]: (n["data"]["kind"], n["data"]["entity_id"]) for n in full["nodes"]}
    ranked = sorted(strength, key=lambda n: (-strength[n]["co_mentions"], keys[n]))
    for cap in (2, 5, 30):
        capped = client.get("/v1/graph", params={"person": host["slug"], "limit": cap}).json()
        assert [n["id"] for n in capped["nodes"]][1:] == ranked[:cap - 1], cap
        assert capped["truncated"] is True
