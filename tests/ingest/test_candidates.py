"""New people found at ingest: proposed, accepted into persons, or rejected for good."""

from tests.helpers import assert_problem
from tests.ingest.docs import NEW_PEOPLE, ONE_MORE_PETRENKO
from tests.ingest.test_documents import count, ingest


def pending(client) -> dict[str, dict]:
    return {c["name"]: c for c in client.get("/v1/candidates", params={"limit": 100}).json()["items"]}


def test_new_people_are_proposed_in_the_nominative_with_their_mentions(client):
    article = ingest(client, NEW_PEOPLE).json()["article"]
    candidates = pending(client)
    assert {"Олег Петренко", "Ганна Кравчук"} <= set(candidates)
    petrenko = candidates["Олег Петренко"]
    fields = (petrenko["given_name"], petrenko["family_name"], petrenko["status"])
    assert fields == ("Олег", "Петренко", "pending")
    surfaces = {m["surface"] for m in petrenko["mentions"]}
    assert {"Олег Петренко", "Олега Петренка", "Олегові Петренку"} <= surfaces
    assert petrenko["mention_count"] == len(petrenko["mentions"]) == 4
    for m in petrenko["mentions"]:
        assert m["article_id"] == article["id"]
        assert article[m["field"]][m["start"]:m["end"]] == m["surface"]
    assert "Олександр Лукашенко" not in candidates


def test_one_candidate_gathers_mentions_from_several_articles(client):
    ingest(client, NEW_PEOPLE)
    ingest(client, ONE_MORE_PETRENKO)
    petrenko = pending(client)["Олег Петренко"]
    assert len({m["article_id"] for m in petrenko["mentions"]}) == 2
    assert client.get(f"/v1/candidates/{petrenko['id']}").json()["mention_count"] == 6


def test_accept_creates_the_person_and_links_every_article(client):
    first = ingest(client, NEW_PEOPLE).json()["article"]
    second = ingest(client, ONE_MORE_PETRENKO).json()["article"]
    candidate = pending(client)["Олег Петренко"]
    persons_before = count(client, "/v1/persons")
    response = client.post(f"/v1/candidates/{candidate['id']}/accept")
    assert response.status_code == 200, response.text
    person = response.json()
    assert person["name"] == "Олег Петренко"
    assert {"Oleh Petrenko"} <= {a["alias"] for a in person["aliases"] if a["kind"] == "transliteration"}
    assert count(client, "/v1/persons") == persons_before + 1
    for article in (first, second):
        mentions = client.get(f"/v1/articles/{article['id']}/mentions").json()
        linked = {m["surface"] for m in mentions if m["entity"]["id"] == person["id"]}
        assert "Олег Петренко" in linked
    first_linked = client.get(f"/v1/articles/{first['id']}/mentions").json()
    assert {"Олега Петренка", "Олегові Петренку"} <= {m["surface"] for m in first_linked}
    assert "Олег Петренко" not in pending(client)
    accepted = client.get("/v1/candidates", params={"status": "accepted"}).json()["items"]
    assert [c["person_id"] for c in accepted if c["id"] == candidate["id"]] == [person["id"]]
    # a later document names the person: linked, not proposed again
    later = ingest(client, "Олег Петренко прибув до Праги\n\nОлега Петренка зустріли у Празі.").json()
    assert {m["entity"]["id"] for m in later["mentions"]} == {person["id"]}
    assert later["candidates"] == []


def test_rejected_names_are_not_proposed_again(client):
    ingest(client, NEW_PEOPLE)
    candidate = pending(client)["Ганна Кравчук"]
    response = client.post(f"/v1/candidates/{candidate['id']}/reject")
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    later = ingest(client, "Ганна Кравчук виступила в ООН\n\nГанна Кравчук закликала до миру.").json()
    assert "Ганна Кравчук" not in {c["name"] for c in later["candidates"]}
    assert "Ганна Кравчук" not in pending(client)
    assert_problem(client.post(f"/v1/candidates/{candidate['id']}/accept"), 409)
    assert_problem(client.post(f"/v1/candidates/{candidate['id']}/reject"), 409)


def test_unknown_candidate_is_404(client):
    assert_problem(client.get("/v1/candidates/999999"), 404)
    assert_problem(client.post("/v1/candidates/999999/accept"), 404)


def test_candidates_paginate(client):
    ingest(client, NEW_PEOPLE)
    first = client.get("/v1/candidates", params={"limit": 1})
    page = first.json()
    assert len(page["items"]) == 1
    assert page["next_cursor"]
    assert 'rel="next"' in first.headers["link"]
    rest = client.get("/v1/candidates", params={"limit": 1, "cursor": page["next_cursor"]}).json()
    assert rest["items"][0]["id"] > page["items"][0]["id"]


def test_editing_an_article_keeps_its_candidate_mentions_on_the_right_words(client):
    article = ingest(client, NEW_PEOPLE).json()["article"]
    edited = "Оновлено о 12:00. " + article["body"].replace("Ганною Кравчук", "колегами")
    response = client.patch(f"/v1/articles/{article['id']}", json={"body": edited})
    assert response.status_code == 200, response.text
    article = response.json()
    candidates = pending(client)
    for m in candidates["Олег Петренко"]["mentions"]:
        assert article[m["field"]][m["start"]:m["end"]] == m["surface"]
    # the title still names Ганна Кравчук: she keeps that one mention, not the removed one
    kravchuk = candidates["Ганна Кравчук"]
    assert [(m["field"], m["surface"]) for m in kravchuk["mentions"]] == [("title", "Ганною Кравчук")]


def test_a_candidate_no_article_names_any_more_is_withdrawn(client):
    article = ingest(client, ONE_MORE_PETRENKO).json()["article"]
    assert "Олег Петренко" in pending(client)
    client.patch(f"/v1/articles/{article['id']}", json={"title": "Візит до Берліна",
                                                         "body": "Посол обговорив санкції."})
    assert "Олег Петренко" not in pending(client)
    other = ingest(client, NEW_PEOPLE).json()["article"]
    assert "Ганна Кравчук" in pending(client)
    assert client.delete(f"/v1/articles/{other['id']}").status_code == 204
    assert not {"Ганна Кравчук", "Олег Петренко"} & set(pending(client))


def test_articles_created_as_json_propose_new_people_too(client):
    response = client.post("/v1/articles", json={
        "title": "Зустріч у Варшаві", "body": "Посол Олег Петренко зустрівся з Ганною Кравчук.",
    })
    assert response.status_code == 201, response.text
    assert {"Олег Петренко", "Ганна Кравчук"} <= set(pending(client))


def test_one_candidate_is_json_only_while_the_list_is_also_csv(client):
    ingest(client, NEW_PEOPLE)
    candidate = pending(client)["Олег Петренко"]
    url = f"/v1/candidates/{candidate['id']}"
    for accept in ("text/csv", "application/ld+json"):
        refused = assert_problem(client.get(url, headers={"Accept": accept}), 406)
        assert "application/json" in refused["detail"]
    listed = client.get("/v1/candidates?limit=1", headers={"Accept": "text/csv"})
    assert listed.headers["content-type"].startswith("text/csv")
    names = [line.split(",")[1] for line in listed.text.splitlines()[1:]]
    assert "Олег Петренко" in names  # every page, from a one-row first page
