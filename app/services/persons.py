"""Persons: queries and writes, their offices, events, articles and connections."""

from datetime import datetime

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.errors import Unprocessable
from app.models import EventParticipant, Mention, Organization, Person, PersonAlias, PersonOffice
from app.pagination import PageParams, SortKey
from app.schemas.common import parse_partial_date
from app.schemas.person import OfficeIn, OfficePublic, PersonCreate, PersonPublic, PersonUpdate
from app.search.entities import search_names
from app.services.common import run_page, touch
from app.services.entities import EntityKind, create_entity, delete_entity, update_entity

PERSONS = EntityKind("person", Person, PersonAlias, "person_id")
SORT_KEYS = {
    "name": SortKey(Person.name, str),
    "created_at": SortKey(Person.created_at, datetime),
    "id": SortKey(Person.id, int),
}


def get_person(session: Session, ref: str) -> Person:
    return PERSONS.get(session, ref)


def list_persons(
    session: Session, country: str | None, sort: str | None, params: PageParams, q: str | None = None
):
    statement = select(Person)
    if country:
        statement = statement.where(Person.country == country.upper())
    if q:
        return search_names(
            session, Person, PersonAlias, "person_id", statement, q, sort, params,
            lambda matching, order: run_page(session, matching, Person, order, SORT_KEYS, params),
        )
    return run_page(session, statement, Person, sort or "name", SORT_KEYS, params)


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
    ids = [p.id for p in persons]
    aliases = PERSONS.aliases(session, ids)
    offices: dict[int, list] = {i: [] for i in ids}
    if ids:
        for office in session.execute(
            select(PersonOffice).where(PersonOffice.person_id.in_(ids)).order_by(PersonOffice.id)
        ).scalars():
            offices[office.person_id].append(OfficePublic.of(office))
    return [
        PersonPublic.model_validate(
            {**p.model_dump(), "aliases": aliases[p.id], "offices": offices[p.id]}
        )
        for p in persons
    ]


def person_event_ids(person: Person):
    return select(EventParticipant.event_id).where(EventParticipant.person_id == person.id)


def person_article_ids(person: Person):
    return select(Mention.article_id).where(Mention.person_id == person.id)


def connections(session: Session, person: Person, limit: int) -> list[dict]:
    """Persons who share events or articles with this one, most shared first."""
    other = aliased(EventParticipant)
    events = dict(session.execute(
        select(other.person_id, func.count(func.distinct(other.event_id)))
        .join(EventParticipant, and_(EventParticipant.event_id == other.event_id,
                                     EventParticipant.person_id == person.id))
        .where(other.person_id.is_not(None), other.person_id != person.id)
        .group_by(other.person_id)
    ).all())
    mine = aliased(Mention)
    theirs = aliased(Mention)
    articles = dict(session.execute(
        select(theirs.person_id, func.count(func.distinct(theirs.article_id)))
        .join(mine, and_(mine.article_id == theirs.article_id, mine.person_id == person.id))
        .where(theirs.person_id.is_not(None), theirs.person_id != person.id)
        .group_by(theirs.person_id)
    ).all())
    ids = sorted(set(events) | set(articles),
                 key=lambda i: (-events.get(i, 0), -articles.get(i, 0), i))[:limit]
    people = {p.id: p for p in session.execute(select(Person).where(Person.id.in_(ids))).scalars()}
    return [
        {"person": people[i], "shared_events": events.get(i, 0), "shared_articles": articles.get(i, 0)}
        for i in ids
    ]

