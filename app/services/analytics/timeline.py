"""How many events (articles) per year, month or day, honest about how precisely each is dated.

An event known to the year counts in its year; asked for months or days, it is not put on
1 January but in an `imprecise` bucket of its own year (an event known to the month, asked for
days: of its month). Undated events are counted apart. Only periods with events are returned.
"""

from sqlalchemy import and_, case, func, literal, select
from sqlmodel import Session

from app.schemas.common import render_partial_date
from app.services.analytics.selection import (
    PERIOD_LENGTHS,
    matching_articles,
    matching_events,
    period_of,
)
from app.services.articles import ArticleFilters
from app.services.events import EventFilters

PRECISION_RANK = {"year": 1, "month": 2, "day": 3}


def _buckets(session: Session, granularity: str, date_start, precision):
    """(bucket kind, period) of an event: 'p' dated at least as finely as asked, 'i' imprecise,
    'u' undated."""
    wanted = PRECISION_RANK[granularity]
    rank = case(*((precision == name, value) for name, value in PRECISION_RANK.items()), else_=0)
    dated = and_(date_start.is_not(None), rank > 0)
    kind = case((~dated, literal("u")), (rank >= wanted, literal("p")), else_=literal("i"))
    period = case(
        (and_(dated, rank >= wanted), period_of(session, date_start, PERIOD_LENGTHS[granularity])),
        (and_(dated, precision == "month"), period_of(session, date_start, 7)),
        (dated, period_of(session, date_start, 4)),
        else_=None,
    )
    return kind, period


def event_timeline(session: Session, filters: EventFilters, granularity: str, per_bucket: int) -> dict:
    matching = matching_events(session, filters).subquery()
    kind, period = _buckets(session, granularity, matching.c.date_start, matching.c.date_precision)
    rows = select(
        matching.c.id, matching.c.slug, matching.c.title, matching.c.type, matching.c.date_start,
        matching.c.date_precision,
    ).select_from(matching)
    counts = session.execute(
        select(kind.label("kind"), period.label("period"), func.count().label("n"))
        .select_from(matching).group_by(kind, period)
    ).all()
    firsts: dict[tuple, list[dict]] = {}
    if per_bucket:
        ranked = rows.add_columns(
            kind.label("kind"), period.label("period"),
            func.row_number().over(
                partition_by=(kind, period),
                order_by=(matching.c.date_start, matching.c.id),
            ).label("n"),
        ).subquery()
        for row in session.execute(select(ranked).where(ranked.c.n <= per_bucket)
                                   .order_by(ranked.c.kind, ranked.c.period, ranked.c.n)):
            firsts.setdefault((row.kind, row.period), []).append({
                "id": row.id, "slug": row.slug, "title": row.title, "type": row.type,
                "date_start": render_partial_date(row.date_start, row.date_precision),
                "date_precision": row.date_precision,
            })
    result: dict = {"granularity": granularity, "total": 0, "buckets": [], "imprecise": [],
                    "undated": {"count": 0, "events": []}}
    for bucket_kind, bucket_period, n in sorted(counts, key=lambda c: (c.kind, c.period or "")):
        events = firsts.get((bucket_kind, bucket_period), [])
        result["total"] += n
        if bucket_kind == "u":
            result["undated"] = {"count": n, "events": events}
        elif bucket_kind == "p":
            result["buckets"].append({"period": bucket_period, "count": n, "events": events})
        else:
            precision = "year" if len(bucket_period) == 4 else "month"
            result["imprecise"].append({"period": bucket_period, "precision": precision, "count": n,
                                        "events": events})
    return result


def article_timeline(session: Session, filters: ArticleFilters, granularity: str) -> dict:
    matching = matching_articles(session, filters).subquery()
    period = period_of(session, matching.c.published_at, PERIOD_LENGTHS[granularity], timestamp=True)
    counts = session.execute(
        select(period.label("period"), func.count().label("n"))
        .select_from(matching).group_by(period).order_by(period)
    ).all()
    buckets = [{"period": p, "count": n} for p, n in counts if p is not None]
    undated = sum(n for p, n in counts if p is None)
    return {"granularity": granularity, "total": sum(n for _, n in counts),
            "buckets": buckets, "undated": {"count": undated}}
