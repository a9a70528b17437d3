"""Shared column types and the naming convention, set before any table is defined."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Table, TextClause, TypeDecorator, text
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC timestamps on every engine (SQLite stores no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def id_of(row: Any) -> int:
    """The id of a stored row (SQLModel types `id` as `int | None`: None before the insert)."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id: it is not stored yet")
    return row.id


def column_of(model: type[SQLModel], name: str) -> InstrumentedAttribute[Any]:
    """A column of a table model known only as some table: `type[SQLModel]` declares none."""
    return getattr(model, name)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a table model, for statements that skip the ORM's per-row work."""
    # SQLAlchemy's declarative sets `__table__` on every table class; SQLModel's typing omits it.
    return model.__table__  # type: ignore[attr-defined]


def utcnow() -> datetime:
    return datetime.now(UTC)


# What an unknown date sorts as: before every real one. The same SQL text in the indexes and
# in the ORDER BY of lists (app.pagination.SortKey), so SQLite and PostgreSQL read the order
# straight off the index. An explicit offset keeps PostgreSQL's constant free of the session's
# TimeZone.
EARLIEST_TIME_SQL = "'0001-01-01 00:00:00+00'"
EARLIEST_DATE_SQL = "'0001-01-01'"


def unknown_first(column: str, earliest: str) -> TextClause:
    """`coalesce(column, earliest)`: the sort expression of a nullable date column."""
    return text(f"coalesce({column}, {earliest})")

# Exactly one of the three entity columns is set (portable: PostgreSQL has no boolean sum).
ONE_ENTITY_SQL = " + ".join(
    f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)"
    for column in ("person_id", "organization_id", "place_id")  # app.kinds.OWNER_FIELDS
) + " = 1"
