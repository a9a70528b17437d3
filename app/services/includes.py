"""What `include=` embeds: related resources for a whole page, one batched query per relation.

`INCLUDES[resource][name](session, ids)` → `{owner id: [embedded ref, ...]}`. Articles embed the
persons, organizations and places they name and the events they report; events the articles
reporting them; every entity kind of `app.kinds` the articles naming it and the events it takes
part in (or, when events have a `<kind>_id` column, such as places, is held at).
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from app.kinds import ENTITY_KINDS, EntityKind
from app.models import Article, Event, EventParticipant, EventSource, Mention
from app.services.refs import entity_refs
from app.text.dates import render_partial_date

Embedded = dict[int, list[dict[str, Any]]]
Resolver = Callable[[Session, list[int]], Embedded]

EVENT_COLUMNS = (col(Event.id), col(Event.slug), col(Event.title), col(Event.type), col(Event.date_start),
                 col(Event.date_precision))
ARTICLE_COLUMNS = (col(Article.id), col(Article.slug), col(Article.title), col(Article.published_at))


def _event_ref(row) -> dict[str, Any]:
    return {"id": row.id, "slug": row.slug, "title": row.title, "type": row.type,
            "date_start": render_partial_date(row.date_start, row.date_precision),
            "date_precision": row.date_precision}


def _article_ref(row) -> dict[str, Any]:
    published = row.published_at.isoformat() if row.published_at else None
    return {"id": row.id, "slug": row.slug, "title": row.title, "published_at": published}


def _grouped(rows, render) -> Embedded:
    """Rows whose first column is the owner id, rendered and grouped, duplicates dropped."""
    out: Embedded = {}
    seen: set[tuple[int, int]] = set()
    for row in rows:
        owner = row[0]
        if (owner, row.id) not in seen:
            seen.add((owner, row.id))
            out.setdefault(owner, []).append(render(row))
    return out


def _named_by_articles(kind: EntityKind) -> Resolver:
    """Entities of one kind each article names, by article id, by name."""
    column = getattr(Mention, kind.owner_field)

    def resolve(session: Session, ids: list[int]) -> Embedded:
        pairs = session.execute(
            select(col(Mention.article_id), column)
            .where(col(Mention.article_id).in_(ids), column.is_not(None)).distinct()
        ).all()
        refs = entity_refs(session, [(kind.name, entity_id) for _, entity_id in pairs])
        out: Embedded = {}
        for article_id, entity_id in sorted(pairs, key=lambda p: (p[0], refs[(kind.name, p[1])]["name"])):
            out.setdefault(article_id, []).append(refs[(kind.name, entity_id)])
        return out

    return resolve


def _article_events(session: Session, ids: list[int]) -> Embedded:
    rows = session.execute(
        select(col(EventSource.article_id), *EVENT_COLUMNS)
        .join(Event, col(Event.id) == col(EventSource.event_id))
        .where(col(EventSource.article_id).in_(ids))
        .order_by(col(Event.date_start).desc().nulls_last(), col(Event.id))
    ).all()
    return _grouped(rows, _event_ref)


def _event_articles(session: Session, ids: list[int]) -> Embedded:
    rows = session.execute(
        select(col(EventSource.event_id), *ARTICLE_COLUMNS)
        .join(Article, col(Article.id) == col(EventSource.article_id))
        .where(col(EventSource.event_id).in_(ids)).order_by(col(Article.published_at).desc(), col(Article.id))
    ).all()
    return _grouped(rows, _article_ref)


def _articles_naming(kind: EntityKind) -> Resolver:
    """Articles naming each entity of one kind, newest first, by entity id."""
    column = getattr(Mention, kind.owner_field)

    def resolve(session: Session, ids: list[int]) -> Embedded:
        rows = session.execute(
            select(column, *ARTICLE_COLUMNS).join(Article, col(Article.id) == col(Mention.article_id))
            .where(column.in_(ids)).distinct().order_by(col(Article.published_at).desc(), col(Article.id))
        ).all()
        return _grouped(rows, _article_ref)

    return resolve


def _events_of(kind: EntityKind) -> Resolver:
    """Events each entity takes part in (or is held at, when events name a `<kind>_id`), latest first."""
    column = getattr(EventParticipant, kind.owner_field)
    held_at = getattr(Event, kind.owner_field, None)

    def resolve(session: Session, ids: list[int]) -> Embedded:
        statement = (
            select(column.label("owner"), *EVENT_COLUMNS)
            .join(Event, col(Event.id) == col(EventParticipant.event_id))
            .where(column.in_(ids))
        )
        if held_at is not None:
            ordered = statement.union(
                select(held_at.label("owner"), *EVENT_COLUMNS).where(held_at.in_(ids))).subquery()
        else:
            ordered = statement.subquery()
        rows = session.execute(
            select(ordered).order_by(ordered.c.date_start.desc().nulls_last(), ordered.c.id)
        ).all()
        return _grouped(rows, _event_ref)

    return resolve


INCLUDES: dict[str, dict[str, Resolver]] = {
    "article": {**{kind.collection: _named_by_articles(kind) for kind in ENTITY_KINDS},
                "events": _article_events},
    "event": {"articles": _event_articles},
    **{kind.name: {"articles": _articles_naming(kind), "events": _events_of(kind)} for kind in ENTITY_KINDS},
}


def embed(session: Session, resource: str, names: tuple[str, ...], ids: list[int]) -> dict[str, Embedded]:
    """`{include name: {owner id: [ref, ...]}}` for the given rows (names already validated)."""
    resolvers = INCLUDES[resource]
    return {name: resolvers[name](session, ids) if ids else {} for name in names}
