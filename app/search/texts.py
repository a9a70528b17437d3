"""`q` on the article and event lists: relevance order by default, any explicit sort on request."""


from sqlalchemy.sql import Select
from sqlmodel import Session

from app.pagination import PageParams
from app.search.fulltext import hits, relevance_page, restrict, texts_of
from app.search.matching import satisfies, snippet
from app.search.query import parse_query
from app.search.shadow import ARTICLES, EVENTS, ShadowIndex


def search_page(
    session: Session, index: ShadowIndex, statement: Select, q: str, sort: str | None, params: PageParams,
    run_sorted,
) -> tuple[list, str | None, int | None]:
    """Rows of `statement` matching `q`: by relevance, or by `sort` through `run_sorted`."""
    query = parse_query(q)
    if sort is None:
        page = relevance_page(session, index, statement, query, params)
        return page.rows, page.next_cursor, page.total
    if query.needs_verification:
        found = hits(session, index, query)
        candidates = session.execute(
            statement.join(found, found.c.id == index.model.id)
        ).scalars().all()
        ids = [row.id for row in candidates if satisfies(query, texts_of(index, row))]
        statement = statement.where(index.model.id.in_(ids))
    else:
        statement = restrict(session, index, statement, query)
    return run_sorted(statement, sort)


def snippets_for(index: ShadowIndex, rows: list, q: str | None) -> dict[int, str | None]:
    """The matched words of each row, marked, as written in its text."""
    if not q:
        return {}
    query = parse_query(q)
    return {row.id: snippet(query, texts_of(index, row)) for row in rows}


def article_snippets(rows: list, q: str | None) -> dict[int, str | None]:
    return snippets_for(ARTICLES, rows, q)


def event_snippets(rows: list, q: str | None) -> dict[int, str | None]:
    return snippets_for(EVENTS, rows, q)



