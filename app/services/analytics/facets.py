"""Facets: how many rows of the whole filtered set (not the page) have each value, as Datasette
and the Guardian's API count them. At most FACET_CAP values per facet, the most frequent first
(`truncated` when there are more); each facet is one grouped read off an index: mentions and
participants by (entity, row), outlets, languages, types and dates by their own indexes."""

from datetime import UTC, datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.sql import Select
from sqlmodel import Session, col

from app.kinds import KINDS
from app.models import Article, Event, EventParticipant, Mention
from app.schemas.analytics import FACET_CAP
from app.services.analytics.selection import period_of, period_text
from app.services.analytics.vocabulary import EVENT_TYPE_LABELS

ARTICLE_FACETS = ("person", "organization", "place", "outlet", "year", "language")
EVENT_FACETS = ("person", "organization", "place", "type", "year")


def _top(session: Session, value, count, where=None) -> tuple[list[tuple], bool]:
    statement = select(value.label("value"), count.label("n"))
    if where is not None:
        statement = statement.where(where)
    rows = session.execute(
        statement.group_by(value).order_by(count.desc(), value).limit(FACET_CAP + 1)
    ).all()
    return [tuple(r) for r in rows[:FACET_CAP]], len(rows) > FACET_CAP


def _entity_facet(session: Session, kind: str, link, row_column, ids: Select | None) -> dict:
    """Rows per entity: `link` is the mention (participant) table, `row_column` its article
    (event) id column."""
    owner = getattr(link, KINDS[kind].owner_field)
    where = owner.is_not(None)
    if ids is not None:
        where = where & row_column.in_(ids)
    return _named(session, kind, *_top(session, owner, func.count(func.distinct(row_column)), where))


def _named(session: Session, kind: str, top: list[tuple], truncated: bool) -> dict:
    """Entity ids as values a filter takes (slugs), labelled with names."""
    model = KINDS[kind].model
    named = {r.id: r for r in session.execute(
        select(col(model.id), col(model.slug), col(model.name))
        .where(col(model.id).in_([v for v, _ in top])))}
    values = [{"value": named[v].slug, "label": named[v].name, "count": n} for v, n in top]
    return {"values": sorted(values, key=lambda v: (-v["count"], v["value"])), "truncated": truncated}


def _column_facet(session: Session, column, render=None) -> dict:
    """A column's facet over the whole table (a filtered list's: `_column_facets`)."""
    top, truncated = _top(session, column, func.count())
    render = render or (lambda v: v)
    values = [{"value": render(v), "label": render(v), "count": n} for v, n in top]
    # equal counts by value, rows without one last (the engines sort NULL differently)
    values.sort(key=lambda v: (-v["count"], v["value"] is None, v["value"] or ""))
    return {"values": values, "truncated": truncated}


def _column_facets(session: Session, columns: dict[str, tuple], statement: Select, id_column) -> dict:
    """Several column facets of a filtered list in one grouped read of its own rows (each looked
    up once, not once per facet and again for the filter), each facet's counts summed here from
    the combinations found: `columns` is {facet: (expression, render)}."""
    names = list(columns)
    expressions = [columns[name][0] for name in names]
    if statement._setup_joins:  # noqa: SLF001  a join could repeat a row: count each id once
        grouped = select(*expressions, func.count()).where(id_column.in_(_ids(statement, id_column)))
    else:
        grouped = statement.with_only_columns(*expressions, func.count()).order_by(None)
    combinations = session.execute(grouped.group_by(*expressions)).all()
    facets = {}
    for n, name in enumerate(names):
        counts: dict = {}
        for row in combinations:
            counts[row[n]] = counts.get(row[n], 0) + row[-1]
        render = columns[name][1] or (lambda v: v)
        values = [{"value": render(v), "label": render(v), "count": c} for v, c in counts.items()]
        values.sort(key=lambda v: (-v["count"], v["value"] is None, v["value"] or ""))
        facets[name] = {"values": values[:FACET_CAP], "truncated": len(values) > FACET_CAP}
    return facets


