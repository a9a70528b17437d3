"""`include=` embeds related resources, `fields=` trims them: one batched query per include.

Routes opt in with `shape: ArticleShape` (one per kind) and `return respond(session, model, rows, shape)`.
Without either parameter the route's model goes back untouched (its response_model renders
it), so the plain hot path costs nothing extra.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import orjson
from fastapi import Depends, Query, Response
from pydantic import BaseModel
from sqlalchemy import select
from sqlmodel import Session

from app.errors import BadRequest
from app.models import Article, Event, EventParticipant, EventSource, Mention
from app.pagination import Page, item_type
from app.services.refs import entity_refs
from app.text.dates import render_partial_date

Resolver = Callable[[Session, list[int]], dict[int, list[dict[str, Any]]]]


def _mentioned(kind: str) -> Resolver:
    """Persons, organizations or places an article names, by article id."""
    column = getattr(Mention, f"{kind}_id")

    def resolve(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        pairs = session.execute(
            select(Mention.article_id, column).where(Mention.article_id.in_(ids), column.is_not(None))
            .distinct()
        ).all()
        refs = entity_refs(session, [(kind, entity_id) for _, entity_id in pairs])
        out: dict[int, list[dict[str, Any]]] = {}
        for article_id, entity_id in sorted(pairs, key=lambda p: (p[0], refs[(kind, p[1])]["name"])):
            out.setdefault(article_id, []).append(refs[(kind, entity_id)])
        return out

    return resolve


def _event_ref(row) -> dict[str, Any]:
    return {"id": row.id, "slug": row.slug, "title": row.title, "type": row.type,
            "date_start": render_partial_date(row.date_start, row.date_precision),
            "date_precision": row.date_precision}


def _article_ref(row) -> dict[str, Any]:
    published = row.published_at.isoformat() if row.published_at else None
    return {"id": row.id, "slug": row.slug, "title": row.title, "published_at": published}


def _grouped(rows, key_index: int, render) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    seen: set[tuple[int, int]] = set()
    for row in rows:
        owner = row[key_index]
        if (owner, row.id) not in seen:
            seen.add((owner, row.id))
            out.setdefault(owner, []).append(render(row))
    return out


EVENT_COLUMNS = (Event.id, Event.slug, Event.title, Event.type, Event.date_start, Event.date_precision)
ARTICLE_COLUMNS = (Article.id, Article.slug, Article.title, Article.published_at)


def _article_events(session: Session, ids: list[int]):
    rows = session.execute(
        select(EventSource.article_id, *EVENT_COLUMNS).join(Event, Event.id == EventSource.event_id)
        .where(EventSource.article_id.in_(ids))
        .order_by(Event.date_start.desc().nulls_last(), Event.id)
    ).all()
    return _grouped(rows, 0, _event_ref)


def _event_articles(session: Session, ids: list[int]):
    rows = session.execute(
        select(EventSource.event_id, *ARTICLE_COLUMNS).join(Article, Article.id == EventSource.article_id)
        .where(EventSource.event_id.in_(ids)).order_by(Article.published_at.desc(), Article.id)
    ).all()
    return _grouped(rows, 0, _article_ref)


def _mentioning_articles(kind: str) -> Resolver:
    """Articles naming each person, organization or place, by entity id."""
    column = getattr(Mention, f"{kind}_id")

    def resolve(session: Session, ids: list[int]):
        rows = session.execute(
            select(column, *ARTICLE_COLUMNS).join(Article, Article.id == Mention.article_id)
            .where(column.in_(ids)).distinct().order_by(Article.published_at.desc(), Article.id)
        ).all()
        return _grouped(rows, 0, _article_ref)

    return resolve


def _participant_events(kind: str) -> Resolver:
    """Events each person, organization or place takes part in (a place: or is held at), by id."""
    column = getattr(EventParticipant, f"{kind}_id")

    def resolve(session: Session, ids: list[int]):
        statement = (
            select(column.label("owner"), *EVENT_COLUMNS).join(Event, Event.id == EventParticipant.event_id)
            .where(column.in_(ids))
        )
        if kind == "place":
            statement = statement.union(select(Event.place_id.label("owner"), *EVENT_COLUMNS)
                                        .where(Event.place_id.in_(ids)))
        ordered = statement.subquery()
        rows = session.execute(
            select(ordered).order_by(ordered.c.date_start.desc().nulls_last(), ordered.c.id)
        ).all()
        return _grouped(rows, 0, _event_ref)

    return resolve


INCLUDES: dict[str, dict[str, Resolver]] = {
    "article": {"persons": _mentioned("person"), "organizations": _mentioned("organization"),
                "places": _mentioned("place"), "events": _article_events},
    "event": {"articles": _event_articles},
    **{kind: {"articles": _mentioning_articles(kind), "events": _participant_events(kind)}
       for kind in ("person", "organization", "place")},
}
# Columns a list leaves out by default but `fields=` may ask for (read from the page's rows).
EXTRA_FIELDS: dict[str, tuple[str, ...]] = {"article": ("body",)}


@dataclass(frozen=True)
class Shape:
    kind: str
    include: tuple[str, ...] = ()
    fields: tuple[str, ...] | None = None

    @property
    def plain(self) -> bool:
        return not self.include and self.fields is None


def _names(raw: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n.strip() for n in (raw or "").split(",") if n.strip()))


INCLUDE_EXAMPLES = {"article": "persons,events", "event": "articles"}
FIELD_EXAMPLES = {"article": "id,title,body", "event": "id,title,date_start", "person": "id,name,country",
                  "organization": "id,name,kind", "place": "id,name,kind"}


def shape_of(kind: str) -> Any:
    """The `include` and `fields` query parameters of one kind's routes, documented for that kind."""
    names = ", ".join(f"`{name}`" for name in INCLUDES[kind])
    leaves_out = " Article lists leave `body` out unless it is named here." if kind == "article" else ""

    async def shape_params(  # async: pure parsing, no trip to the thread pool
        include: Annotated[str | None, Query(
            max_length=200, pattern=r"^[a-z_,]*$", examples=[INCLUDE_EXAMPLES.get(kind, "articles,events")],
            description=f"Related resources to embed, comma-separated: {names}. "
            "Resolved with one query per relation for the whole page.",
        )] = None,
        fields: Annotated[str | None, Query(
            max_length=500, pattern=r"^[a-z_,]*$", examples=[FIELD_EXAMPLES[kind]],
            description=f"Only these fields, comma-separated (`id` is always kept).{leaves_out} "
            "An unknown field is a 400 problem.",
        )] = None,
    ) -> Shape:
        return Shape(kind, _names(include), _names(fields) if fields is not None else None)

    return Annotated[Shape, Depends(shape_params)]


