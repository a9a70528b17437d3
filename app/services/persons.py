"""Persons: queries and writes, their offices, events, articles and connections."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.errors import Unprocessable
from app.kinds import KINDS
from app.models import EventParticipant, Mention, Organization, Person, PersonOffice
from app.models.base import id_of
from app.pagination import PageParams, PageResult
from app.schemas.person import OfficeIn, OfficePublic, PersonCreate, PersonPublic, PersonUpdate
from app.search.entities import NameSearch
from app.services.common import touch
from app.services.entities import (
    create_entity,
    delete_entity,
    entity_aliases,
    get_entity,
    named_listing,
    update_entity,
)
from app.services.offices import office_holders
from app.text.dates import parse_partial_date

PERSONS = KINDS["person"]
LISTING = named_listing(Person)


@dataclass(frozen=True, kw_only=True)
class PersonFilters:
    country: str | None = None
    q: str | None = None  # every name and alias, in any case
    updated_since: datetime | None = None  # created or changed at or after
    office: str | None = None  # holding an office whose title contains this
    at: str | None = None  # ... at this partial date (app.services.offices)


def get_person(session: Session, ref: str) -> Person:
    return get_entity(session, PERSONS, ref)


def list_persons(
    session: Session, filters: PersonFilters, sort: str | None, params: PageParams,
) -> PageResult[Person]:
    statement = select(Person)
    if filters.country:
        statement = statement.where(Person.country == filters.country.upper())
    if filters.updated_since:
        statement = statement.where(col(Person.updated_at) >= filters.updated_since)
    if filters.office or filters.at:
        statement = statement.where(col(Person.id).in_(office_holders(session, filters.office, filters.at)))
    search = NameSearch(PERSONS, filters.q) if filters.q else None
    return LISTING.page(session, statement, sort, params, search)


def _check_offices(session: Session, offices: list[OfficeIn]) -> None:
    for i, office in enumerate(offices):
        if office.organization_id is not None and session.get(Organization, office.organization_id) is None:
            raise Unprocessable(
                f"offices[{i}]: no organization with id {office.organization_id}.",
                errors=[{"loc": ["body", "offices", i, "organization_id"], "msg": "unknown organization",
                         "type": "reference"}],
            )


def _replace_offices(session: Session, person_id: int, offices: list[OfficeIn]) -> None:
    _check_offices(session, offices)
    session.execute(delete(PersonOffice).where(PersonOffice.person_id == person_id))
    for office in offices:
        start, start_precision = parse_partial_date(office.start)
        end, end_precision = parse_partial_date(office.end)
        session.add(PersonOffice(
            person_id=person_id, title=office.title, organization_id=office.organization_id,
            country=office.country, start_date=start, start_precision=start_precision,
            end_date=end, end_precision=end_precision,
        ))


def _office_key(office) -> tuple:
    public = OfficePublic.of(office) if isinstance(office, PersonOffice) else office
    return (public.title, public.organization_id, public.country, public.start, public.end)


def create_person(session: Session, data: PersonCreate) -> Person:
    _check_offices(session, data.offices)
    person = create_entity(session, PERSONS, data, extra_exclude={"offices"})
    _replace_offices(session, person.id, data.offices)
    session.flush()
    return person


def update_person(session: Session, person: Person, data: PersonUpdate, if_match: int | None) -> Person:
    person, changed = update_entity(session, PERSONS, person, data, if_match, extra_exclude={"offices"})
    if data.offices is not None:
        current = session.execute(
            select(PersonOffice).where(PersonOffice.person_id == person.id).order_by(PersonOffice.id)
        ).scalars().all()
        if [_office_key(o) for o in current] != [_office_key(o) for o in data.offices]:
            _replace_offices(session, person.id, data.offices)
            if not changed:
                touch(person)
        session.flush()
    return person


def delete_person(session: Session, person: Person, if_match: int | None) -> None:
    delete_entity(session, PERSONS, person, if_match)


def present_persons(session: Session, persons: list[Person]) -> list[PersonPublic]:
    """Persons with their aliases and offices, two queries for the whole page."""
    ids = [id_of(p) for p in persons]
    aliases = entity_aliases(session, PERSONS, ids)
    offices: dict[int, list] = {i: [] for i in ids}
    if ids:
        for office in session.execute(
            select(PersonOffice).where(col(PersonOffice.person_id).in_(ids)).order_by(PersonOffice.id)
        ).scalars():
            offices[office.person_id].append(OfficePublic.of(office))
    return [
        PersonPublic.model_validate(
            {**p.model_dump(), "aliases": aliases[id_of(p)], "offices": offices[id_of(p)]}
        )
        for p in persons
    ]


def connections(session: Session, person: Person, limit: int) -> list[dict]:
    """Persons who share events or articles with this one, most shared first."""
    other = aliased(EventParticipant)
    events: dict[int, int] = dict(session.execute(
        select(other.person_id, func.count(func.distinct(other.event_id)))
        .join(EventParticipant, and_(EventParticipant.event_id == other.event_id,
                                     EventParticipant.person_id == person.id))
        .where(col(other.person_id).is_not(None), other.person_id != person.id)
        .group_by(other.person_id)
    ).all())
    mine = aliased(Mention)
    theirs = aliased(Mention)
    articles: dict[int, int] = dict(session.execute(
        select(theirs.person_id, func.count(func.distinct(theirs.article_id)))
        .join(mine, and_(mine.article_id == theirs.article_id, mine.person_id == person.id))
        .where(col(theirs.person_id).is_not(None), theirs.person_id != person.id)
        .group_by(theirs.person_id)
    ).all())
    ids = sorted(set(events) | set(articles),
                 key=lambda i: (-events.get(i, 0), -articles.get(i, 0), i))[:limit]
    people = {p.id: p for p in session.execute(select(Person).where(col(Person.id).in_(ids))).scalars()}
    return [
        {"person": people[i], "shared_events": events.get(i, 0), "shared_articles": articles.get(i, 0)}
        for i in ids
    ]

