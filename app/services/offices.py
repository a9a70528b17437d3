"""Who held an office at a date, as precisely as the dates are known.

An office counts as held at `at` (`2020`, `2020-08`, `2020-08-09`) when it is known to have been
held during at least part of that period: it began no later than the period's last day, its
start taken as late as its precision allows (began "2020" is not known to have begun by March
2020), and it had not ended before the period's first day, its end taken as early as its
precision allows (an office without an end is taken as held on). An office whose start is
unknown is not counted: nothing shows it was held then.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.sql import Select
from sqlmodel import Session, col

from app.models import PersonOffice
from app.text.dates import last_day, parse_partial_date, render_partial_date

HELD_AT_HELP = " ".join((__doc__ or "").split("\n\n", 1)[1].split())  # the docs of `at=`


def _last_day(start: date, precision: str) -> date:
    """The last day of the period a stored partial date names: (2020-01-01, year) → 2020-12-31."""
    return last_day(render_partial_date(start, precision) or start.isoformat()) or start


def office_holders(session: Session, office: str | None, at: str | None) -> Select:
    """`select(person_id)` of the persons whose office title contains `office` (any case) and who
    held it at `at`. Titles are matched in Python: SQLite folds the case of ASCII letters only."""
    statement = select(col(PersonOffice.id), col(PersonOffice.person_id), col(PersonOffice.title),
                       col(PersonOffice.start_date), col(PersonOffice.start_precision),
                       col(PersonOffice.end_date), col(PersonOffice.end_precision))
    if at:
        first, _ = parse_partial_date(at)
        last = last_day(at)
        statement = statement.where(
            col(PersonOffice.start_date).is_not(None), col(PersonOffice.start_date) <= last,
            (col(PersonOffice.end_date).is_(None)) | (col(PersonOffice.end_date) >= first),
        )
    wanted = office.casefold() if office else None
    ids = [
        row.person_id for row in session.execute(statement)
        if (wanted is None or wanted in row.title.casefold())
        and (not at or _last_day(row.start_date, row.start_precision) <= last)
    ]
    return select(col(PersonOffice.person_id)).where(col(PersonOffice.person_id).in_(sorted(set(ids))))
