"""Two countries' dealings: the events both take part in, scored on the Goldstein scale.

A country takes part in an event when a participant is a place of that country (the country
itself or one of its cities), or a person or organization of that country.
"""

import re
from collections import defaultdict
from statistics import fmean

from sqlalchemy import select, union
from sqlmodel import Session, col

from app.errors import Unprocessable
from app.kinds import ENTITY_KINDS
from app.models import Event, EventParticipant, Organization, Person, Place
from app.services.analytics.vocabulary import goldstein
from app.services.common import get_by_ref
from app.services.events import present_events

COUNTRY_OF = {"person": col(Person.country), "organization": col(Organization.country),
              "place": col(Place.country_code)}


def country_code(session: Session, ref: str) -> str:
    """An ISO 3166-1 alpha-2 code as given, or the country of a place ref."""
    if re.fullmatch(r"[A-Za-z]{2}", ref):
        return ref.upper()
    place = get_by_ref(session, Place, ref, "place")
    if not place.country_code:
        raise Unprocessable(f"The place {place.slug!r} has no country code; name a country.")
    return place.country_code


def _taking_part(code: str):
    """Ids of the events a country takes part in: three index-backed reads, one per kind."""
    return union(*(
        select(col(EventParticipant.event_id)).where(
            getattr(EventParticipant, kind.owner_field).in_(
                select(col(kind.model.id)).where(COUNTRY_OF[kind.name] == code)))
        for kind in ENTITY_KINDS
    ))


def _countries(session: Session, keys: set[tuple[str, int]]) -> dict[tuple[str, int], str | None]:
    found = {}
    for kind in ENTITY_KINDS:
        ids = {i for k, i in keys if k == kind.name}
        if ids:
            column = COUNTRY_OF[kind.name]
            for id_, code in session.execute(
                    select(col(kind.model.id), column).where(col(kind.model.id).in_(ids))):
                found[(kind.name, id_)] = code
    return found


def _summary(events: list[dict]) -> dict:
    scores = [e["goldstein"] for e in events if e["goldstein"] is not None]
    types: dict[str, int] = defaultdict(int)
    for e in events:
        types[e["event"]["type"]] += 1
    return {"count": len(events), "scored": len(scores),
            "mean_goldstein": round(fmean(scores), 2) if scores else None,
            "types": dict(sorted(types.items()))}


def relations(session: Session, a: str, b: str, limit: int) -> dict:
    code_a, code_b = country_code(session, a), country_code(session, b)
    if code_a == code_b:
        raise Unprocessable(f"Both sides are {code_a}; name two different countries.")
    rows = session.execute(
        select(col(Event.id), col(Event.type), col(Event.cameo_code), col(Event.date_start),
               col(Event.date_precision))
        .where(col(Event.id).in_(_taking_part(code_a)), col(Event.id).in_(_taking_part(code_b)))
        .order_by(col(Event.date_start).is_(None), col(Event.date_start), col(Event.id))
    ).all()
    listed = {e.id: e for e in session.execute(
        select(Event).where(col(Event.id).in_([r.id for r in rows[:limit]]))).scalars()}
    presented = present_events(session, [listed[r.id] for r in rows[:limit]])
    keys = {(p.entity.kind, p.entity.id) for e in presented for p in e.participants}
    countries = _countries(session, keys)
    items = []
    for event in presented:
        sides: dict[str, list] = {code_a: [], code_b: []}
        for p in event.participants:
            code = countries.get((p.entity.kind, p.entity.id))
            if code in sides:
                sides[code].append({"entity": p.entity.model_dump(), "role": p.role})
        items.append({
            "event": {"id": event.id, "slug": event.slug, "title": event.title, "type": event.type,
                      "date_start": event.date_start, "date_precision": event.date_precision},
            "undated": event.date_start is None,
            "cameo_code": event.cameo_code, "goldstein": goldstein(event.cameo_code),
            "a": sides[code_a], "b": sides[code_b],
            "evidence": [{"article": s.article.model_dump(), "quote": s.quote} for s in event.sources],
        })
    all_scored = [{"event": {"type": e.type}, "goldstein": goldstein(e.cameo_code), "date": e.date_start,
                   "precision": e.date_precision} for e in rows]
    by_year: dict[str, list] = defaultdict(list)
    undated = []
    for e in all_scored:
        if e["date"] is None or e["precision"] == "unknown":
            undated.append(e)
        else:
            by_year[f"{e['date'].year:04d}"].append(e)
    return {
        "a": code_a, "b": code_b, "total": len(rows), "truncated": len(rows) > limit,
        "summary": {**_summary(all_scored),
                    "years": [{"year": y, **_summary(es)} for y, es in sorted(by_year.items())],
                    "undated": _summary(undated)},
        "events": items,
    }