def _by_column(session: Session, facets: dict, columns: dict, name: str, expression, ids: Select | None,
               render=None) -> None:
    """A column's facet: over the whole table now (`ids` None: the list is unfiltered), or left in
    `columns` for the one read of the filtered list's column facets."""
    if ids is None:
        facets[name] = _column_facet(session, expression, render)
    else:
        columns[name] = (expression, render)


def _year_text(value) -> str | None:
    return period_text(value, "year")


def _ids(statement: Select, id_column) -> Select | None:
    """The ids of a filtered list; None when it is unfiltered (facets then read whole indexes)."""
    if statement.whereclause is None and not statement._setup_joins:  # noqa: SLF001
        return None
    return statement.with_only_columns(id_column).order_by(None)


def article_facets(session: Session, statement: Select, names: list[str]) -> dict:
    ids = _ids(statement, Article.id)
    facets = {}
    columns: dict[str, tuple] = {}  # {facet: (expression, render or None)}
    for name in names:
        if name in KINDS:
            facets[name] = _entity_facet(session, name, Mention, Mention.article_id, ids)
        elif name == "year" and ids is None:
            facets[name] = _years_by_range(session)
        elif name == "year":
            columns[name] = (period_of(session, Article.published_at, "year", timestamp=True), _year_text)
        else:
            _by_column(session, facets, columns, name, getattr(Article, name), ids)
    if columns:
        facets.update(_column_facets(session, columns, statement, Article.id))
    return {name: facets[name] for name in names}


MAX_RANGED_YEARS = 60


def _years_by_range(session: Session) -> dict:
    """Articles per publication year (UTC) over the whole table: one counted range of the
    publication-date index per year, which reads each index entry once and sorts nothing (a
    GROUP BY on the year sorts every row). Back to the GROUP BY for a corpus of many years."""
    column = col(Article.published_at)
    first = session.scalar(select(func.min(column)))  # apart: each is one step of the index
    last = session.scalar(select(func.max(column)))
    if first is not None and last is not None and last.year - first.year > MAX_RANGED_YEARS:
        year = period_of(session, column, "year", timestamp=True)
        return _column_facet(session, year, _year_text)
    years = [] if first is None or last is None else range(first.year, last.year + 1)
    counts: list[tuple[str | None, int | None]] = [(f"{y:04d}", session.scalar(select(func.count()).where(
        column >= datetime(y, 1, 1, tzinfo=UTC), column < datetime(y + 1, 1, 1, tzinfo=UTC)))) for y in years]
    counts.append((None, session.scalar(select(func.count()).where(column.is_(None)))))
    counted = [(v, n) for v, n in counts if n]
    counted.sort(key=lambda c: (-c[1], c[0] is None, c[0] or ""))
    values = [{"value": v, "label": v, "count": n} for v, n in counted[:FACET_CAP]]
    return {"values": values, "truncated": len(counted) > FACET_CAP}


def event_facets(session: Session, statement: Select, names: list[str]) -> dict:
    ids = _ids(statement, Event.id)
    facets = {}
    columns: dict[str, tuple] = {}  # {facet: (expression, render or None)}
    for name in names:
        if name == "place":  # where it was held, as the list's place= filter
            facets[name] = _held_at(session, ids)
        elif name in KINDS:
            facets[name] = _entity_facet(session, name, EventParticipant, EventParticipant.event_id, ids)
        elif name == "year":
            _by_column(session, facets, columns, name, period_of(session, Event.date_start, "year"), ids,
                       _year_text)
        else:
            _by_column(session, facets, columns, name, getattr(Event, name), ids)
    if columns:
        facets.update(_column_facets(session, columns, statement, Event.id))
    for value in facets.get("type", {}).get("values", []):  # labelled in Ukrainian, as the vocabulary does
        term = EVENT_TYPE_LABELS.get(value["value"])
        value["label"] = term.label_uk if term else value["value"]
    return {name: facets[name] for name in names}


def _held_at(session: Session, ids: Select | None) -> dict:
    where: ColumnElement[bool] = col(Event.place_id).is_not(None)
    if ids is not None:
        where = where & col(Event.id).in_(ids)
    return _named(session, "place", *_top(session, Event.place_id, func.count(), where))
