"""/v1/places: cities and countries."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.api.conditional import IfMatch
from app.api.deps import PageDep, PlaceRefPath, SessionDep, UpdatedSince
from app.api.representations import Representation, representation_of
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
from app.schemas.event import EventPublic
from app.schemas.place import (
    PlaceCreate,
    PlaceKind,
    PlacePublic,
    PlaceUpdate,
)
from app.search.presentation import NAME_SEARCH_HELP
from app.services import places as service
from app.services.articles import ArticleFilters
from app.services.events import EventFilters

router = APIRouter(prefix="/v1/places", tags=["places"])
PlaceRep = Annotated[Representation, representation_of("place")]


@router.get(
    "",
    operation_id="listPlaces",
    summary="List places",
    description="Cities and countries by name, optionally of one kind or country. Keyset-paginated.",
    response_model=Page[PlacePublic],
    responses=problem_responses(400, 422),
)
def list_places(
    rep: PlaceRep, page: PageDep,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", examples=["BY"],
                                         description="ISO 3166-1 alpha-2 country code.")] = None,
    kind: Annotated[PlaceKind | None, Query(description="city, country, region or other.")] = None,
    q: Annotated[str | None, Query(description=NAME_SEARCH_HELP, examples=["у Мінську"])] = None,
    sort: Annotated[str | None, Query(description="name, created_at or id; `-` for descending. "
                                      "Default: best match with `q`, else name.",
                                      pattern=service.LISTING.sort_pattern)] = None,
    updated_since: UpdatedSince = None,
):
    filters = service.PlaceFilters(country=country, kind=kind, q=q, updated_since=updated_since)
    return rep.pages(page, lambda params: service.list_places(rep.session, filters, sort, params),
                     lambda rows: service.present_places(rep.session, rows), PlacePublic)


@router.post(
    "",
    operation_id="createPlace",
    summary="Create a place",
    description="Adds a place and links its mentions in existing articles.",
    status_code=status.HTTP_201_CREATED,
    response_model=PlacePublic,
    responses=problem_responses(409, 422),
)
def create_place(data: PlaceCreate, session: SessionDep, response: Response):
    row = service.create_place(session, data)
    session.commit()
    response.headers["Location"] = f"/v1/places/{row.id}"
    return service.present_places(session, [row])[0]


@router.get(
    "/{ref}",
    operation_id="getPlace",
    summary="Get a place",
    description="One place by id or slug, with aliases.",
    response_model=PlacePublic,
    responses=problem_responses(404),
)
def get_place(ref: PlaceRefPath, rep: PlaceRep):
    return rep.item(service.get_place(rep.session, ref),
                    lambda row: service.present_places(rep.session, [row])[0])


@router.patch(
    "/{ref}",
    operation_id="updatePlace",
    summary="Update a place",
    description="Changes the given fields only; `aliases`, when given, replaces the list.",
    response_model=PlacePublic,
    responses=problem_responses(404, 409, 412, 422),
)
def update_place(ref: PlaceRefPath, data: PlaceUpdate, session: SessionDep,
                        if_match: IfMatch):
    row = service.get_place(session, ref)
    row = service.update_place(session, row, data, if_match.version_for(session, row))
    session.commit()
    return service.present_places(session, [row])[0]


@router.delete(
    "/{ref}",
    operation_id="deletePlace",
    summary="Delete a place",
    description="Deletes a place and its mentions; one still used by events (as their place or a "
    "participant) is kept (409).",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 409, 412),
)
def delete_place(ref: PlaceRefPath, session: SessionDep, if_match: IfMatch):
    row = service.get_place(session, ref)
    service.delete_place(session, row, if_match.version_for(session, row))
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{ref}/events",
    operation_id="listPlaceEvents",
    summary="A place's events",
    description="Events held at the place or in which it (a country, say) takes part, latest first.",
    response_model=Page[EventPublic],
    responses=problem_responses(400, 404, 422),
)
def list_place_events(ref: PlaceRefPath, rep: EventList, page: PageDep,
                      sort: EventSort = "-date_start"):
    return events_page(rep, page, EventFilters(involving_place=ref), sort)


@router.get(
    "/{ref}/articles",
    operation_id="listPlaceArticles",
    summary="Articles naming a place",
    description="Articles that mention the place by any of its names, in any grammatical case, newest first.",
    response_model=Page[ArticleSummary],
    responses=problem_responses(400, 404, 422),
)
def list_place_articles(ref: PlaceRefPath, rep: ArticleList, page: PageDep,
                        sort: ArticleSort = "-published_at"):
    return articles_page(rep, page, ArticleFilters(place=ref), sort)
