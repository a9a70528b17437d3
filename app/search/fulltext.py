"""Full-text search over a lemma shadow, on either engine, with keyset pages in relevance order.

The engine's MATCH is the whole answer: it matches phrases itself (app/search/shadow.py),
ranks (bm25, ts_rank), counts (one COUNT) and pages (keyset on rank, id); Python reads only
the rows of the page it returns.
"""

from typing import Any

from sqlalchemy import Float, Integer, and_, func, literal, or_, select, text, union, union_all
from sqlalchemy.sql import CompoundSelect, Select
from sqlmodel import Session, col

from app.errors import BadRequest
from app.kinds import KINDS
from app.models import Article, Event, EventParticipant, Mention
from app.pagination import PageParams, PageResult, cursor_id, cursor_score, encode_cursor, ranked_position
from app.search import postgres, sqlite
from app.search.query import SearchQuery
from app.search.shadow import ShadowIndex

RELEVANCE = "relevance"


Entities = tuple[tuple[str, int], ...]  # ("person", 3): the entities a query names
MENTION_RANK = 0.0  # word matches rank below zero on both engines: a mention alone comes after them


def _naming(index: ShadowIndex, entities: Entities) -> Select | CompoundSelect | None:
    """Ids of the rows that name one of the entities: articles through their mentions, events
    through their participants and place."""
    by_kind: dict[str, list[int]] = {}
    for kind, entity_id in entities:
        by_kind.setdefault(kind, []).append(entity_id)
    if index.model is Article:
        conditions = [getattr(Mention, KINDS[k].owner_field).in_(ids) for k, ids in by_kind.items()]
        return select(Mention.article_id.label("id")).where(or_(*conditions)) if conditions else None
    if index.model is Event:
        conditions = [getattr(EventParticipant, KINDS[k].owner_field).in_(ids) for k, ids in by_kind.items()]
        naming: Select | CompoundSelect | None = (
            select(EventParticipant.event_id.label("id")).where(or_(*conditions)) if conditions else None)
        if by_kind.get("place"):
            at_place = select(Event.id.label("id")).where(Event.place_id.in_(by_kind["place"]))
            naming = at_place if naming is None else union(naming, at_place)
        return naming
    return None


def hits(session: Session, index: ShadowIndex, query: SearchQuery, entities: Entities = ()):
    """A subquery of (id, rank) for the rows matching the query; lower rank is better.

    With `entities` (the ones the query names), rows that name one of them match too: their
    word rank when the words match as well, else MENTION_RANK.
    """
    engine = sqlite if session.get_bind().dialect.name == "sqlite" else postgres
    sql, params = engine.hits_sql(index.table, query)
    words = text(sql).bindparams(**params).columns(id=Integer, rank=Float)
    naming = _naming(index, entities) if entities else None
    if naming is None:
        return words.subquery("hits")
    named = naming.subquery("named")
    both = union_all(
        select(words.subquery("word_hits")),
        select(named.c.id, literal(MENTION_RANK, Float).label("rank")),
    ).subquery("either")
    return select(both.c.id, func.min(both.c.rank).label("rank")).group_by(both.c.id).subquery("hits")


def restrict(
    session: Session, index: ShadowIndex, statement: Select, query: SearchQuery, entities: Entities = (),
) -> Select:
    """Keep only matching rows, whatever order the caller sorts by."""
    found = hits(session, index, query, entities)
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
    session: Session, index: ShadowIndex, statement: Select, query: SearchQuery, params: PageParams,
    entities: Entities = (),
) -> PageResult[Any]:
    """One page of `statement`'s rows that match, best first; ties broken by id."""
    found = hits(session, index, query, entities)
    ranked = _ranked_ids(index, statement, found)
    total = None
    if params.count:
        total = session.execute(select(func.count()).select_from(ranked.subquery())).scalar_one()
    paged = ranked
    if params.cursor:
        rank, last_id = _after(params.cursor)
        paged = paged.where(or_(found.c.rank > rank, and_(found.c.rank == rank, found.c.id > last_id)))
    ids = session.execute(paged.order_by(found.c.rank, found.c.id).limit(params.limit + 1)).all()
    rows = _rows_by_id(session, index, [row_id for row_id, _ in ids])
    page = [(rows[row_id], rank) for row_id, rank in ids]
    next_cursor = None
    if len(page) > params.limit:
        page = page[:params.limit]
        last, rank = page[-1]
        next_cursor = encode_cursor({"s": RELEVANCE, "v": rank, "id": last.id})
    return PageResult([row for row, _ in page], next_cursor, total)
