"""The rows an analytical read covers: the list filters, `q` included, as one statement."""

from sqlalchemy import ColumnElement, func, literal_column
from sqlalchemy.sql import Select
from sqlmodel import Session

from app.search.fulltext import hits, restrict, texts_of
from app.search.matching import satisfies
from app.search.query import parse_query
from app.search.shadow import ARTICLES, EVENTS, ShadowIndex
from app.services.articles import ArticleFilters, filter_articles
from app.services.events import EventFilters, filter_events


def _matching_text(session: Session, index: ShadowIndex, statement: Select, q: str) -> Select:
    """Keep the rows of `statement` that match `q` (as the lists do, without ranking)."""
    query = parse_query(q)
    if not query.needs_verification:
        return restrict(session, index, statement, query)
    found = hits(session, index, query)
    candidates = session.execute(statement.join(found, found.c.id == index.model.id)).scalars().all()
    ids = [row.id for row in candidates if satisfies(query, texts_of(index, row))]
    return statement.where(index.model.id.in_(ids))


def matching_events(session: Session, filters: EventFilters) -> Select:
    statement = filter_events(session, filters)
    return _matching_text(session, EVENTS, statement, filters.q) if filters.q else statement


def matching_articles(session: Session, filters: ArticleFilters) -> Select:
    statement = filter_articles(session, filters)
    return _matching_text(session, ARTICLES, statement, filters.q) if filters.q else statement


PERIOD_LENGTHS = {"year": 4, "month": 7, "day": 10}


def period_of(session: Session, column, granularity: str, timestamp: bool = False) -> ColumnElement:
    """An expression grouping a date (or UTC timestamp) by year, month or day; `period_text`
    turns its values into `2020`, `2020-08`, `2020-08-09`.

    SQLite stores dates and timestamps as ISO text already: a prefix is the period. PostgreSQL
    truncates (a timestamp at UTC, whatever the session's time zone)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.substr(column, 1, PERIOD_LENGTHS[granularity])
    if timestamp:
        column = func.timezone(literal_column("'UTC'"), column)
    return func.date_trunc(literal_column(f"'{granularity}'"), column)


def period_text(value, granularity: str) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else value.isoformat()
    return text[:PERIOD_LENGTHS[granularity]]
