"""Lists read their order straight off an index: no page sorts the whole table.

The bug this guards against: lists order by `coalesce(published_at, ...)` (unknown dates
last), and an index on the plain column cannot serve that order, so every page of
`/v1/articles` sorted every article (35 ms a page at 20,000 articles, against 3 ms).

PostgreSQL picks plans by table statistics, and on a small test table a sort is cheapest; with
sorts and sequential scans priced out (`enable_sort = off`, ...) it still sorts when no index
can give the order, so its plans show whether the indexes match the queries.
"""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from tests.helpers import ENGINE_NAME, post_articles_naming_kellogg

SORTS = "TEMP B-TREE" if ENGINE_NAME == "sqlite" else "Sort"
SEEKS = ("SEARCH article USING INDEX ix_article_published_order" if ENGINE_NAME == "sqlite"
         else "Index Scan Backward using ix_article_published_order")


def explain(session, statement: str, parameters) -> str:
    connection = session.connection()
    if ENGINE_NAME == "sqlite":
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        return " | ".join(row[-1] for row in rows)
    for setting in ("enable_sort", "enable_incremental_sort", "enable_seqscan"):
        connection.exec_driver_sql(f"SET LOCAL {setting} = off")
    rows = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
    return " | ".join(row[0].strip() for row in rows)


@contextmanager
def captured(engine):
    statements: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", capture)


def page_plans(client, session, engine, url: str) -> list[str]:
    """The query plan of every statement that reads a page of `url`'s rows."""
    with captured(engine) as statements:
        response = client.get(url)
    assert response.status_code == 200, response.text
    plans = []
    for statement, parameters in statements:
        if "ORDER BY" in statement and "LIMIT" in statement:
            plans.append(explain(session, statement, parameters))
    assert plans, f"no page query seen for {url}"
    return plans


@pytest.mark.parametrize("url", [
    "/v1/articles", "/v1/articles?sort=published_at", "/v1/articles?outlet=NewsWeek",
    "/v1/events", "/v1/events?type=visit", "/v1/persons", "/v1/persons?sort=-id",
    "/v1/organizations", "/v1/places?sort=-name",
])
def test_list_pages_read_their_order_off_an_index(client, session, engine, url):
    for plan in page_plans(client, session, engine, url):
        assert SORTS not in plan, plan


def test_a_later_page_seeks_to_its_cursor(client, session, engine):
    for i in range(3):
        client.post("/v1/articles", json={"title": f"Стаття {i}", "body": f"Текст {i}.",
                                          "published_at": f"2024-0{i + 1}-01T00:00:00Z"})
    cursor = client.get("/v1/articles?limit=1").json()["next_cursor"]
    for plan in page_plans(client, session, engine, f"/v1/articles?limit=1&cursor={cursor}"):
        assert SEEKS in plan, plan
        if ENGINE_NAME != "sqlite":
            assert "Index Cond" in plan, plan


@pytest.mark.skipif(ENGINE_NAME != "sqlite", reason="how to join a person's articles is SQLite's "
                    "choice made in the app; PostgreSQL's planner makes it from its statistics")
def test_a_commonly_named_persons_articles_walk_the_date_index(client, session, engine):
    post_articles_naming_kellogg(client, 30)  # 31 of 31 articles name him
    for plan in page_plans(client, session, engine, "/v1/persons/keith-kellogg/articles?limit=5"):
        assert "SCAN article USING INDEX ix_article_published_order" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    # one article names Помпео: his few ids are read and sorted, not the whole index walked
    for plan in page_plans(client, session, engine, "/v1/persons/mike-pompeo/articles?limit=5"):
        assert "SEARCH mention USING COVERING INDEX ix_mention_person_article" in plan, plan
