"""Partial dates, as precise as the text: `2020` (year), `2020-08` (month), `2020-08-09` (day).

The stored day of a partial date is a sort key (2020 → 2020-01-01), never shown; the precision
says how much of it the source gave.
"""

from datetime import date
from typing import Literal, overload

Precision = Literal["day", "month", "year", "unknown"]
# The pattern admits exactly the dates the calendar has (years 1000-9999), so the declared
# OpenAPI pattern and the server agree: `3154-04-31` or `2021-02-29` fail the pattern in every
# JSON Schema validator, not only here. Leap years: divisible by 4, centuries only by 400.
# ASCII classes only ([0-9], never \d): ECMA-262 and Python read them alike.
_YEAR = "[1-9][0-9]{3}"
_LEAP_YEAR = "(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)"
_MONTH_DAY = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
PARTIAL_DATE_PATTERN = (
    f"^(?:{_YEAR}(?:-(?:0[1-9]|1[0-2]))?|{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)$"
)


@overload
def parse_partial_date(value: str) -> tuple[date, Precision]: ...


@overload
def parse_partial_date(value: None) -> tuple[None, Precision]: ...


@overload
def parse_partial_date(value: str | None) -> tuple[date | None, Precision]: ...


def parse_partial_date(value: str | None) -> tuple[date | None, Precision]:
    """`2020` → (2020-01-01, year); raises ValueError for a day the calendar lacks (2021-02-30)."""
    if value is None:
        return None, "unknown"
    parts = [int(p) for p in value.split("-")]
    precision: Precision = ("year", "month", "day")[len(parts) - 1]
    year, month, day = (parts + [1, 1])[:3]
    return date(year, month, day), precision


def last_day(value: str) -> date:
    """The last day a partial date covers: 2020 → 2020-12-31."""
    start, precision = parse_partial_date(value)
    if start is None or precision == "day":
        return start
    if precision == "year":
        return date(start.year, 12, 31)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


ISO_LENGTHS = {"year": 4, "month": 7, "day": 10}  # of an ISO date or timestamp: 2020, 2020-08, 2020-08-09


def iso_prefix(value: date | str, unit: str) -> str:
    """A date (or timestamp, or its ISO text) as ISO text to the year, month or day."""
    text = value if isinstance(value, str) else value.isoformat()
    return text[:ISO_LENGTHS[unit]]


def render_partial_date(value: date | str | None, precision: str) -> str | None:
    """A date as precise as it is known: 2020, 2020-08, 2020-08-09 (from a date or its ISO text)."""
    if value is None or precision == "unknown":
        return None
    if precision in ISO_LENGTHS:
        return iso_prefix(value, precision)
    return value if isinstance(value, str) else value.isoformat()
