"""Partial dates, as precise as the text: `2020` (year), `2020-08` (month), `2020-08-09` (day).

The stored day of a partial date is a sort key (2020 → 2020-01-01), never shown; the precision
says how much of it the source gave.
"""

from datetime import date
from typing import Literal

Precision = Literal["day", "month", "year", "unknown"]
PARTIAL_DATE_PATTERN = r"^[1-9]\d{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


def parse_partial_date(value: str | None) -> tuple[date | None, Precision]:
    """`2020` → (2020-01-01, year); raises ValueError for a day the calendar lacks (2021-02-30)."""
    if value is None:
        return None, "unknown"
    parts = [int(p) for p in value.split("-")]
    precision: Precision = ("year", "month", "day")[len(parts) - 1]
    year, month, day = (parts + [1, 1])[:3]
    return date(year, month, day), precision


def last_day(value: str) -> date | None:
    """The last day a partial date covers: 2020 → 2020-12-31."""
    start, precision = parse_partial_date(value)
    if start is None or precision == "day":
        return start
    if precision == "year":
        return date(start.year, 12, 31)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def render_partial_date(value: date | None, precision: str) -> str | None:
    if value is None or precision == "unknown":
        return None
    return {"year": value.strftime("%Y"), "month": value.strftime("%Y-%m")}.get(
        precision, value.isoformat()
    )
