"""Articles: queries and writes."""

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, exists, func, insert, select
from sqlmodel import Session, col

from app.errors import Conflict
from app.kinds import ENTITY_KINDS, entity_key
from app.mentions.linking import link_articles
from app.mentions.matcher import current_matcher
from app.models import Article, Event, EventSource, Mention
from app.models.base import EARLIEST_TIME_SQL, id_of, table_of
from app.pagination import PageParams, PageResult, SortKey
from app.schemas.article import ArticleCreate, ArticleUpdate
from app.search.shadow import ARTICLES
from app.search.texts import TextSearch
from app.services.analysis import Analysis, analyse
from app.services.candidates import record_candidates, rescan_candidates, withdraw_unsupported
from app.services.common import (
    Listing,
    assign,
    check_version,
    claim_slug,
    get_by_ref,
    read_by_ref,
    touch,
)
from app.services.media import find_media
from app.services.refs import entity_refs
from app.text.names import NameMatcher
from app.text.normalize import content_hash
from app.text.parsing import find_lead

DEFAULT_SORT = "-published_at"
LISTING = Listing(Article, {
    "published_at": SortKey(Article.published_at, datetime, EARLIEST_TIME_SQL),
    "created_at": SortKey(Article.created_at, datetime),
    "title": SortKey(Article.title, str),
    "id": SortKey(Article.id, int),
}, default_sort=DEFAULT_SORT)


@dataclass(frozen=True, kw_only=True)
class ArticleFilters:
    published_from: datetime | None = None
    published_to: datetime | None = None
    outlet: str | None = None
    language: str | None = None
    person: str | None = None
    event: str | None = None
    q: str | None = None  # full-text search over title, lead and body
    organization: str | None = None
    place: str | None = None
    updated_since: datetime | None = None  # created or changed at or after



def get_article(session: Session, ref: str) -> Article:
    return get_by_ref(session, Article, ref, "article")


def read_article(session: Session, ref: str) -> tuple:
    """The article's columns by name, to present only (`app.services.common.read_by_ref`)."""
    return read_by_ref(session, Article, ref, "article")


def list_articles(
    session: Session, filters: ArticleFilters, sort: str | None, params: PageParams,
) -> PageResult[Article]:
    search = TextSearch.of(ARTICLES, filters.q, session) if filters.q else None
    return LISTING.page(session, filter_articles(session, filters, params.limit), sort, params, search)


def filter_articles(session: Session, filters: ArticleFilters, page_limit: int | None = None) -> Select:
    """`select(Article)` narrowed by every filter but `q` (which ranks as well as narrows);
    `page_limit`: the statement reads one page in date order (see `_among`)."""
    statement = select(Article)
    if filters.updated_since:
        statement = statement.where(col(Article.updated_at) >= filters.updated_since)
    if filters.published_from:
        statement = statement.where(col(Article.published_at) >= filters.published_from)
    if filters.published_to:
        statement = statement.where(col(Article.published_at) < filters.published_to)
    if filters.outlet:
        statement = statement.where(col(Article.outlet) == filters.outlet)
    if filters.language:
        statement = statement.where(col(Article.language) == filters.language)
    for kind in ENTITY_KINDS:  # articles naming this person, organization, place
        if ref := getattr(filters, kind.name):
            entity = get_by_ref(session, kind.model, ref, kind.name)
            naming = select(col(Mention.article_id)).where(getattr(Mention, kind.owner_field) == entity.id)
            statement = statement.where(
                col(Article.id).in_(naming) if page_limit is None
                else _among(session, naming, Mention.article_id, page_limit)
            )
    if filters.event:
        event = get_by_ref(session, Event, filters.event, "event")
        statement = statement.where(
            col(Article.id).in_(
                select(col(EventSource.article_id)).where(col(EventSource.event_id) == event.id))
        )
    return statement


def _among(session: Session, ids: Select, id_column, limit: int) -> ColumnElement:
    """`Article.id IN ids`, written so SQLite plans a page in date order well.

    `IN` reads every matching id and sorts them: right for a name few articles carry. For a
    common one, `EXISTS` lets SQLite walk the date-order index and stop after a page; that wins
    once the matches outnumber sqrt(page × articles) (then the walk meets a page of them sooner
    than reading them all). A bounded count decides; PostgreSQL's planner decides by itself.
    """
    if session.get_bind().dialect.name != "sqlite":
        return col(Article.id).in_(ids)
    articles = session.execute(select(func.max(Article.id))).scalar() or 0
    common = math.isqrt((limit + 1) * articles)
    matches = session.execute(select(func.count()).select_from(ids.limit(common).subquery())).scalar_one()
    if matches < common:
        return col(Article.id).in_(ids)
    return exists(ids.where(id_column == Article.id))


