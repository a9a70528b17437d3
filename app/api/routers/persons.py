"""/v1/persons: people the articles name, their events, articles and connections."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.api.conditional import IfMatch
from app.api.deps import PageDep, PersonRefPath, SessionDep, UpdatedSince
from app.api.representations import Listing, Representation, representation_of
from app.api.routers.relations import (
    ArticleList,
    ArticleSort,
    EventList,
    EventSort,
    articles_page,
    events_page,
)
from app.errors import problem_responses
from app.pagination import Page
from app.schemas.article import ArticleSummary
from app.schemas.common import PartialDateStr
from app.schemas.event import EventPublic
from app.schemas.person import ConnectionPublic, PersonCreate, PersonPublic, PersonUpdate
from app.search.presentation import NAME_SEARCH_HELP
from app.services import persons as service
from app.services.articles import ArticleFilters
from app.services.events import EventFilters
from app.services.offices import HELD_AT_HELP

router = APIRouter(prefix="/v1/persons", tags=["persons"])
PersonRep = Annotated[Representation, representation_of("person")]


@router.get(
    "",
    operation_id="listPersons",
    summary="List persons",
    description="Persons by name, optionally of one country (ISO 3166-1 alpha-2), or who held an "
    "office at a date (`office=державний секретар&at=2020`). Keyset-paginated.\n\n" + HELD_AT_HELP,
    response_model=Page[PersonPublic],
    responses=problem_responses(400, 422),
)
def list_persons(
    rep: PersonRep,
    page: PageDep,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", examples=["US"])] = None,
    q: Annotated[str | None, Query(description=NAME_SEARCH_HELP, examples=["Келлогові"])] = None,
    sort: Annotated[str | None, Query(description="name, created_at or id; `-` for descending. "
                                      "Default: best match with `q`, else name.",
                                      pattern=service.LISTING.sort_pattern)] = None,
    updated_since: UpdatedSince = None,
    office: Annotated[str | None, Query(max_length=200, description="Holding an office whose title "
                                        "contains this (any case).", examples=["державний секретар"])] = None,
    at: Annotated[PartialDateStr | None, Query(description="Holding it (or any office) at this date: "
                                               "`2020`, `2020-08`, `2020-08-09`.")] = None,
):
    filters = service.PersonFilters(country=country, q=q, updated_since=updated_since, office=office, at=at)
    return rep.pages(page, lambda params: service.list_persons(rep.session, filters, sort, params),
                     lambda rows: service.present_persons(rep.session, rows), PersonPublic)


@router.post(
    "",
    operation_id="createPerson",
    summary="Create a person",
    description="Adds a person; the transliteration of the name and the English name become aliases, "
    "and the person's mentions in existing articles are linked.",
    status_code=status.HTTP_201_CREATED,
    response_model=PersonPublic,
    responses=problem_responses(409, 422),
)
def create_person(data: PersonCreate, session: SessionDep, response: Response):
    person = service.create_person(session, data)
    session.commit()
    response.headers["Location"] = f"/v1/persons/{person.id}"
    return service.present_persons(session, [person])[0]


@router.get(
    "/{ref}",
    operation_id="getPerson",
    summary="Get a person",
    description="One person by id or slug, with aliases and offices.",
    response_model=PersonPublic,
    responses=problem_responses(404),
)
def get_person(ref: PersonRefPath, rep: PersonRep):
    return rep.item(service.get_person(rep.session, ref),
                    lambda person: service.present_persons(rep.session, [person])[0])


@router.patch(
    "/{ref}",
    operation_id="updatePerson",
    summary="Update a person",
    description="Changes the given fields only; `aliases` and `offices`, when given, replace the lists.",
    response_model=PersonPublic,
    responses=problem_responses(404, 409, 412, 422),
)
def update_person(ref: PersonRefPath, data: PersonUpdate, session: SessionDep, if_match: IfMatch):
    person = service.get_person(session, ref)
    person = service.update_person(session, person, data, if_match.version_for(session, person))
    session.commit()
    return service.present_persons(session, [person])[0]


@router.delete(
    "/{ref}",
    operation_id="deletePerson",
    summary="Delete a person",
    description="Deletes a person and their mentions. A person still taking part in events "
    "is not deleted (409): remove them from the events first.",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 409, 412),
)
def delete_person(ref: PersonRefPath, session: SessionDep, if_match: IfMatch):
    person = service.get_person(session, ref)
    service.delete_person(session, person, if_match.version_for(session, person))
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{ref}/events",
    operation_id="listPersonEvents",
    summary="A person's events",
    description="Events the person takes part in, latest first.",
    response_model=Page[EventPublic],
    responses=problem_responses(400, 404, 422),
)
def list_person_events(ref: PersonRefPath, rep: EventList, page: PageDep, sort: EventSort = "-date_start"):
    return events_page(rep, page, EventFilters(participant=ref), sort)


@router.get(
    "/{ref}/articles",
    operation_id="listPersonArticles",
    summary="Articles naming a person",
    description="Articles that mention the person in any grammatical case, newest first.",
    response_model=Page[ArticleSummary],
    responses=problem_responses(400, 404, 422),
)
def list_person_articles(ref: PersonRefPath, rep: ArticleList, page: PageDep,
                         sort: ArticleSort = "-published_at"):
    return articles_page(rep, page, ArticleFilters(person=ref), sort)


@router.get(
    "/{ref}/connections",
    operation_id="listPersonConnections",
    summary="A person's connections",
    description="Persons who share events or articles with this one, most shared events first.",
    response_model=list[ConnectionPublic],
    responses=problem_responses(404, 422),
)
def list_person_connections(
    ref: PersonRefPath, rep: Listing,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
):
    return rep.listing(service.connections(rep.session, service.get_person(rep.session, ref), limit),
                       ConnectionPublic)
