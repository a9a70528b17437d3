"""Helpers every resource service uses: lookup by id or slug, slugs, versioned updates."""

from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import bindparam, func, inspect, select
from sqlalchemy.orm import object_session
from sqlalchemy.sql import Select
from sqlmodel import Session, SQLModel

from app.errors import Conflict, NotFound, PreconditionFailed, Unprocessable
from app.models.base import column_of, table_of, utcnow
from app.pagination import PageParams, PageResult, SortKey, keyset_page
from app.text.translit import slugify

M = TypeVar("M", bound=SQLModel)
MAX_ID = 2**31 - 1  # PostgreSQL integer: a larger id cannot exist


def get_by_ref(session: Session, model: type[M], ref: str | int, what: str) -> M:
    """`ref` is the numeric id or the slug."""
    ref = str(ref)
    if ref.isascii() and ref.isdigit():  # not "¹" or "١": str.isdigit() takes any Unicode digit
        id_ = int(ref)
        row = session.get(model, id_) if id_ <= MAX_ID else None
    else:
        row = session.execute(select(model).where(column_of(model, "slug") == ref)).scalars().first()
    if row is None:
        raise NotFound(f"No {what} with id or slug {ref!r}.")
    return row


@dataclass(frozen=True)
class _Plan:
    """A Core statement made ready for the driver: its SQL in the dialect's paramstyle, the order
    of its bound parameters (positional styles), a tuple type reading its columns by name, and the
    result processors SQLAlchemy itself would apply (SQLite's stored datetimes, for one)."""
    sql: str
    order: tuple[str, ...] | None
    row: type
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]

    @classmethod
    def of(cls, statement: Select, dialect: Any) -> "_Plan":
        compiled = statement.compile(dialect=dialect)
        columns = list(statement.selected_columns)
        processors = ((i, c.type.dialect_impl(dialect).result_processor(dialect, None))
                      for i, c in enumerate(columns))
        return cls(str(compiled), tuple(compiled.positiontup or ()) if compiled.positional else None,
                   namedtuple("Columns", [c.key for c in columns]),  # type: ignore[misc]
                   tuple((i, p) for i, p in processors if p is not None))


_READS: dict[tuple[Any, str, str], _Plan] = {}


def read_by_ref(session: Session, model: type[SQLModel], ref: str | int, what: str) -> tuple:
    """`get_by_ref` for a read that only presents the row: its columns as a named tuple (read by
    attribute, as the entity is), with the values SQLAlchemy would give. The statement, compiled
    once per dialect, goes to the driver's cursor in the request's transaction: the ORM's
    identity map and instance state, and Core's per-execution work (cache key, result
    metadata, Row), cost several times the primary-key lookup itself. Never write through it."""
    ref = str(ref)
    numeric = ref.isascii() and ref.isdigit()
    if numeric and int(ref) > MAX_ID:
        raise NotFound(f"No {what} with id or slug {ref!r}.")
    table: Any = table_of(model)
    column = "id" if numeric else "slug"
    connection = session.connection()
    dialect = connection.dialect
    plan = _READS.get((table, column, dialect.name))
    if plan is None:
        statement = select(table).where(table.c[column] == bindparam("ref"))
        plan = _READS[(table, column, dialect.name)] = _Plan.of(statement, dialect)
    params = {"ref": int(ref) if numeric else ref}
    driver: Any = connection.connection.driver_connection
    cursor = driver.cursor()
    try:
        cursor.execute(plan.sql, tuple(params[n] for n in plan.order) if plan.order is not None else params)
        values = cursor.fetchone()
    finally:
        cursor.close()
    if values is None:
        raise NotFound(f"No {what} with id or slug {ref!r}.")
    if plan.processors:
        values = list(values)
        for i, process in plan.processors:
            values[i] = process(values[i])
    return plan.row(*values)


def get_by_id(session: Session, model: type[M], id_: int, what: str) -> M:
    row = session.get(model, id_) if 0 < id_ <= MAX_ID else None
    if row is None:
        raise NotFound(f"No {what} with id {id_}.")
    return row


def slug_taken(session: Session, model: type[SQLModel], slug: str, exclude_id: int | None) -> bool:
    statement = select(func.count()).where(column_of(model, "slug") == slug)
    if exclude_id is not None:
        statement = statement.where(column_of(model, "id") != exclude_id)
    return session.execute(statement).scalar_one() > 0


def claim_slug(
    session: Session, model: type[SQLModel], wanted: str | None, source: str, what: str,
    exclude_id: int | None = None,
) -> str:
    """An explicit slug must be free (409 otherwise); a derived one gets a numeric suffix."""
    if wanted:
        if slug_taken(session, model, wanted, exclude_id):
            raise Conflict(f"The slug {wanted!r} is already used by another {what}.")
        return wanted
    base = slugify(source)[:80].rstrip("-") or what
    if base.isdigit():  # "Ь 1" → "1" would read as an id
        base = f"{what}-{base}"
    slug, n = base, 2
    while slug_taken(session, model, slug, exclude_id):
        slug, n = f"{base}-{n}", n + 1
    return slug


def check_version(row: Any, if_match: int | None, what: str) -> None:
    # Re-read the row under a row lock first: otherwise two PostgreSQL writers can both pass the
    # check against one version and one change is lost. (SQLite writers already hold the write
    # lock from BEGIN IMMEDIATE; it renders no FOR UPDATE.)
    session = object_session(row)
    if session is not None and inspect(row).persistent:
        session.refresh(row, with_for_update=True)
    if if_match is not None and row.version != if_match:
        raise PreconditionFailed(
            f"The {what} changed since you read it (version {row.version}, yours {if_match}); "
            "GET it again and retry."
        )


def touch(row: Any) -> None:
    row.updated_at = utcnow()
    row.version = (row.version or 0) + 1


def assign(row: Any, values: dict[str, Any]) -> bool:
    """Set the attributes that differ; report whether anything changed."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


class Search(Protocol):
    """A `q` a list can answer: its rows best first, or a statement kept to the matching rows."""

    def best_first(self, session: Session, statement: Select, params: PageParams) -> PageResult[Any]: ...

    def restrict(self, session: Session, statement: Select) -> Select: ...


@dataclass(frozen=True)
class Listing(Generic[M]):
    """How a resource's list pages: its model, the orders it offers, the default order."""

    model: type[M]
    sort_keys: dict[str, SortKey]
    default_sort: str

    def page(
        self, session: Session, statement: Select, sort: str | None, params: PageParams,
        search: Search | None = None,
    ) -> PageResult[M]:
        """One page of `statement`: best match first when searching without `sort`, else keyset."""
        if search is not None:
            if sort is None:
                return search.best_first(session, statement, params)
            statement = search.restrict(session, statement)
        id_column = self.sort_keys["id"].column
        return keyset_page(session, statement, id_column, sort or self.default_sort, self.sort_keys, params)

    @property
    def sort_pattern(self) -> str:
        """The `sort=` values it offers, `-` for descending, as the parameter's declared pattern."""
        return "^-?(?:" + "|".join(self.sort_keys) + ")$"


def reject_nulls(values: dict[str, Any], required: tuple[str, ...]) -> None:
    """PATCH may leave a required field out, not set it to null."""
    nulled = [key for key in required if key in values and values[key] is None]
    if nulled:
        raise Unprocessable(
            f"{', '.join(nulled)} cannot be null; leave a field out to keep its value.",
            errors=[{"loc": ["body", key], "msg": "may not be null", "type": "null"} for key in nulled],
        )
