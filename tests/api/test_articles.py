from tests.helpers import assert_problem, post_articles_naming_kellogg

NEW = {
    "title": "Лукашенко зустрівся з Келлогом удруге",
    "body": "Олександр Лукашенко знову прийняв Кіта Келлога в Мінську.\nДругий абзац.",
    "outlet": "Тест",
    "published_at": "2025-02-01T10:00:00+02:00",
}


def test_create_get_patch_delete_article(client):
    created = client.post("/v1/articles", json=NEW)
    assert created.status_code == 201, created.text
    article = created.json()
    assert created.headers["location"] == f"/v1/articles/{article['id']}"
    assert article["lead"] == "Олександр Лукашенко знову прийняв Кіта Келлога в Мінську."
    assert article["published_at"].startswith("2025-02-01T08:00:00")  # stored in UTC
    by_slug = client.get(f"/v1/articles/{article['slug']}")
    assert by_slug.json()["id"] == article["id"]

    mentions = client.get(f"/v1/articles/{article['id']}/mentions").json()
    assert {(m["entity"]["slug"], m["surface"]) for m in mentions if m["field"] == "body"} >= {
        ("alexander-lukashenko", "Олександр Лукашенко"), ("keith-kellogg", "Кіта Келлога"),
        ("minsk", "Мінську"),
    }

    patched = client.patch(f"/v1/articles/{article['id']}", json={"outlet": "Інше"})
    assert patched.json()["outlet"] == "Інше"
    assert patched.json()["version"] == 2
    assert patched.json()["title"] == NEW["title"]

    assert client.delete(f"/v1/articles/{article['id']}").status_code == 204
    assert_problem(client.get(f"/v1/articles/{article['id']}"), 404)
    assert_problem(client.get(f"/v1/articles/{article['id']}/mentions"), 404)


def test_an_article_reads_back_as_its_create_answered_it(client):
    """The get reads its row through the driver, not the ORM: every field, a fractional second and
    the UTC offset included, must come back as the create (ORM) answered it, by id and by slug."""
    created = client.post("/v1/articles", json={**NEW, "title": "Келлог знову в Мінську",
                                                "published_at": "2025-02-03T09:15:42.123456+02:00"})
    assert created.status_code == 201, created.text
    article = created.json()
    assert article["published_at"].startswith("2025-02-03T07:15:42.123456")
    tags = set()
    for ref in (article["id"], article["slug"]):
        got = client.get(f"/v1/articles/{ref}")
        assert got.status_code == 200, got.text
        assert got.json() == article
        tags.add(got.headers["etag"])
    assert len(tags) == 1


def test_patching_body_relinks_mentions(client):
    article = client.post("/v1/articles", json=NEW).json()
    client.patch(f"/v1/articles/{article['id']}", json={"body": "Дональд Трамп нічого не сказав."})
    mentions = client.get(f"/v1/articles/{article['id']}/mentions").json()
    assert {m["entity"]["slug"] for m in mentions if m["field"] == "body"} == {"donald-trump"}


def test_same_text_twice_is_a_conflict(client):
    assert client.post("/v1/articles", json=NEW).status_code == 201
    body = assert_problem(client.post("/v1/articles", json=NEW), 409)
    assert "same text" in body["detail"]


def test_duplicate_slug_is_a_conflict(client):
    seed_slug = client.get("/v1/articles").json()["items"][0]["slug"]
    assert_problem(client.post("/v1/articles", json={**NEW, "slug": seed_slug}), 409)


def test_invalid_article_body_is_422_with_errors(client):
    body = assert_problem(client.post("/v1/articles", json={"title": ""}), 422)
    assert {tuple(e["loc"]) for e in body["errors"]} >= {("body", "title"), ("body", "body")}
    assert_problem(client.post("/v1/articles", json={**NEW, "published_at": "yesterday"}), 422)
    malformed = client.post(
        "/v1/articles", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_problem(malformed, 400)  # not JSON at all: malformed, not invalid


def test_article_filters(client):
    client.post("/v1/articles", json=NEW)
    def slugs(query):
        return {a["slug"] for a in client.get(f"/v1/articles?{query}").json()["items"]}

    seed_slug = "kellogg-lukashenko-talks-minsk-newsweek"
    assert slugs("outlet=NewsWeek") == {seed_slug}
    assert slugs("published_from=2025-01-01T00:00:00Z") == {"lukashenko-zustrivsia-z-kellohom-udruhe"}
    assert seed_slug not in slugs("published_from=2025-01-01T00:00:00Z")
    assert slugs("person=mike-pompeo") == {seed_slug}
    assert slugs("event=pompeo-visit-minsk-2020") == {seed_slug}
    assert slugs("language=en") == set()
    assert_problem(client.get("/v1/articles?person=nobody"), 404)
    assert_problem(client.get("/v1/articles?language=ukr"), 422)


def test_article_list_leaves_out_the_body(client):
    item = client.get("/v1/articles").json()["items"][0]
    assert "body" not in item
    assert item["lead"]


def walk(client, **params) -> list[dict]:
    rows, cursor = [], None
    for _ in range(50):  # bounded: 13 rows at 2 a page
        page = client.get("/v1/articles", params={**params, "limit": 2, "cursor": cursor}).json()
        rows += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return rows
    raise AssertionError("pagination did not end")


def test_pages_by_date_keep_unknown_dates_last_and_every_row_once(client):
    stamps = [None, "2024-03-01T10:00:00Z", None, "2024-03-01T10:00:00Z", "2023-12-31T23:59:59Z",
              None, "2025-01-15T08:30:00Z", "2024-03-01T10:00:00Z", None, "2022-06-01T00:00:00Z",
              "2025-01-15T08:30:00Z", None]
    for i, stamp in enumerate(stamps):
        created = client.post("/v1/articles", json={
            "title": f"Стаття {i}", "body": f"Текст статті номер {i}.",
            "published_at": stamp, "outlet": "Pages",
        })
        assert created.status_code == 201, created.text
    newest = walk(client, outlet="Pages")
    assert len(newest) == len({a["id"] for a in newest}) == 12
    dates = [a["published_at"] for a in newest]
    known = [d for d in dates if d]
    assert dates == known + [None] * 5  # unknown dates last
    assert known == sorted(known, reverse=True)
    oldest = walk(client, outlet="Pages", sort="published_at")
    assert [a["id"] for a in oldest] == [a["id"] for a in reversed(newest)]
    everything = walk(client)  # the seed's undated article among them
    assert len(everything) == len({a["id"] for a in everything}) == 13


def test_a_persons_articles_page_by_page_newest_first(client):
    post_articles_naming_kellogg(client, 30)
    rows, cursor = [], None
    for _ in range(20):  # bounded: 31 rows at 4 a page
        page = client.get("/v1/persons/keith-kellogg/articles", params={"limit": 4, "cursor": cursor}).json()
        rows += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(rows) == len({a["id"] for a in rows}) == 31
    dates = [a["published_at"] for a in rows]
    assert dates[:30] == sorted(dates[:30], reverse=True)
    assert dates[30] is None  # the seed article has no date: last
