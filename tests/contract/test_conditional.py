"""ETags, 304s and If-Match: two editors never overwrite each other silently."""

from tests.helpers import assert_problem

ARTICLE = "/v1/articles/1"


def test_single_resource_and_list_carry_a_strong_etag(client):
    for url in (ARTICLE, "/v1/articles", "/v1/persons/keith-kellogg", "/v1/events", "/v1/places"):
        response = client.get(url)
        assert response.status_code == 200
        tag = response.headers["etag"]
        assert tag.startswith('"')
        assert tag.endswith('"')
        assert not tag.startswith("W/")
        assert response.headers["cache-control"] == "no-cache"


def test_if_none_match_answers_304_without_a_body(client):
    tag = client.get(ARTICLE).headers["etag"]
    response = client.get(ARTICLE, headers={"If-None-Match": tag})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == tag
    assert client.get(ARTICLE, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_etag_changes_with_the_representation(client):
    before = client.get(ARTICLE).headers["etag"]
    assert client.patch(ARTICLE, json={"outlet": "Reuters"}).status_code == 200
    after = client.get(ARTICLE)
    assert after.headers["etag"] != before
    assert client.get(ARTICLE, headers={"If-None-Match": before}).status_code == 200


def test_two_editors_the_second_gets_412_and_the_row_is_unchanged(client):
    first_read = client.get(ARTICLE)
    second_read = client.get(ARTICLE)
    tag = first_read.headers["etag"]
    assert second_read.headers["etag"] == tag

    saved = client.patch(ARTICLE, json={"outlet": "Editor One"}, headers={"If-Match": tag})
    assert saved.status_code == 200, saved.text
    stale = client.patch(ARTICLE, json={"outlet": "Editor Two"}, headers={"If-Match": tag})
    body = assert_problem(stale, 412)
    assert "changed" in body["detail"]
    assert stale.headers["cache-control"] == "no-store"

    now = client.get(ARTICLE).json()
    assert now["outlet"] == "Editor One"
    assert now["version"] == first_read.json()["version"] + 1


def test_fresh_etag_lets_the_second_editor_through(client):
    first_tag = client.get(ARTICLE).headers["etag"]
    client.patch(ARTICLE, json={"outlet": "Editor One"}, headers={"If-Match": first_tag})
    fresh = client.get(ARTICLE).headers["etag"]
    response = client.patch(ARTICLE, json={"outlet": "Editor Two"}, headers={"If-Match": fresh})
    assert response.status_code == 200
    assert response.json()["outlet"] == "Editor Two"


def test_delete_with_a_stale_etag_keeps_the_row(client):
    url = "/v1/persons/mike-pompeo"
    tag = client.get(url).headers["etag"]
    client.patch(url, json={"description": "US Secretary of State"})
    assert_problem(client.delete(url, headers={"If-Match": tag}), 412)
    assert client.get(url).status_code == 200


def _participants_in(event: dict) -> list[dict]:
    return [{f"{p['entity']['kind']}_id": p["entity"]["id"], "role": p["role"]}
            for p in event["participants"]]


def test_stale_tag_on_an_event_whose_participants_changed(client):
    url = "/v1/events/kellogg-lukashenko-talks-minsk"
    read = client.get(url)
    tag, participants = read.headers["etag"], _participants_in(read.json())
    assert len(participants) > 1
    assert client.patch(url, json={"participants": participants[:-1]}).status_code == 200
    stale = client.patch(url, json={"participants": participants, "format": "closed-door"},
                         headers={"If-Match": tag})
    assert_problem(stale, 412)
    assert _participants_in(client.get(url).json()) == participants[:-1]


def test_renaming_a_participant_changes_the_event_tag(client):
    """The event row is untouched, but its representation shows the participant's name."""
    url = "/v1/events/kellogg-lukashenko-talks-minsk"
    tag = client.get(url).headers["etag"]
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
    assert client.patch("/v1/persons/keith-kellogg", json={"name": "Кіт Келлоґ"}).status_code == 200
    fresh = client.get(url, headers={"If-None-Match": tag})
    assert fresh.status_code == 200
    assert "Кіт Келлоґ" in {p["entity"]["name"] for p in fresh.json()["participants"]}
    assert fresh.headers["etag"] != tag
    assert_problem(client.patch(url, json={"format": "open"}, headers={"If-Match": tag}), 412)
    current = client.patch(url, json={"format": "open"}, headers={"If-Match": fresh.headers["etag"]})
    assert current.status_code == 200


def test_each_format_and_trim_has_its_own_tag_and_any_of_them_guards_an_edit(client):
    url = "/v1/persons/keith-kellogg"
    variants = [client.get(url), client.get(url, headers={"Accept": "application/ld+json"}),
                client.get(url + "?fields=name")]
    tags = [r.headers["etag"] for r in variants]
    assert len(set(tags)) == 3
    for response, tag in zip(variants, tags, strict=True):
        again = client.get(str(response.request.url), headers={"If-None-Match": tag,
                                                               "Accept": response.request.headers["accept"]})
        assert again.status_code == 304
        assert again.content == b""
    saved = client.patch(url, json={"description": "Envoy"}, headers={"If-Match": tags[2]})
    assert saved.status_code == 200, saved.text
    assert_problem(client.patch(url, json={"description": "Late"}, headers={"If-Match": tags[1]}), 412)


def test_a_tag_of_a_list_or_of_another_resource_does_not_guard_an_edit(client):
    list_tag = client.get("/v1/articles").headers["etag"]
    other_tag = client.get("/v1/persons/keith-kellogg").headers["etag"]
    for tag in (list_tag, other_tag):
        assert_problem(client.patch(ARTICLE, json={"outlet": "X"}, headers={"If-Match": tag}), 412)
    assert client.get(ARTICLE).json()["outlet"] != "X"


def test_bare_version_still_works_as_if_match(client):
    version = client.get(ARTICLE).json()["version"]
    assert_problem(client.patch(ARTICLE, json={"outlet": "X"}, headers={"If-Match": f'"{version + 5}"'}), 412)
    current = client.patch(ARTICLE, json={"outlet": "X"}, headers={"If-Match": f'"{version}"'})
    assert current.status_code == 200


def test_errors_are_not_stored_by_caches(client):
    response = client.get("/v1/articles/no-such-article")
    assert_problem(response, 404)
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers
