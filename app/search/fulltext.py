"""Full-text search over a lemma shadow, on either engine, with keyset pages in relevance order.

The engine's MATCH is the whole answer: it matches phrases itself (app/search/shadow.py),
ranks (bm25, ts_rank), counts (one COUNT) and pages (keyset on rank, id); Python reads only
the rows of the page it returns.
"""

from typing import Any

from sqlalchemy import Float, Integer, and_, func, or_, select, text
from sqlalchemy.sql import Select
from sqlmodel import Session

from app.errors import BadRequest
from app.kinds import KINDS
from app.models import Article, Event, EventParticipant, Mention
from app.models.base import column_of
from app.pagination import PageParams, PageResult, cursor_id, cursor_score, encode_cursor, ranked_position
from app.search import postgres, sqlite
from app.search.query import SearchQuery
from app.search.shadow import ShadowIndex

RELEVANCE = "relevance"


Entities = tuple[tuple[str, int], ...]  # ("person", 3): the entities a query names
MENTION_RANK = 0.0  # word matches rank below zero on both engines: a mention alone comes after them
# Relevance pages score at most this many word matches, the newest (SQLite): a word in nearly
# every article costs this many bm25 scores, not 100,000. Counts and `sort=` pages see every match.
RANKED_WINDOW = 10_000


def _in(column: str, ids: list[int]) -> str:
    return f"{column} IN ({', '.join(str(int(i)) for i in ids)})"  # ints only: nothing user-typed


def _naming_sql(index: ShadowIndex, entities: Entities) -> str | None:
    """Ids of the rows that name one of the entities: articles through their mentions, events
    through their participants and place."""
    by_kind: dict[str, list[int]] = {}
    for kind, entity_id in entities:
        by_kind.setdefault(kind, []).append(entity_id)
    conditions = " OR ".join(_in(KINDS[k].owner_field, ids) for k, ids in by_kind.items())
    if index.model is Article:
        return f"SELECT article_id AS id FROM {Mention.__tablename__} WHERE {conditions}"
    if index.model is Event:
        naming = f"SELECT event_id AS id FROM {EventParticipant.__tablename__} WHERE {conditions}"
        if by_kind.get("place"):
            naming += f" UNION SELECT id FROM {Event.__tablename__} WHERE {_in('place_id', by_kind['place'])}"
        return naming
    return None


def hits_sql(
    session: Session, index: ShadowIndex, query: SearchQuery, entities: Entities = (), *,
    ranked: bool = False,
) -> tuple[str, dict]:
    """SQL of (id, rank) for the rows matching the query, lower rank better, and its parameters.

    With `entities` (the ones the query names), rows that name one of them match too: their
    word rank when the words match as well, else MENTION_RANK. `ranked`: for a relevance page,
    only the RANKED_WINDOW newest word matches. Plain SQL text: a search costs no statement
    building or compiling on the way to the engine.
    """
    engine = sqlite if session.get_bind().dialect.name == "sqlite" else postgres
    sql, params = engine.hits_sql(index.table, query, RANKED_WINDOW if ranked else None)
    naming = _naming_sql(index, entities) if entities else None
    if naming is None:
        return sql, params
    return (f"SELECT id, min(rank) AS rank FROM ({sql} UNION ALL SELECT named.id, {MENTION_RANK} "
            f"FROM ({naming}) AS named) AS either GROUP BY id"), params


def hits(session: Session, index: ShadowIndex, query: SearchQuery, entities: Entities = ()):
    """`hits_sql` as a subquery of (id, rank), to combine with other statements."""
    sql, params = hits_sql(session, index, query, entities)
    return text(sql).bindparams(**params).columns(id=Integer, rank=Float).subquery("hits")


def restrict(
    session: Session, index: ShadowIndex, statement: Select, query: SearchQuery, entities: Entities = (),
) -> Select:
    """Keep only matching rows, whatever order the caller sorts by."""
    found = hits(session, index, query, entities)
    return statement.where(column_of(index.model, "id").in_(select(found.c.id)))


def _after(cursor: str) -> tuple[float, int]:
    payload = ranked_position(cursor, RELEVANCE)
    try:
        return cursor_score(payload["v"]), cursor_id(payload["id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadRequest("Invalid cursor: use the next_cursor of a page.") from exc


def texts_of(index: ShadowIndex, row) -> list[str]:
    return [getattr(row, index.body_field) or "", getattr(row, index.title_field) or ""]


def _ranked_ids(index: ShadowIndex, statement: Select, found) -> Select:
    """(id, rank) of the matching rows among `statement`'s (narrow rows: sorting stays cheap)."""
    ids = statement.with_only_columns(column_of(index.model, "id")).order_by(None).subquery("allowed")
    return select(found.c.id, found.c.rank).join(ids, ids.c.id == found.c.id)


def _rows_by_id(session: Session, index: ShadowIndex, ids: list[int]) -> dict[int, Any]:
    if not ids:
        return {}
    rows = session.execute(select(index.model).where(column_of(index.model, "id").in_(ids))).scalars()
    return {row.id: row for row in rows}


def relevance_page(
    session: Session, index: ShadowIndex, statement: Select, query: SearchQuery, params: PageParams,
    entities: Entities = (),
) -> PageResult[Any]:
    """One page of `statement`'s rows that match, best first; ties broken by id.

    `statement` narrows by WHERE clauses only (the services' filters); without any, the index
    alone answers in plain SQL (every shadow row has its row)."""
    position = _after(params.cursor) if params.cursor else None
    if statement.whereclause is None:
        total, ids = _unfiltered(session, index, query, entities, params, position)
    else:
        total, ids = _filtered(session, index, statement, query, entities, params, position)
    rows = _rows_by_id(session, index, [row_id for row_id, _ in ids])
    page = [(rows[row_id], rank) for row_id, rank in ids]
    next_cursor = None
    if len(page) > params.limit:
        page = page[:params.limit]
        last, rank = page[-1]
        next_cursor = encode_cursor({"s": RELEVANCE, "v": rank, "id": last.id})
    return PageResult([row for row, _ in page], next_cursor, total)


Position = tuple[float, int] | None  # (rank, id) a page starts after
Ids = tuple[int | None, list[tuple[Any, ...]]]  # the total (when counted) and a page of (id, rank)


def _unfiltered(
    session: Session, index: ShadowIndex, query: SearchQuery, entities: Entities, params: PageParams,
    position: Position,
) -> Ids:
    total = None
    if params.count:
        sql, values = hits_sql(session, index, query, entities)
        total = session.execute(text(f"SELECT count(*) FROM ({sql}) AS hits"), values).scalar_one()
    return total, _words_then_names(session, index, query, entities, params.limit + 1, position)


def _words_then_names(
    session: Session, index: ShadowIndex, query: SearchQuery, entities: Entities, n: int,
    position: Position,
) -> list[tuple[Any, ...]]:
    """`n` rows of the relevance order after `position`: the word matches best first, then the
    rows that only name one of the query's entities, by id (MENTION_RANK, below every word
    match). Read in that order, a page that word matches fill costs their match alone, not the
    union of both sets grouped by id (a third of a search's SQL)."""
    words, values = hits_sql(session, index, query, ranked=True)
    page: list[tuple[Any, ...]] = []
    if position is None or position[0] < MENTION_RANK:
        after = ""
        if position is not None:
            after = " WHERE hits.rank > :after_rank OR (hits.rank = :after_rank AND hits.id > :after_id)"
            values = {**values, "after_rank": position[0], "after_id": position[1]}
        page = [tuple(row) for row in session.execute(text(
            f"SELECT hits.id, hits.rank FROM ({words}) AS hits{after} ORDER BY hits.rank, hits.id LIMIT :n"),
            {**values, "n": n})]
    naming = _naming_sql(index, entities) if entities else None
    if naming is None or len(page) == n or (position is not None and position[0] > MENTION_RANK):
        return page
    after = ""
    if position is not None and position[0] == MENTION_RANK:
        after = " AND named.id > :after_id"
        values = {**values, "after_id": position[1]}
    return page + [(row_id, MENTION_RANK) for row_id in session.execute(text(
        f"SELECT DISTINCT named.id FROM ({naming}) AS named "
        f"WHERE named.id NOT IN (SELECT hits.id FROM ({words}) AS hits){after} ORDER BY named.id LIMIT :n"),
        {**values, "n": n - len(page)}).scalars()]


def _filtered(
    session: Session, index: ShadowIndex, statement: Select, query: SearchQuery, entities: Entities,
    params: PageParams, position: Position,
) -> Ids:
    found = hits(session, index, query, entities)
    ranked = _ranked_ids(index, statement, found)
    total = None
    if params.count:
        total = session.execute(select(func.count()).select_from(ranked.subquery())).scalar_one()
    if position is not None:
        rank, last_id = position
        ranked = ranked.where(or_(found.c.rank > rank, and_(found.c.rank == rank, found.c.id > last_id)))
    return total, [tuple(row) for row in session.execute(
        ranked.order_by(found.c.rank, found.c.id).limit(params.limit + 1))]
