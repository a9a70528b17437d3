"""A query that names a known person, organization or place finds every article that mentions
it, whatever form the text writes the name in (the searches issue 14 lists)."""

import pytest

from tests.ingest.test_documents import ingest

SEED_ARTICLE = "kellogg-lukashenko-talks-minsk-newsweek"

# Ten articles written for this test, each naming the envoy in another form.
KELLOGG_SENTENCES = [
    "Спецпосланець Кіт Келлог прибув до Варшави.",
    "Журналісти чекали Кіта Келлога біля входу.",
    "Питання поставили Кітові Келлогу наприкінці брифінгу.",
    "Посол поспілкувався з Кітом Келлогом телефоном.",
    "Відповідаючи на запитання, Келлог усміхнувся.",
    "Лист передали Келлогові особисто.",
    "The envoy Keith Kellogg landed in Warsaw.",
    "Слова келлога процитували агенції.",
    "Про плани Келлога нічого не відомо.",
    "Кіт Келлог вислухав питання. Кіте, що далі?",
]


@pytest.fixture
def kellogg_articles(client) -> set[int]:
    ids = set()
    for n, sentence in enumerate(KELLOGG_SENTENCES):
        article = ingest(client, f"Новина про переговори номер {n}\n\n{sentence}").json()["article"]
        ids.add(article["id"])
    return ids


def article_ids(client, q: str) -> set[int]:
    response = client.get("/v1/articles", params={"q": q, "limit": 100})
    assert response.status_code == 200, response.text
    return {a["id"] for a in response.json()["items"]}


@pytest.mark.parametrize("q", ["Кіта Келлога", "Kellogg", "Keith Kellogg", "Kelloh", "Келлогові", "Kellog"])
def test_a_query_naming_a_person_finds_every_article_that_mentions_him(client, kellogg_articles, q):
    seed = client.get(f"/v1/articles/{SEED_ARTICLE}").json()["id"]
    assert kellogg_articles | {seed} <= article_ids(client, q)


def test_the_snippet_marks_the_mention(client, kellogg_articles):
    items = client.get("/v1/articles", params={"q": "Kellogg", "limit": 100}).json()["items"]
    snippets = {a["id"]: a["snippet"] for a in items}
    for article_id in kellogg_articles:
        assert "<mark>" in snippets[article_id], snippets[article_id]
    marked = {s.split("<mark>")[1].split("</mark>")[0] for s in snippets.values()}
    assert {"Кіта Келлога", "Кітом Келлогом", "Kellogg", "келлога"} <= marked


def test_unified_search_returns_the_person_and_all_his_articles(client, kellogg_articles):
    body = client.get("/v1/search", params={"q": "Kellogg", "limit": 100}).json()
    assert body["items"][0]["kind"] == "person"
    assert body["items"][0]["slug"] == "keith-kellogg"
    found = {hit["id"] for hit in body["items"] if hit["kind"] == "article"}
    assert kellogg_articles <= found
    assert all(hit["snippet"] for hit in body["items"] if hit["kind"] == "article")


def test_events_with_the_person_taking_part_match_his_name(client):
    events = client.get("/v1/events", params={"q": "Kellogg"}).json()["items"]
    assert "kellogg-lukashenko-talks-minsk" in {e["slug"] for e in events}


def test_word_matches_rank_with_mentions_and_other_words_still_narrow(client, kellogg_articles):
    # a query that is more than a name is a word search: both words must be in the text
    assert article_ids(client, "Келлогом телефоном") == {
        a for a in kellogg_articles
        if "телефоном" in client.get(f"/v1/articles/{a}").json()["body"]}
    # an ordinary word names no entity: plain word search
    assert article_ids(client, "брифінгу") <= kellogg_articles


def test_a_query_naming_an_organization_finds_articles_mentioning_it(client):
    article = ingest(client, "Агентство повідомило про візит\n\nВізит підтвердили у БелТА.").json()["article"]
    assert article["id"] in article_ids(client, "BelTA")
    assert article["id"] in article_ids(client, "Белти")


def test_a_name_query_lists_word_matches_then_mentions_alone_across_pages(client, kellogg_articles):
    # "Келлога" matches the Ukrainian forms in the words; the English sentences name him only
    # through their mentions, so they come after every word match (then by id), and paging two at
    # a time walks the same order with nothing repeated or skipped
    for n, sentence in enumerate(["Keith Kellogg met the delegation in Riga.",
                                  "Talks with Keith Kellogg ran late, aides said.",
                                  "A spokesman for Keith Kellogg declined to comment."]):
        ingest(client, f"Коротко: англомовна замітка {n}\n\n{sentence}")
    whole = client.get("/v1/articles", params={"q": "Келлога", "limit": 100}).json()["items"]
    in_words = [a["id"] for a in whole
                if "келло" in (a["title"] + client.get(f"/v1/articles/{a['id']}").json()["body"]).lower()]
    named_only = [a["id"] for a in whole if a["id"] not in in_words]
    assert len(named_only) >= 4
    assert in_words
    assert [a["id"] for a in whole] == in_words + sorted(named_only)
    paged, cursor = [], None
    for _ in range(len(whole)):
        after = {"cursor": cursor} if cursor else {}
        page = client.get("/v1/articles", params={"q": "Келлога", "limit": 2, **after})
        assert page.status_code == 200, page.text
        paged += [a["id"] for a in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert paged == [a["id"] for a in whole]
