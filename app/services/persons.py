"""Persons: queries and writes, their offices and connections."""

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.errors import Unprocessable
from app.kinds import KINDS
from app.models import EventParticipant, Mention, Organization, Person, PersonOffice
from app.models.base import id_of
from app.pagination import PageParams, PageResult
from app.schemas.person import (
    OfficeIn,
    OfficePublic,
    PersonCreate,
    PersonFilters,
    PersonPublic,
    PersonUpdate,
)
from app.services.common import touch
from app.services.entities import (
    EntityService,
    create_entity,
    delete_entity,
    get_entity,
    list_entities,
    present_entities,
    update_entity,
)
from app.services.offices import office_holders
from app.text.dates import parse_partial_date

PERSONS = KINDS["person"]


def get_person(session: Session, ref: str) -> Person:
    return get_entity(session, PERSONS, ref)


def list_persons(
    session: Session, filters: PersonFilters, sort: str | None, params: PageParams,
) -> PageResult[Person]:
    holders = []
    if filters.office or filters.at:
        holders.append(col(Person.id).in_(office_holders(session, filters.office, filters.at)))
    return list_entities(session, PERSONS, filters, sort, params, *holders)


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
    session.execute(delete(PersonOffice).where(col(PersonOffice.person_id) == person_id))
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
            select(PersonOffice).where(col(PersonOffice.person_id) == person.id)
            .order_by(col(PersonOffice.id))
        ).scalars().all()
        if [_office_key(o) for o in current] != [_office_key(o) for o in data.offices]:
            _replace_offices(session, id_of(person), data.offices)
            if not changed:
                touch(person)
        session.flush()
    return person


def delete_person(session: Session, person: Person, if_match: int | None) -> None:
    delete_entity(session, PERSONS, person, if_match)


def present_persons(session: Session, persons: list[Person]) -> list[PersonPublic]:
    """Persons with their aliases and offices, two queries for the whole page."""
    offices: dict[int, list] = {id_of(p): [] for p in persons}
    if offices:
        for office in session.execute(
            select(PersonOffice).where(col(PersonOffice.person_id).in_(list(offices))).order_by(col(PersonOffice.id))
        ).scalars():
            offices[office.person_id].append(OfficePublic.of(office))
    return present_entities(session, PERSONS, PersonPublic, persons, extra={"offices": offices})


def connections(session: Session, person: Person, limit: int) -> list[dict]:
    """Persons who share events or articles with this one, most shared first."""
    other = aliased(EventParticipant)
    events: dict[int, int] = dict(session.execute(
        select(col(other.person_id), func.count(func.distinct(col(other.event_id))))
        .join(EventParticipant, and_(col(EventParticipant.event_id) == other.event_id,
                                     col(EventParticipant.person_id) == person.id))
        .where(col(other.person_id).is_not(None), col(other.person_id) != person.id)
        .group_by(col(other.person_id))
    ).all())
    mine = aliased(Mention)
    theirs = aliased(Mention)
    articles: dict[int, int] = dict(session.execute(
        select(col(theirs.person_id), func.count(func.distinct(col(theirs.article_id))))
        .join(mine, and_(col(mine.article_id) == col(theirs.article_id), col(mine.person_id) == person.id))
        .where(col(theirs.person_id).is_not(None), col(theirs.person_id) != person.id)
        .group_by(col(theirs.person_id))
    ).all())
    ids = sorted(set(events) | set(articles),
                 key=lambda i: (-events.get(i, 0), -articles.get(i, 0), i))[:limit]
    people = {p.id: p for p in session.execute(select(Person).where(col(Person.id).in_(ids))).scalars()}
    return [
        {"person": people[i], "shared_events": events.get(i, 0), "shared_articles": articles.get(i, 0)}
        for i in ids
    ]


SERVICE = EntityService(PERSONS, list_persons, create_person, update_person, delete_person, present_persons,
                        PersonCreate, PersonUpdate)
