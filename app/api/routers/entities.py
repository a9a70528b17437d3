"""/v1/{persons,organizations,places}: the routes every entity kind has, made from its `EntityApi`.

List, create, get, PATCH, delete, `/{ref}/events` and `/{ref}/articles` are the same for every
kind in the registry (`app.kinds`), so they are made here in one loop; what differs (schemas,
filters, service, texts) is the kind's `EntityApi` in `app.api.resources`. A kind's extra routes
live in a router of its own (`persons`: `/{ref}/connections`).
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from app.api.conditional import IfMatch
from app.api.deps import PageDep, SessionDep, ref_path
from app.api.representations import Representation, representation_of
from app.api.resources import ENTITY_APIS, EntityApi
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
from app.services.articles import ArticleFilters
from app.services.events import EventFilters

router = APIRouter()



def operation_id(api: EntityApi, template: str) -> str:
    """`list{Many}` → `listPersons`, `get{One}` → `getPerson`."""
    return template.format(One=api.kind.name.capitalize(), Many=api.kind.collection.capitalize())


def _add_routes(api: EntityApi) -> None:
    kind, service, public = api.kind, api.service, api.public
    prefix = f"/v1/{kind.collection}"
    one = api.one[0].upper() + api.one[1:]  # "A person", "An organization"
    Rep = Annotated[Representation, representation_of(kind.name)]  # noqa: N806
    Ref = Annotated[str, ref_path(kind.name, kind.example)]  # noqa: N806
    Filters = Annotated[api.filters, Query()]  # type: ignore[name-defined]  # noqa: N806
    Sort = Annotated[str | None, Query(  # noqa: N806
        description="name, created_at or id; `-` for descending. Default: best match with `q`, else name.",
        pattern=service.sort_pattern)]

    def add(template: str, method: str, path: str, endpoint, summary: str, **kwargs) -> None:
        name = operation_id(api, template)
        router.add_api_route(
            prefix + path, endpoint, methods=[method], tags=[kind.collection], operation_id=name, name=name,
            summary=summary, description=api.describe(kwargs.pop("doc")), **kwargs,
        )

    def list_(rep: Rep, page: PageDep, filters: Filters, sort: Sort = None):
        return rep.pages(page, lambda params: service.list_page(rep.session, filters, sort, params),
                         lambda rows: service.present(rep.session, rows), public)

    def create(data: api.create, session: SessionDep, response: Response):  # type: ignore[name-defined]
        row = service.create(session, data)
        session.commit()
        response.headers["Location"] = f"{prefix}/{row.id}"
        return service.present(session, [row])[0]

    def get(ref: Ref, rep: Rep):
        return rep.item(service.get(rep.session, ref), lambda row: service.present(rep.session, [row])[0])

    def update(ref: Ref, data: api.update, session: SessionDep, if_match: IfMatch):  # type: ignore[name-defined]
        row = service.get(session, ref)
        row = service.update(session, row, data, if_match.version_for(session, row))
        session.commit()
        return service.present(session, [row])[0]

    def delete(ref: Ref, session: SessionDep, if_match: IfMatch):
        row = service.get(session, ref)
        service.delete(session, row, if_match.version_for(session, row))
        session.commit()
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    def list_events(ref: Ref, rep: EventList, page: PageDep, sort: EventSort = "-date_start"):
        by: dict[str, Any] = {api.events_by: ref}  # participant=, organization=, involving_place=
        return events_page(rep, page, EventFilters(**by), sort)

    def list_articles(ref: Ref, rep: ArticleList, page: PageDep, sort: ArticleSort = "-published_at"):
        by: dict[str, Any] = {kind.name: ref}  # person=, organization=, place=
        return articles_page(rep, page, ArticleFilters(**by), sort)

    add("list{Many}", "GET", "", list_, f"List {kind.collection}", doc="list",
        response_model=Page[public], responses=problem_responses(400, 422))  # type: ignore[valid-type]
    add("create{One}", "POST", "", create, f"Create {api.one}", doc="create",
        status_code=status.HTTP_201_CREATED, response_model=public, responses=problem_responses(409, 422))
    add("get{One}", "GET", "/{ref}", get, f"Get {api.one}", doc="get",
        response_model=public, responses=problem_responses(404))
    add("update{One}", "PATCH", "/{ref}", update, f"Update {api.one}", doc="update",
        response_model=public, responses=problem_responses(404, 409, 412, 422))
    add("delete{One}", "DELETE", "/{ref}", delete, f"Delete {api.one}", doc="delete",
        status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404, 409, 412))
    add("list{One}Events", "GET", "/{ref}/events", list_events, f"{one}'s events", doc="events",
        response_model=Page[EventPublic], responses=problem_responses(400, 404, 422))
    add("list{One}Articles", "GET", "/{ref}/articles", list_articles, f"Articles naming {api.one}",
        doc="articles", response_model=Page[ArticleSummary], responses=problem_responses(400, 404, 422))


for _api in ENTITY_APIS.values():
    _add_routes(_api)
