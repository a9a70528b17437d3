"""The pages behind `/v1/{persons,organizations,places}/{ref}/{events,articles}`.

Each relation route hands its `{ref}` to the list filter, which resolves it (a 404 problem
when unknown) in the same lookup it filters by, so the kinds page, sort, link and answer in
every format exactly like `listEvents` and `listArticles`. `updated_since` comes with the
listing dependency, so every relation route polls alike without declaring it itself.
"""

from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query

from app.api.deps import UpdatedSince
from app.api.representations import Representation, listing_of
from app.pagination import PageParams
from app.schemas.article import ArticleSummary
from app.schemas.event import EventPublic
from app.services import articles as article_service
from app.services import events as event_service

EventSort = Annotated[str, Query(description="date_start, created_at, title or id; `-` for descending.",
                                 pattern=event_service.LISTING.sort_pattern)]
ArticleSort = Annotated[str, Query(description="published_at, created_at, title or id; `-` for descending.",
                                   pattern=article_service.LISTING.sort_pattern)]


@dataclass
class RelationListing(Representation):
    """A relation route's representation and the `updated_since` it was asked for."""

    updated_since: datetime | None = None


def relation_listing(name: str) -> Any:
    async def polled(  # async: pure parsing, no trip to the thread pool
        rep: Annotated[Representation, listing_of(name)], updated_since: UpdatedSince = None,
    ) -> RelationListing:
        own = {f.name: getattr(rep, f.name) for f in fields(Representation)}
        return RelationListing(**own, updated_since=updated_since)

    return Depends(polled)


EventList = Annotated[RelationListing, relation_listing("event")]
ArticleList = Annotated[RelationListing, relation_listing("article")]


def events_page(rep: RelationListing, page: PageParams, filters: event_service.EventFilters,
                sort: str) -> Any:
    filters = replace(filters, updated_since=rep.updated_since)
    return rep.pages(page, lambda params: event_service.list_events(rep.session, filters, sort, params),
                     lambda rows: event_service.present_events(rep.session, rows), EventPublic)


def articles_page(rep: RelationListing, page: PageParams, filters: article_service.ArticleFilters,
                  sort: str) -> Any:
    filters = replace(filters, updated_since=rep.updated_since)
    return rep.pages(page, lambda params: article_service.list_articles(rep.session, filters, sort, params),
                     lambda rows: [ArticleSummary.model_validate(r) for r in rows], ArticleSummary)
