"""`include=` embeds related resources in a bounded number of queries; `fields=` trims."""

from contextlib import contextmanager

from sqlalchemy import event

from app.models import Article, EventSource, Mention
from tests.helpers import assert_problem


@contextmanager
def counting_statements(engine):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def add_articles(session, n: int) -> None:
    """n articles, each naming two seed persons and reporting the seed's first event."""
    for i in range(n):
        article = Article(slug=f"bulk-{i}", title=f"Bulk {i}", lead="Lead.", body="Lead.\n\nBody text.",
                          content_hash=f"{i:064d}", outlet="Bulk")
        session.add(article)
        session.flush()
        for person_id in (1, 2):
            session.add(Mention(article_id=article.id, person_id=person_id, field="body",
                                start=0, end=4, surface="Lead"))
        session.add(EventSource(event_id=1, article_id=article.id, quote="Lead.", start=0, end=5))
    session.commit()


def statements_for(client, engine, url: str) -> tuple[int, dict]:
    with counting_statements(engine) as statements:
        response = client.get(url)
    assert response.status_code == 200, response.text
    return len(statements), response.json()


def test_article_list_with_includes_needs_the_same_queries_for_10_or_100_rows(client, session, engine):
    add_articles(session, 100)
    url = "/v1/articles?outlet=Bulk&include=persons,events,places&limit={}"
    client.get("/v1/articles/1")  # the session's first statement after the commit opens a savepoint
    small, page10 = statements_for(client, engine, url.format(10))
    large, page100 = statements_for(client, engine, url.format(100))
    assert len(page10["items"]) == 10
    assert len(page100["items"]) == 100
    assert large == small
    assert large <= 8
    names = {p["slug"] for p in page100["items"][0]["persons"]}
    assert names == {"keith-kellogg", "alexander-lukashenko"}
    assert page100["items"][0]["events"][0]["slug"] == "kellogg-lukashenko-talks-minsk"
    assert page100["items"][0]["places"] == []


def test_event_list_with_articles_is_bounded_too(client, session, engine):
    url = "/v1/events?limit=100&include=articles"
    client.get("/v1/articles/1")
    before, _ = statements_for(client, engine, url)
    add_articles(session, 60)
    client.get("/v1/articles/1")
    after, page = statements_for(client, engine, url)
    assert after == before
    assert after <= 10
    talks = next(e for e in page["items"] if e["slug"] == "kellogg-lukashenko-talks-minsk")
    assert len(talks["articles"]) == 61


def test_event_include_articles(client):
    event = client.get("/v1/events/kellogg-lukashenko-talks-minsk?include=articles").json()
    assert [a["id"] for a in event["articles"]] == [1]
    assert event["articles"][0]["title"].startswith("Спецпредставник США")


def test_person_includes(client):
    person = client.get("/v1/persons/keith-kellogg?include=articles,events").json()
    assert [a["id"] for a in person["articles"]] == [1]
    assert "kellogg-lukashenko-talks-minsk" in {e["slug"] for e in person["events"]}


def test_article_lists_leave_the_body_out_unless_fields_asks(client):
    plain = client.get("/v1/articles").json()["items"][0]
    assert "body" not in plain
    trimmed = client.get("/v1/articles?fields=title,body").json()["items"][0]
    assert set(trimmed) == {"id", "title", "body"}
    assert trimmed["body"] == client.get("/v1/articles/1").json()["body"]


def test_fields_trim_a_single_resource(client):
    person = client.get("/v1/persons/keith-kellogg?fields=name,country").json()
    assert person == {"id": 1, "name": "Кіт Келлог", "country": "US"}


def test_unknown_field_or_include_is_a_400_problem(client):
    body = assert_problem(client.get("/v1/articles?fields=title,nonsense"), 400)
    assert "nonsense" in body["detail"]
    body = assert_problem(client.get("/v1/events/1?include=persons"), 400)
    assert "articles" in body["detail"]
