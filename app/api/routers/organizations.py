"""/v1/organizations: agencies, outlets, embassies, governments."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.api.conditional import IfMatch
from app.api.deps import OrganizationRefPath, PageDep, SessionDep, UpdatedSince
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
from app.schemas.organization import (
    OrganizationCreate,
    OrganizationKind,
    OrganizationPublic,
    OrganizationUpdate,
)
from app.search.presentation import NAME_SEARCH_HELP
from app.services import organizations as service
from app.services.articles import ArticleFilters
from app.services.events import EventFilters

router = APIRouter(prefix="/v1/organizations", tags=["organizations"])
OrganizationRep = Annotated[Representation, representation_of("organization")]


@router.get(
    "",
    operation_id="listOrganizations",
    summary="List organizations",
    description="Organizations by name, optionally of one country or kind. Keyset-paginated.",
    response_model=Page[OrganizationPublic],
    responses=problem_responses(400, 422),
)
def list_organizations(
    rep: OrganizationRep, page: PageDep,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", examples=["BY"])] = None,
    kind: Annotated[OrganizationKind | None, Query()] = None,
    q: Annotated[str | None, Query(description=NAME_SEARCH_HELP, examples=["Белти"])] = None,
    sort: Annotated[str | None, Query(description="name, created_at or id; `-` for descending. "
                                      "Default: best match with `q`, else name.",
                                      pattern=service.LISTING.sort_pattern)] = None,
    updated_since: UpdatedSince = None,
):
    filters = service.OrganizationFilters(country=country, kind=kind, q=q, updated_since=updated_since)
    return rep.pages(
        page, lambda params: service.list_organizations(rep.session, filters, sort, params),
        lambda rows: service.present_organizations(rep.session, rows), OrganizationPublic,
    )


@router.post(
    "",
    operation_id="createOrganization",
    summary="Create an organization",
    description="Adds an organization and links its mentions in existing articles.",
    status_code=status.HTTP_201_CREATED,
    response_model=OrganizationPublic,
    responses=problem_responses(409, 422),
)
def create_organization(data: OrganizationCreate, session: SessionDep, response: Response):
    row = service.create_organization(session, data)
    session.commit()
    response.headers["Location"] = f"/v1/organizations/{row.id}"
    return service.present_organizations(session, [row])[0]


@router.get(
    "/{ref}",
    operation_id="getOrganization",
    summary="Get an organization",
    description="One organization by id or slug, with aliases.",
    response_model=OrganizationPublic,
    responses=problem_responses(404),
)
def get_organization(ref: OrganizationRefPath, rep: OrganizationRep):
    return rep.item(service.get_organization(rep.session, ref),
                    lambda row: service.present_organizations(rep.session, [row])[0])


@router.patch(
    "/{ref}",
    operation_id="updateOrganization",
    summary="Update an organization",
    description="Changes the given fields only; `aliases`, when given, replaces the list.",
    response_model=OrganizationPublic,
    responses=problem_responses(404, 409, 412, 422),
)
def update_organization(ref: OrganizationRefPath, data: OrganizationUpdate, session: SessionDep,
                        if_match: IfMatch):
    row = service.get_organization(session, ref)
    row = service.update_organization(session, row, data, if_match.version_for(session, row))
    session.commit()
    return service.present_organizations(session, [row])[0]


@router.delete(
    "/{ref}",
    operation_id="deleteOrganization",
    summary="Delete an organization",
    description="Deletes an organization and its mentions; one still taking part in events is kept (409).",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 409, 412),
)
def delete_organization(ref: OrganizationRefPath, session: SessionDep, if_match: IfMatch):
    row = service.get_organization(session, ref)
    service.delete_organization(session, row, if_match.version_for(session, row))
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{ref}/events",
    operation_id="listOrganizationEvents",
    summary="An organization's events",
    description="Events the organization takes part in, latest first.",
    response_model=Page[EventPublic],
    responses=problem_responses(400, 404, 422),
)
def list_organization_events(ref: OrganizationRefPath, rep: EventList, page: PageDep,
                             sort: EventSort = "-date_start"):
    return events_page(rep, page, EventFilters(organization=ref), sort)


@router.get(
    "/{ref}/articles",
    operation_id="listOrganizationArticles",
    summary="Articles naming an organization",
    description="Articles that mention the organization by any of its names, in any grammatical case, "
    "newest first.",
    response_model=Page[ArticleSummary],
    responses=problem_responses(400, 404, 422),
)
def list_organization_articles(ref: OrganizationRefPath, rep: ArticleList, page: PageDep,
                               sort: ArticleSort = "-published_at"):
    return articles_page(rep, page, ArticleFilters(organization=ref), sort)
