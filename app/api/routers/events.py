"""/v1/events: what the articles report, with participants and evidence."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.api.conditional import IfMatch
from app.api.deps import EventRefPath, PageDep, SessionDep, UpdatedSince
from app.api.facets import FacetedPage, facet_names, facets_query
from app.api.representations import Representation, representation_of
from app.api.routers.relations import ArticleList, ArticleSort, articles_page
from app.errors import problem_responses
from app.pagination import Page
from app.schemas.article import ArticleSummary
from app.schemas.common import PartialDateStr
from app.schemas.event import EventCreate, EventPublic, EventType, EventUpdate
from app.search.presentation import SEARCH_HELP, with_snippets
from app.search.shadow import EVENTS
from app.search.texts import snippets
from app.services import events as service
from app.services.analytics.facets import EVENT_FACETS, event_facets
from app.services.analytics.selection import matching_events
from app.services.articles import ArticleFilters

router = APIRouter(prefix="/v1/events", tags=["events"])
EventRep = Annotated[Representation, representation_of("event")]


@router.get(
    "",
    operation_id="listEvents",
    summary="List events",
    description="Meetings, visits, elections, sanctions, embassy closures… latest first. Dates are as "
    "precise as the sources: `date_start` `2020` with `date_precision` `year`; events of unknown "
    "date come last.",
    response_model=FacetedPage[EventPublic],
    responses=problem_responses(400, 404, 422),
)
def list_events(
    rep: EventRep,
    page: PageDep,
    type: Annotated[EventType | None, Query(description="Event type.")] = None,
    date_from: Annotated[PartialDateStr | None, Query(examples=["2020"])] = None,
    date_to: Annotated[PartialDateStr | None, Query(examples=["2022-12"])] = None,
    place: Annotated[str | None, Query(max_length=200, description="Place id or slug where it was held.",
                                       examples=["minsk"])] = None,
    participant: Annotated[str | None, Query(max_length=200, description="Person id or slug.",
                                             examples=["mike-pompeo"])] = None,
    organization: Annotated[str | None, Query(max_length=200, description="Organization id or slug taking "
                                              "part.", examples=["us-embassy-belarus"])] = None,
    country: Annotated[str | None, Query(
        pattern=r"^[A-Za-z]{2}$", examples=["BY"],
        description="ISO 3166-1 alpha-2 of the event's place or of a participating country.",
    )] = None,
    q: Annotated[str | None, Query(description=SEARCH_HELP, examples=["переговори"])] = None,
    sort: Annotated[str | None, Query(
        description="date_start, created_at, title or id; `-` for descending. "
        "Default: relevance with `q`, else -date_start.",
        pattern=service.LISTING.sort_pattern,
    )] = None,
    updated_since: UpdatedSince = None,
    facets: Annotated[str | None, facets_query(EVENT_FACETS, "type,year")] = None,
):
    filters = service.EventFilters(
        type=type, date_from=date_from, date_to=date_to, place=place, participant=participant,
        organization=organization, country=country, q=q, updated_since=updated_since,
    )
    counted = facet_names(facets, EVENT_FACETS)
    return rep.pages(page, lambda params: service.list_events(rep.session, filters, sort, params),
                     lambda rows: with_snippets(service.present_events(rep.session, rows),
                                                snippets(EVENTS, rows, q)),
                     EventPublic,
                     facets=event_facets(rep.session, matching_events(rep.session, filters), counted)
                     if counted else None)


@router.post(
    "",
    operation_id="createEvent",
    summary="Create an event",
    description="Adds an event with its participants and the article sentences that report it; each "
    "quote must appear verbatim in its article's body (its offsets are found).",
    status_code=status.HTTP_201_CREATED,
    response_model=EventPublic,
    responses=problem_responses(409, 422),
)
def create_event(data: EventCreate, session: SessionDep, response: Response):
    event = service.create_event(session, data)
    session.commit()
    response.headers["Location"] = f"/v1/events/{event.id}"
    return service.present_events(session, [event])[0]


@router.get(
    "/{ref}",
    operation_id="getEvent",
    summary="Get an event",
    description="One event by id or slug, with its place, participants and sources.",
    response_model=EventPublic,
    responses=problem_responses(404),
)
def get_event(ref: EventRefPath, rep: EventRep):
    return rep.item(service.get_event(rep.session, ref),
                    lambda event: service.present_events(rep.session, [event])[0])


@router.patch(
    "/{ref}",
    operation_id="updateEvent",
    summary="Update an event",
    description="Changes the given fields only; `participants` and `sources`, when given, replace the lists.",
    response_model=EventPublic,
    responses=problem_responses(404, 409, 412, 422),
)
def update_event(ref: EventRefPath, data: EventUpdate, session: SessionDep, if_match: IfMatch):
    event = service.get_event(session, ref)
    event = service.update_event(session, event, data, if_match.version_for(session, event))
    session.commit()
    return service.present_events(session, [event])[0]


@router.delete(
    "/{ref}",
    operation_id="deleteEvent",
    summary="Delete an event",
    description="Deletes the event with its participants and sources; persons and articles stay.",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 412),
)
def delete_event(ref: EventRefPath, session: SessionDep, if_match: IfMatch):
    event = service.get_event(session, ref)
    service.delete_event(session, event, if_match.version_for(session, event))
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{ref}/articles",
    operation_id="listEventArticles",
    summary="Articles reporting an event",
    description="Articles the event's sources quote, newest first.",
    response_model=Page[ArticleSummary],
    responses=problem_responses(400, 404, 422),
)
def list_event_articles(ref: EventRefPath, rep: ArticleList, page: PageDep,
                        sort: ArticleSort = "-published_at"):
    return articles_page(rep, page, ArticleFilters(event=ref), sort)
