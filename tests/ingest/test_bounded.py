"""A document's analysis is bounded: a page of nothing but names keeps at most the caps
(2,000 mentions of known names, 100 new people, 1,000 mentions of them), says so with
`truncated`, and a second post of it still finds the same article."""

from app.services.analysis import MAX_CANDIDATE_MENTIONS, MAX_CANDIDATES, MAX_MENTIONS
from tests.bench.dense import name_dense_document
from tests.helpers import assert_problem
from tests.ingest.docs import NEW_PEOPLE

TEXT = {"content-type": "text/plain; charset=utf-8"}


def test_a_name_dense_document_keeps_the_caps_and_says_it_was_truncated(client):
    document = name_dense_document(200_000).encode()
    ingested = client.post("/v1/documents", content=document, headers=TEXT)
    assert ingested.status_code == 201, ingested.text[:500]
    body = ingested.json()
    assert body["truncated"] is True
    assert len(body["mentions"]) == MAX_MENTIONS
    assert 0 < len(body["candidates"]) <= MAX_CANDIDATES
    assert sum(c["mention_count"] for c in body["candidates"]) <= MAX_CANDIDATE_MENTIONS
    # what is kept is the start of the text, in order: the first mentions are the title's
    assert body["mentions"][0]["field"] == "title"
    assert {m["entity"]["slug"] for m in body["mentions"]} >= {"keith-kellogg", "alexander-lukashenko"}
    article_id = body["article"]["id"]
    assert len(client.get(f"/v1/articles/{article_id}/mentions").json()) == MAX_MENTIONS

    again = client.post("/v1/documents", content=document, headers=TEXT)
    assert again.status_code == 200
    assert again.json()["article"]["id"] == article_id


def test_an_ordinary_document_is_not_truncated(client):
    ingested = client.post("/v1/documents", content=NEW_PEOPLE.encode(), headers=TEXT)
    assert ingested.status_code == 201
    assert ingested.json()["truncated"] is False


def test_a_json_article_keeps_the_same_caps(client):
    title, _, body = name_dense_document(200_000).partition("\n\n")
    created = client.post("/v1/articles", json={"title": title, "body": body})
    assert created.status_code == 201, created.text[:500]
    assert len(client.get(f"/v1/articles/{created.json()['id']}/mentions").json()) == MAX_MENTIONS


def test_a_document_over_the_size_cap_is_a_413(client):
    assert_problem(client.post("/v1/documents", content=b"x" * (1_000_001), headers=TEXT), 413)


def test_a_document_just_under_the_size_cap_is_stored_and_searchable(client):
    """The largest document taken is indexed on both engines: PostgreSQL reads a tsvector from
    at most 1 MB of text, which a 1 MB document's lemmas with their positions exceed."""
    document = name_dense_document(990_000, seed=11).encode()[:999_000].decode("utf-8", "ignore")
    closing = "Наприкінці сторони підписали меморандум про співпрацю в галузі енергетики."
    text = f"{document}\n\n{closing}".encode()
    assert len(text) <= 1_000_000
    ingested = client.post("/v1/documents", content=text, headers=TEXT)
    assert ingested.status_code == 201, ingested.text[:500]
    slug = ingested.json()["article"]["slug"]
    for q in ("Лукашенко", "меморандумом"):  # the first page's words and a word past the last position
        found = client.get("/v1/articles", params={"q": q, "limit": 50})
        assert slug in [a["slug"] for a in found.json()["items"]], q
