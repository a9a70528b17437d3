"""The change feed, read from the change log (app.changelog writes it)."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import Session, col

from app.changelog import current_actor, recording_restores
from app.models import Change

__all__ = ["current_actor", "read_changes", "recording_restores"]


def read_changes(
    session: Session, since: int, limit: int, kinds: Sequence[str] | None = None,
) -> tuple[list[Change], bool]:
    """Changes after feed position `since`, oldest first, and whether more follow."""
    statement = select(Change).where(col(Change.id) > since)
    if kinds:
        statement = statement.where(col(Change.kind).in_(kinds))
    rows = list(session.execute(statement.order_by(col(Change.id)).limit(limit + 1)).scalars())
    return rows[:limit], len(rows) > limit
