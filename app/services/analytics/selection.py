"""The rows an analytical read covers: the list filters, `q` included, as one statement."""

from collections.abc import Collection, Iterable

import orjson
from sqlalchemy import ColumnElement, Integer, Text, any_, bindparam, cast, func, literal_column, select
from sqlalchemy import distinct as sql_distinct
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql import Select
from sqlmodel import Session

from app.search.shadow import ARTICLES, EVENTS
from app.search.texts import TextSearch
from app.services.articles import ArticleFilters, filter_articles
from app.services.events import EventFilters, filter_events
from app.text.dates import ISO_LENGTHS, iso_prefix


def matching_events(session: Session, filters: EventFilters) -> Select:
    statement = filter_events(session, filters)
    if not filters.q:
        return statement
    return TextSearch.of(EVENTS, filters.q, session).restrict(session, statement)


def matching_articles(session: Session, filters: ArticleFilters) -> Select:
    statement = filter_articles(session, filters)
    if not filters.q:
        return statement
    return TextSearch.of(ARTICLES, filters.q, session).restrict(session, statement)


def period_of(session: Session, column, granularity: str, timestamp: bool = False) -> ColumnElement:
    """An expression grouping a date (or UTC timestamp) by year, month or day; `period_text`
    turns its values into `2020`, `2020-08`, `2020-08-09`.

    SQLite stores dates and timestamps as ISO text already: a prefix is the period. PostgreSQL
    truncates (a timestamp at UTC, whatever the session's time zone)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.substr(column, 1, ISO_LENGTHS[granularity])
    if timestamp:
        column = func.timezone(literal_column("'UTC'"), column)
    return func.date_trunc(literal_column(f"'{granularity}'"), column)


def period_text(value, granularity: str) -> str | None:
    return None if value is None else iso_prefix(value, granularity)


def id_list(session: Session, column, distinct: bool = False) -> ColumnElement:
    """An aggregate of a group's ids as comma-separated text (in no promised order), each id
    once with `distinct`."""
    if session.get_bind().dialect.name == "sqlite":
        return func.group_concat(sql_distinct(column) if distinct else column)
    text = cast(column, Text)
    return func.string_agg(sql_distinct(text) if distinct else text, literal_column("','"))


def ids_in(session: Session, column, ids: Iterable[int]) -> ColumnElement[bool]:
    """`column IN ids` with the ids as one bound value (a JSON array on SQLite, an array on
    PostgreSQL): thousands of ids cost no statement building and no placeholders."""
    if session.get_bind().dialect.name == "sqlite":
        return column.in_(select(literal_column("value")).select_from(_json_each(ids)))
    return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))


def _json_each(ids: Iterable[int]):
    """SQLite's table of the ids, from one bound JSON array (its column: `value`)."""
    return func.json_each(bindparam(None, orjson.dumps(list(ids)).decode(), type_=Text))


def json_array(session: Session, column) -> ColumnElement[str]:
    """An aggregate of a group's values as a JSON array's text (in no promised order, but two in
    one statement in the same order): read back with `orjson.loads`, several times faster than
    splitting and converting comma-separated text."""
    if session.get_bind().dialect.name == "sqlite":
        return func.json_group_array(column)
    return cast(func.json_agg(column), Text)


def json_objects(session: Session, **columns) -> ColumnElement[str]:
    """An aggregate of a group's rows as one JSON array of objects, one key per column: read back
    with `orjson.loads`, thousands of rows cost a fraction of a row object each."""
    pairs: list[ColumnElement] = []
    for name, column in columns.items():  # the keys are names in the code, written as SQL text
        pairs += [literal_column(f"'{name}'"), column]
    if session.get_bind().dialect.name == "sqlite":
        return func.json_group_array(func.json_object(*pairs))
    return cast(func.json_agg(func.json_build_object(*pairs)), Text)


def rows_by_id(session: Session, ids: Collection[int], **columns) -> dict[int, dict]:
    """{id: {name: value}} of the rows with these ids, `columns` naming what each holds (`id` among
    them): thousands of rows (a graph's evidence, a daily timeline's first events) read as one
    aggregated JSON array of objects, not a row object each. No ids, no query."""
    if not ids:
        return {}
    ids = sorted(ids)  # primary-key reads in key order touch each page once, in order
    if session.get_bind().dialect.name == "sqlite":  # a key read per listed id: the list drives the
        # join (as `IN` it is first made into a temporary index, then each id looked up in it)
        listed = _json_each(ids).table_valued("value")
        statement = select(json_objects(session, **columns)).select_from(listed).where(
            columns["id"] == listed.c.value)
    else:
        statement = select(json_objects(session, **columns)).where(ids_in(session, columns["id"], ids))
    return {row["id"]: row for row in orjson.loads(session.connection().execute(statement).scalar() or "[]")}
