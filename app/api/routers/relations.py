"""The pages behind `/v1/{persons,organizations,places}/{ref}/{events,articles}`.

Each relation route hands its `{ref}` to the list filter, which resolves it (a 404 problem
when unknown) in the same lookup it filters by, so the kinds page, sort, link and answer in
every format exactly like `listEvents` and `listArticles`.
"""

from typing import Annotated, Any

from fastapi import Query

from app.api.representations import Representation, listing_of
from app.pagination import PageParams
from app.schemas.article import ArticleSummary
from app.schemas.event import EventPublic
from app.services import articles as article_service
from app.services import events as event_service

EventSort = Annotated[str, Query(description="date_start, created_at, title or id; `-` for descending.")]
ArticleSort = Annotated[str, Query(description="published_at, created_at, title or id; `-` for descending.")]
EventList = Annotated[Representation, listing_of("event")]
ArticleList = Annotated[Representation, listing_of("article")]


def events_page(rep: Representation, page: PageParams, filters: event_service.EventFilters, sort: str) -> Any:
    return rep.pages(page, lambda params: event_service.list_events(rep.session, filters, sort, params),
                     lambda rows: event_service.present_events(rep.session, rows), EventPublic)


def articles_page(rep: Representation, page: PageParams, filters: article_service.ArticleFilters,
                  sort: str) -> Any:
    return rep.pages(page, lambda params: article_service.list_articles(rep.session, filters, sort, params),
                     lambda rows: [ArticleSummary.model_validate(r) for r in rows], ArticleSummary)
