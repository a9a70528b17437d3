"""Events: queries and writes, with participants and the sentences that report them."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.sql import Select
from sqlmodel import Session, col

from app.errors import Unprocessable
from app.kinds import ENTITY_KINDS, KINDS, entity_key
from app.models import Article, Event, EventParticipant, EventSource, Place
from app.models.base import EARLIEST_DATE_SQL, id_of
from app.pagination import PageParams, PageResult, SortKey
from app.schemas.event import EventCreate, EventPublic, EventUpdate, ParticipantIn, SourceIn
from app.search.shadow import EVENTS
from app.search.texts import TextSearch
from app.services.common import (
    MAX_ID,
    Listing,
    assign,
    check_version,
    claim_slug,
    get_by_ref,
    reject_nulls,
    touch,
)
from app.services.refs import entity_refs
from app.text.dates import last_day, parse_partial_date, render_partial_date

LISTING = Listing(Event, {
    "date_start": SortKey(Event.date_start, date, EARLIEST_DATE_SQL),
    "created_at": SortKey(Event.created_at, datetime),
    "title": SortKey(Event.title, str),
    "id": SortKey(Event.id, int),
}, default_sort="-date_start")


@dataclass(frozen=True, kw_only=True)
class EventFilters:
    type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    place: str | None = None
    participant: str | None = None
    country: str | None = None
    q: str | None = None  # full-text search over title and summary
    organization: str | None = None  # events the organization takes part in
    involving_place: str | None = None  # held at the place, or the place (a country) takes part
    updated_since: datetime | None = None  # created or changed at or after


def get_event(session: Session, ref: str) -> Event:
    return get_by_ref(session, Event, ref, "event")


def list_events(
    session: Session, filters: EventFilters, sort: str | None, params: PageParams,
) -> PageResult[Event]:
    search = TextSearch.of(EVENTS, filters.q, session) if filters.q else None
    return LISTING.page(session, filter_events(session, filters), sort, params, search)


def filter_events(session: Session, filters: EventFilters) -> Select:
    """`select(Event)` narrowed by every filter but `q` (which ranks as well as narrows)."""
    statement = select(Event)
    if filters.updated_since:
        statement = statement.where(col(Event.updated_at) >= filters.updated_since)
    if filters.type:
        statement = statement.where(col(Event.type) == filters.type)
    if filters.date_from:
        statement = statement.where(col(Event.date_start) >= parse_partial_date(filters.date_from)[0])
    if filters.date_to:
        statement = statement.where(col(Event.date_start) <= last_day(filters.date_to))
    if filters.place:
        place = get_by_ref(session, Place, filters.place, "place")
        statement = statement.where(col(Event.place_id) == place.id)
    for kind, ref in (("person", filters.participant), ("organization", filters.organization)):
        if ref:
            entity = get_by_ref(session, KINDS[kind].model, ref, kind)
            statement = statement.where(col(Event.id).in_(_taking_part(kind, id_of(entity))))
    if filters.involving_place:
        place = get_by_ref(session, Place, filters.involving_place, "place")
        statement = statement.where(or_(col(Event.place_id) == place.id,
                                        col(Event.id).in_(_taking_part("place", id_of(place)))))
    if filters.country:
        places = select(col(Place.id)).where(col(Place.country_code) == filters.country.upper())
        statement = statement.where(or_(
            col(Event.place_id).in_(places),
            col(Event.id).in_(select(col(EventParticipant.event_id)).where(col(EventParticipant.place_id).in_(places))),
        ))
    return statement


def _taking_part(kind: str, entity_id: int):
    """Ids of the events a person, organization or place takes part in."""
    owner = getattr(EventParticipant, KINDS[kind].owner_field)
    return select(col(EventParticipant.event_id)).where(owner == entity_id)


def _dates(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "date_start" in values:
        out["date_start"], out["date_precision"] = parse_partial_date(values["date_start"])
    if "date_end" in values:
        out["date_end"], _ = parse_partial_date(values["date_end"])
    return out


def _unknown(session: Session, model, id_: int | None) -> bool:
    return id_ is not None and (not 0 < id_ <= MAX_ID or session.get(model, id_) is None)


def _check_references(session: Session, data: EventCreate | EventUpdate) -> None:
    """Every unknown id in the body is a 422 naming where it is (`loc`)."""
    if _unknown(session, Place, data.place_id):
        raise Unprocessable(f"place_id: no place with id {data.place_id}.",
                            errors=[{"loc": ["body", "place_id"], "msg": "unknown place",
                                     "type": "reference"}])
    for i, participant in enumerate(data.participants or []):
        for kind in ENTITY_KINDS:
            ref = getattr(participant, kind.owner_field)
            if _unknown(session, kind.model, ref):
                raise Unprocessable(
                    f"participants[{i}]: no {kind.name} with id {ref}.",
                    errors=[{"loc": ["body", "participants", i, kind.owner_field],
                             "msg": f"unknown {kind.name}", "type": "reference"}],
                )


def _replace_participants(session: Session, event: Event, participants: list[ParticipantIn]) -> None:
    event_id = id_of(event)
    session.execute(delete(EventParticipant).where(col(EventParticipant.event_id) == event_id))
    for p in participants:
        session.add(EventParticipant(event_id=event_id, **p.model_dump()))


def locate_quote(session: Session, article_id: int, quote: str, index: int = 0) -> tuple[int, int]:
    article = session.get(Article, article_id)
    if article is None:
        raise Unprocessable(f"sources[{index}]: no article with id {article_id}.",
                            errors=[{"loc": ["body", "sources", index, "article_id"],
                                     "msg": "unknown article", "type": "reference"}])
    start = article.body.find(quote)
    if start < 0:
        raise Unprocessable(
            f"sources[{index}]: the quote is not in the body of article {article_id}; "
            "quote a sentence verbatim.",
            errors=[{"loc": ["body", "sources", index, "quote"], "msg": "not found in article body",
                     "type": "quote"}],
        )
    return start, start + len(quote)


def _replace_sources(session: Session, event: Event, sources: list[SourceIn]) -> None:
    located = [(s, *locate_quote(session, s.article_id, s.quote, i)) for i, s in enumerate(sources)]
    event_id = id_of(event)
    session.execute(delete(EventSource).where(col(EventSource.event_id) == event_id))
    for source, start, end in located:
        session.add(EventSource(event_id=event_id, article_id=source.article_id,
                                quote=source.quote, start=start, end=end))


def _participant_keys(session: Session, event: Event) -> list[tuple]:
    return [tuple(row) for row in session.execute(
        select(*(getattr(EventParticipant, k.owner_field) for k in ENTITY_KINDS), col(EventParticipant.role))
        .where(col(EventParticipant.event_id) == event.id).order_by(col(EventParticipant.id))
    )]


def _source_keys(session: Session, event: Event) -> list[tuple]:
    return [tuple(row) for row in session.execute(
        select(col(EventSource.article_id), col(EventSource.quote))
        .where(col(EventSource.event_id) == event.id).order_by(col(EventSource.id))
    )]


def create_event(session: Session, data: EventCreate) -> Event:
    _check_references(session, data)
    values = data.model_dump(exclude={"slug", "participants", "sources", "date_start", "date_end"})
    event = Event(
        **values, **_dates(data.model_dump(include={"date_start", "date_end"})),
        slug=claim_slug(session, Event, data.slug, data.title, "event"),
    )
    session.add(event)
    session.flush()
    _replace_participants(session, event, data.participants)
    _replace_sources(session, event, data.sources)
    session.flush()
    return event


def update_event(session: Session, event: Event, data: EventUpdate, if_match: int | None) -> Event:
    check_version(event, if_match, "event")
    _check_references(session, data)
    values = data.model_dump(exclude_unset=True, exclude={"participants", "sources"})
    reject_nulls(values, ("title", "type", "status"))
    values.update(_dates(values))
    if "slug" in values:
        values["slug"] = claim_slug(session, Event, values["slug"], event.title, "event", event.id)
    changed = assign(event, values)
    if data.participants is not None and _participant_keys(session, event) != [
        (*(getattr(p, k.owner_field) for k in ENTITY_KINDS), p.role) for p in data.participants
    ]:
        _replace_participants(session, event, data.participants)
        changed = True
    if data.sources is not None and _source_keys(session, event) != [
        (s.article_id, s.quote) for s in data.sources
    ]:
        _replace_sources(session, event, data.sources)
        changed = True
    if changed:
        touch(event)
    session.flush()
    return event


def delete_event(session: Session, event: Event, if_match: int | None) -> None:
    check_version(event, if_match, "event")
    session.delete(event)
    session.flush()


def present_events(session: Session, events: list[Event]) -> list[EventPublic]:
    """Events with place, participants and sources: four queries for the whole page."""
    ids = [id_of(e) for e in events]
    if not ids:
        return []
    participants = session.execute(
        select(EventParticipant).where(col(EventParticipant.event_id).in_(ids)).order_by(col(EventParticipant.id))
    ).scalars().all()
    sources = session.execute(
        select(EventSource).where(col(EventSource.event_id).in_(ids)).order_by(col(EventSource.id))
    ).scalars().all()
    refs = entity_refs(session, [
        *map(entity_key, participants),
        *(("place", e.place_id) for e in events if e.place_id is not None),
    ])
    articles = {
        a.id: a for a in session.execute(
            select(col(Article.id), col(Article.slug), col(Article.title))
            .where(col(Article.id).in_({s.article_id for s in sources}))
        )
    }
    by_event: dict[int, dict[str, list]] = {i: {"participants": [], "sources": []} for i in ids}
    for p in participants:
        by_event[p.event_id]["participants"].append({"entity": refs[entity_key(p)], "role": p.role})
    for s in sources:
        a = articles[s.article_id]
        by_event[s.event_id]["sources"].append({
            "article": {"id": a.id, "slug": a.slug, "title": a.title},
            "quote": s.quote, "start": s.start, "end": s.end,
        })
    return [
        EventPublic.model_validate({
            **e.model_dump(),
            "date_start": render_partial_date(e.date_start, e.date_precision),
            "date_end": render_partial_date(e.date_end, e.date_precision),
            "place": refs.get(("place", e.place_id)) if e.place_id else None,
            **by_event[id_of(e)],
        })
        for e in events
    ]

