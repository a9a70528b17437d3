"""The pages behind `/v1/{persons,organizations,places}/{ref}/{events,articles}`.

Each relation route hands its `{ref}` to the list filter, which resolves it (a 404 problem
when unknown) in the same lookup it filters by, so the kinds page, sort and link exactly like
`listEvents` and `listArticles`.
"""

from typing import Annotated

from fastapi import Query, Request, Response
from sqlmodel import Session

from app.pagination import Page, PageParams, link_header
from app.schemas.article import ArticleSummary
from app.schemas.event import EventPublic
from app.services import articles as article_service
from app.services import events as event_service

EventSort = Annotated[str, Query(description="date_start, created_at, title or id; `-` for descending.")]
ArticleSort = Annotated[str, Query(description="published_at, created_at, title or id; `-` for descending.")]


def events_page(request: Request, response: Response, session: Session, page: PageParams,
                filters: event_service.EventFilters, sort: str) -> Page[EventPublic]:
    found = event_service.list_events(session, filters, sort, page)
    rows, next_cursor, total = found.rows, found.next_cursor, found.total
    link_header(request, response, next_cursor)
    return Page[EventPublic](items=event_service.present_events(session, rows), next_cursor=next_cursor,
                             limit=page.limit, total=total)


def articles_page(request: Request, response: Response, session: Session, page: PageParams,
                  filters: article_service.ArticleFilters, sort: str) -> Page[ArticleSummary]:
    found = article_service.list_articles(session, filters, sort, page)
    rows, next_cursor, total = found.rows, found.next_cursor, found.total
    link_header(request, response, next_cursor)
    return Page[ArticleSummary](items=[ArticleSummary.model_validate(r) for r in rows],
                                next_cursor=next_cursor, limit=page.limit, total=total)