def content_hash_of(title: str, body: str) -> str:
    """The article's content hash: equal to `content_hash` of the raw document it came from,
    since the hash collapses every run of whitespace (the title line break included)."""
    return content_hash(f"{title}\n\n{body}")


def _ensure_unique_content(session: Session, digest: str, exclude_id: int | None = None) -> None:
    statement = select(col(Article.id)).where(col(Article.content_hash) == digest)
    if exclude_id is not None:
        statement = statement.where(col(Article.id) != exclude_id)
    existing = session.execute(statement).scalar()
    if existing is not None:
        raise Conflict(f"An article with the same text already exists (id {existing}).")


def create_article(session: Session, data: ArticleCreate, matcher: NameMatcher | None = None) -> Article:
    """Store an article, link what it names and propose the unknown people it names."""
    digest = content_hash_of(data.title, data.body)
    _ensure_unique_content(session, digest)
    analysis = analyse(data.title, data.body, matcher or current_matcher(session))
    article = store_article(session, data, digest, analysis)
    record_candidates(session, id_of(article), analysis.names)
    return article


def store_article(
    session: Session, data: ArticleCreate, digest: str, analysis: Analysis,
    outlet_id: int | None = None, original_source_id: int | None = None,
) -> Article:
    """Insert an article whose content hash `digest` the caller found free, and the mentions its
    analysis found (bulk rows: no per-row ORM work); `outlet_id`/`original_source_id`: the
    organizations its outlet and source name."""
    lead = data.lead if data.lead is not None else find_lead(data.title, data.body)
    article = Article(
        **data.model_dump(exclude={"slug", "lead"}),
        lead=lead,
        slug=claim_slug(session, Article, data.slug, data.title, "article"),
        content_hash=digest,
        outlet_id=outlet_id if outlet_id is not None else _media_id(session, data.outlet),
        original_source_id=(original_source_id if original_source_id is not None
                            else _media_id(session, data.original_source)),
    )
    session.add(article)
    session.flush()
    if analysis.mentions:
        session.execute(insert(table_of(Mention)), [
            {**row, "article_id": article.id} for row in analysis.mentions
        ])
    return article


def _media_id(session: Session, name: str | None) -> int | None:
    """The known organization an outlet or source name refers to (none is created here)."""
    found = find_media(session, name) if name else None
    return found.id if found else None


def update_article(session: Session, article: Article, data: ArticleUpdate, if_match: int | None) -> Article:
    check_version(article, if_match, "article")
    values = data.model_dump(exclude_unset=True)
    for name, ref in (("outlet", "outlet_id"), ("original_source", "original_source_id")):
        if name in values:
            values[ref] = _media_id(session, values[name])
    if "slug" in values:
        values["slug"] = claim_slug(session, Article, values["slug"], article.title, "article", article.id)
    text_changed = "title" in values or "body" in values
    if text_changed:
        digest = content_hash_of(values.get("title", article.title), values.get("body", article.body))
        _ensure_unique_content(session, digest, article.id)
        values["content_hash"] = digest
    if assign(article, values):
        touch(article)
        session.flush()
        if text_changed:
            link_articles(session, [article], current_matcher(session))
            rescan_candidates(session, article)
    return article


def delete_article(session: Session, article: Article, if_match: int | None) -> None:
    check_version(article, if_match, "article")
    session.delete(article)
    session.flush()
    withdraw_unsupported(session)  # its candidate mentions went with it


def article_mentions(session: Session, article: Article) -> list[dict]:
    rows = session.execute(
        select(Mention).where(col(Mention.article_id) == article.id)
        .order_by(col(Mention.field).desc(), col(Mention.start))
    ).scalars().all()
    refs = entity_refs(session, map(entity_key, rows))
    return [
        {"id": m.id, "entity": refs[entity_key(m)], "field": m.field,
         "start": m.start, "end": m.end, "surface": m.surface}
        for m in rows
    ]
