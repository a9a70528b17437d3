"""Full-text search over a lemma shadow, on either engine, with keyset pages in relevance order."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, Integer, and_, func, or_, select, text
from sqlalchemy.sql import Select
from sqlmodel import Session

from app.errors import BadRequest
from app.pagination import PageParams, _decode, _encode
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
    return statement.where(index.model.id.in_(select(found.c.id)))


@dataclass
class RankedPage:
    rows: list[Any]
    next_cursor: str | None
    total: int | None
    ranks: list[float]


def _after(cursor: str) -> tuple[float, int]:
    payload = _decode(cursor)
    if payload.get("s") != RELEVANCE:
        raise BadRequest("The cursor belongs to another sort order; start from the first page.")
    try:
        return float(payload["v"]), int(payload["id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadRequest("Invalid cursor: use the next_cursor of a page.") from exc


def texts_of(index: ShadowIndex, row) -> list[str]:
    return [getattr(row, index.body_field) or "", getattr(row, index.title_field) or ""]


def relevance_page(
    session: Session, index: ShadowIndex, statement: Select, query: SearchQuery, params: PageParams
) -> RankedPage:
    """One page of `statement`'s rows that match, best first; ties broken by id."""
    model = index.model
    found = hits(session, index, query)
    ranked = statement.join(found, found.c.id == model.id).add_columns(found.c.rank)
    total = None
    if params.count and not query.needs_verification:
        counted = select(func.count()).select_from(ranked.order_by(None).subquery())
        total = session.execute(counted).scalar_one()
    position = _after(params.cursor) if params.cursor else None
    wanted = params.limit + 1
    batch = wanted
    page: list[tuple[Any, float]] = []
    while len(page) < wanted:
        paged = ranked
        if position is not None:
            rank, last_id = position
            paged = paged.where(or_(found.c.rank > rank, and_(found.c.rank == rank, model.id > last_id)))
        rows = session.execute(paged.order_by(found.c.rank, model.id).limit(batch)).all()
        page.extend((row, rank) for row, rank in rows if not query.needs_verification
                    or satisfies(query, texts_of(index, row)))
        if len(rows) < batch:
            break
        position = (rows[-1][1], rows[-1][0].id)
        batch *= 2  # phrases checked on the text: widen until a page is full
    if total is None and params.count:
        every = session.execute(ranked).all()
        total = sum(satisfies(query, texts_of(index, row)) for row, _ in every)
    next_cursor = None
    if len(page) > params.limit:
        page = page[:params.limit]
        last, rank = page[-1]
        next_cursor = _encode({"s": RELEVANCE, "v": rank, "id": last.id})
    return RankedPage([row for row, _ in page], next_cursor, total, [rank for _, rank in page])
