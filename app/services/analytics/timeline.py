"""How many events (articles) per year, month or day, honest about how precisely each is dated.

An event known to the year counts in its year; asked for months or days, it is not put on
1 January but in an `imprecise` bucket of its own year (an event known to the month, asked for
days: of its month). Undated events are counted apart. Only periods with events are returned.
"""

import heapq

from sqlalchemy import Text, cast, func, select
from sqlmodel import Session, col

from app.models import Event
from app.services.analytics.selection import (
    id_list,
    matching_articles,
    matching_events,
    period_of,
    period_text,
    rows_by_id,
)
from app.services.articles import ArticleFilters
from app.services.events import EventFilters
from app.text.dates import render_partial_date

PRECISION_RANK = {"year": 1, "month": 2, "day": 3}


def _bucket(start, precision: str, granularity: str) -> tuple[str, str | None]:
    """('p', period) dated at least as finely as asked, ('i', period at its own precision)
    imprecise, ('u', None) undated."""
    rank = PRECISION_RANK.get(precision, 0)
    if start is None or rank == 0:
        return "u", None
    if rank >= PRECISION_RANK[granularity]:
        return "p", period_text(start, granularity)
    return "i", period_text(start, precision)


def _date_groups(session: Session, filters: EventFilters):
    """(date, precision, count, ids) per exact date and precision of the matching events: one
    GROUP BY that walks the (date_start, date_precision, id) index in order, so only the groups
    (a few thousand at most), not the events, reach Python."""
    matching = matching_events(session, filters).with_only_columns(
        col(Event.id), col(Event.date_start), col(Event.date_precision)).order_by(None).subquery()
    group = (matching.c.date_start, matching.c.date_precision)
    day = cast(matching.c.date_start, Text)  # as ISO text: a date object per group costs more than the rest
    return session.connection().execute(
        select(day, matching.c.date_precision, func.count(), id_list(session, matching.c.id))
        .group_by(*group).order_by(*group))


def event_timeline(session: Session, filters: EventFilters, granularity: str, per_bucket: int) -> dict:
    """Counts and first events per bucket from the date groups (in date order, so a bucket's
    first events are its first groups' smallest ids); those events' refs by id."""
    counts: dict[tuple[str, str | None], int] = {}
    firsts: dict[tuple[str, str | None], list[int]] = {}
    for start, precision, n, ids in _date_groups(session, filters):
        key = _bucket(start, precision, granularity)
        counts[key] = counts.get(key, 0) + n
        listed = firsts.setdefault(key, [])
        if len(listed) < per_bucket:
            listed.extend(heapq.nsmallest(per_bucket - len(listed), map(int, ids.split(","))))
    wanted = [i for ids in firsts.values() for i in ids]
    refs = rows_by_id(session, wanted, id=col(Event.id), slug=col(Event.slug), title=col(Event.title),
                      type=col(Event.type), date_start=cast(col(Event.date_start), Text),
                      date_precision=col(Event.date_precision))
    for ref in refs.values():
        ref["date_start"] = render_partial_date(ref["date_start"], ref["date_precision"])
    result: dict = {"granularity": granularity, "total": sum(counts.values()), "buckets": [],
                    "imprecise": [], "undated": {"count": 0, "events": []}}
    for (kind, period), n in sorted(counts.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        events = [refs[i] for i in firsts.get((kind, period), [])]
        if kind == "u":
            result["undated"] = {"count": n, "events": events}
        elif kind == "p":
            result["buckets"].append({"period": period, "count": n, "events": events})
        else:
            if period is None:  # only "u" buckets lack one; len(None) would raise this TypeError too
                raise TypeError(f"the {kind!r} bucket has no period")
            precision = "year" if len(period) == 4 else "month"
            result["imprecise"].append({"period": period, "precision": precision, "count": n,
                                        "events": events})
    return result


def article_timeline(session: Session, filters: ArticleFilters, granularity: str) -> dict:
    matching = matching_articles(session, filters).subquery()
    period = period_of(session, matching.c.published_at, granularity, timestamp=True)
    counts = session.execute(
        select(period.label("period"), func.count().label("n")).select_from(matching).group_by(period)
    ).all()
    buckets = sorted(
        ({"period": period_text(p, granularity), "count": n} for p, n in counts if p is not None),
        key=lambda b: b["period"],
    )
    undated = sum(n for p, n in counts if p is None)
    return {"granularity": granularity, "total": sum(n for _, n in counts),
            "buckets": buckets, "undated": {"count": undated}}
