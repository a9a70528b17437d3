"""Full-text search over a lemma shadow, on either engine, with keyset pages in relevance order."""

from typing import Any

from sqlalchemy import Float, Integer, and_, func, or_, select, text
from sqlalchemy.sql import Select
from sqlmodel import Session, col

from app.errors import BadRequest
from app.pagination import PageParams, PageResult, cursor_id, cursor_score, encode_cursor, ranked_position
from app.search import postgres, sqlite
from app.search.matching import satisfies
from app.search.query import SearchQuery
from app.search.shadow import ShadowIndex

RELEVANCE = "relevance"


def hits(session: Session, index: ShadowIndex, query: SearchQuery):
    """A subquery of (id, rank) for the rows matching the query; lower rank is better."""
    engine = sqlite if session.get_bind().dialect.name == "sqlite" else postgres
    sql, params = engine.hits_sql(index.table, query)
    return text(sql).bindparams(**params).columns(id=Integer, rank=Float).subquery("hits")


def restrict(session: Session, index: ShadowIndex, statement: Select, query: SearchQuery) -> Select:
    """Keep only matching rows, whatever order the caller sorts by."""
    found = hits(session, index, query)
    return statement.where(col(index.model.id).in_(select(found.c.id)))


def _after(cursor: str) -> tuple[float, int]:
    payload = ranked_position(cursor, RELEVANCE)
    try:
        return cursor_score(payload["v"]), cursor_id(payload["id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadRequest("Invalid cursor: use the next_cursor of a page.") from exc


def texts_of(index: ShadowIndex, row) -> list[str]:
    return [getattr(row, index.body_field) or "", getattr(row, index.title_field) or ""]


def _ranked_ids(index: ShadowIndex, statement: Select, found) -> Select:
    """(id, rank) of the matching rows: narrow rows, so sorting every match stays cheap.

    Without filters the shadow alone answers (every shadow row has its row); with filters,
    only the ids of `statement` are joined, never its wide rows.
    """
    model = index.model
    if statement.whereclause is None and statement.get_final_froms() == [model.__table__]:
        return select(found.c.id, found.c.rank)
    ids = statement.with_only_columns(model.id).order_by(None).subquery("allowed")
    return select(found.c.id, found.c.rank).join(ids, ids.c.id == found.c.id)


def _rows_by_id(session: Session, index: ShadowIndex, ids: list[int]) -> dict[int, Any]:
    if not ids:
        return {}
    rows = session.execute(select(index.model).where(col(index.model.id).in_(ids))).scalars()
    return {row.id: row for row in rows}


def relevance_page(
    session: Session, index: ShadowIndex, statement: Select, query: SearchQuery, params: PageParams
) -> PageResult[Any]:
    """One page of `statement`'s rows that match, best first; ties broken by id."""
    found = hits(session, index, query)
    ranked = _ranked_ids(index, statement, found)
    total = None
    if params.count and not query.needs_verification:
        counted = select(func.count()).select_from(ranked.subquery())
        total = session.execute(counted).scalar_one()
    position = _after(params.cursor) if params.cursor else None
    wanted = params.limit + 1
    batch = wanted
    page: list[tuple[Any, float]] = []
    while len(page) < wanted:
        paged = ranked
        if position is not None:
            rank, last_id = position
            paged = paged.where(or_(found.c.rank > rank, and_(found.c.rank == rank, found.c.id > last_id)))
        ids = session.execute(paged.order_by(found.c.rank, found.c.id).limit(batch)).all()
        rows = _rows_by_id(session, index, [row_id for row_id, _ in ids])
        page.extend((rows[row_id], rank) for row_id, rank in ids if not query.needs_verification
                    or satisfies(query, texts_of(index, rows[row_id])))
        if len(ids) < batch:
            break
        position = ids[-1]
        batch *= 2  # phrases checked on the text: widen until a page is full
    if total is None and params.count:
        total = _verified_total(session, index, ranked, query)
    next_cursor = None
    if len(page) > params.limit:
        page = page[:params.limit]
        last, rank = page[-1]
        next_cursor = encode_cursor({"s": RELEVANCE, "v": rank, "id": last.id})
    return PageResult([row for row, _ in page], next_cursor, total)


def _verified_total(session: Session, index: ShadowIndex, ranked: Select, query: SearchQuery) -> int:
    """How many candidates really hold the phrases: their texts read in chunks, not all at once."""
    model = index.model
    candidates = ranked.subquery("candidates")
    texts = select(model.id, getattr(model, index.title_field), getattr(model, index.body_field)).join(
        candidates, candidates.c.id == model.id)
    total = 0
    for chunk in session.execute(texts.execution_options(yield_per=500)).partitions():
        total += sum(satisfies(query, [body or "", title or ""]) for _, title, body in chunk)
    return total