ArticleShape = shape_of("article")
EventShape = shape_of("event")
PersonShape = shape_of("person")
OrganizationShape = shape_of("organization")
PlaceShape = shape_of("place")


def _item_model(payload: BaseModel) -> type[BaseModel]:
    return item_type(type(payload)) if isinstance(payload, Page) else type(payload)


def respond(session: Session, payload: BaseModel, rows: list[Any], shape: Shape) -> Any:
    """`payload` (a model or a Page of them, built from `rows`) with includes and fields applied."""
    if shape.plain:
        return payload
    includes = INCLUDES[shape.kind]
    unknown = [name for name in shape.include if name not in includes]
    if unknown:
        raise BadRequest(f"Cannot include {', '.join(unknown)} here; use one of: "
                         f"{', '.join(includes) or 'nothing'}.")
    extra = EXTRA_FIELDS.get(shape.kind, ())
    allowed = {*_item_model(payload).model_fields, *extra, *shape.include}
    if shape.fields is not None:
        bad = [name for name in shape.fields if name not in allowed]
        if bad:
            raise BadRequest(f"Unknown field {', '.join(bad)}; fields are: {', '.join(sorted(allowed))}.")
    data = payload.model_dump(mode="json")
    items = data["items"] if isinstance(payload, Page) else [data]
    ids = [item["id"] for item in items]
    for name in shape.include:
        embedded = includes[name](session, ids) if ids else {}
        for item in items:
            item[name] = embedded.get(item["id"], [])
    wanted = set(shape.fields or ())
    for item, row in zip(items, rows, strict=True):
        for name in extra:
            if name in wanted and name not in item:
                item[name] = getattr(row, name)
    if shape.fields is not None:
        keep = {"id", *shape.fields, *shape.include}
        items[:] = [{k: v for k, v in item.items() if k in keep} for item in items]
        if not isinstance(payload, Page):
            data = items[0]
    return Response(orjson.dumps(data), media_type="application/json")
