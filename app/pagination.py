"""Keyset pagination: one params dependency, one `Page[T]`, one cursor codec, a Link header.

Services page with `keyset_page` (a statement in a sortable order) or `ranked_page` (hits in
rank order, e.g. name search); both hand back a `PageResult`, which routers turn into a `Page`.
"""

import base64
import json
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar, get_args

from fastapi import Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, func, literal_column, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from app.errors import BadRequest

T = TypeVar("T")
MAX_LIMIT = 100


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Opaque cursor of the next page; null on the last page.", examples=[None]
    )
    limit: int = Field(examples=[20])
    total: int | None = Field(default=None, description="Number of matching rows, with `count=true`.")


def item_type(model: Any) -> Any:
    """The item model of a `Page[T]` or `list[T]` response model; None for anything else."""
    if isinstance(model, type) and issubclass(model, Page):
        return get_args(model.model_fields["items"].annotation)[0]
    args = get_args(model)
    return args[0] if args and isinstance(args[0], type) and issubclass(args[0], BaseModel) else None


@dataclass(frozen=True)
class PageResult(Generic[T]):
    """One page of a list as a service hands it back: rows, the next cursor, the total if asked."""

    rows: list[T]
    next_cursor: str | None
    total: int | None = None


@dataclass
class PageParams:
    limit: int
    cursor: str | None
    count: bool


async def page_params(  # async: pure parsing, no trip to the thread pool
    limit: int = Query(20, ge=1, le=MAX_LIMIT, description="Rows per page (max 100)."),
    cursor: str | None = Query(
        None, max_length=500, description="The `next_cursor` of the previous page."
    ),
    count: bool = Query(False, description="Also return `total`, the number of matching rows."),
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor, count=count)


@dataclass(frozen=True)
class SortKey:
    """A sortable column. `null_as`, for a nullable one, is the SQL literal NULL sorts as
    (`app.models.base.EARLIEST_TIME_SQL`), written exactly as in the column's order index so
    the database reads pages straight off it; keyset comparisons stay total."""

    column: Any
    kind: type = str
    null_as: str | None = None

    def expression(self) -> ColumnElement:
        if self.null_as is None:
            return self.column
        return func.coalesce(self.column, literal_column(self.null_as))

    def bound(self, value: Any) -> Any:
        """A cursor's value to compare the expression with (NULL: the same literal)."""
        if value is None and self.null_as is not None:
            return literal_column(self.null_as)
        return value

    def dump(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, date | datetime) else value

    def load(self, raw: Any) -> Any:
        if raw is None and self.null_as is not None:
            return None
        if self.kind is datetime:
            value = datetime.fromisoformat(raw)
            try:  # compared as UTC: an offset that leaves years 1-9999 is no position
                return value.astimezone(UTC) if value.tzinfo else value
            except OverflowError as exc:
                raise ValueError("date-time out of range") from exc
        if self.kind is date:
            return date.fromisoformat(raw)
        if not isinstance(raw, self.kind):
            raise TypeError
        return raw


def encode_cursor(payload: dict[str, Any]) -> str:
    """The opaque cursor of a page position (`{"s": sort, "v": value, "id": last id, ...}`)."""
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


CURSOR_INT_RANGE = range(-(2**63), 2**63)  # what every engine binds (SQLite INTEGER, bigint)


def _cursor_int(text: str) -> int:
    value = int(text)
    if value not in CURSOR_INT_RANGE:
        raise ValueError("integer out of range")
    return value


def _cursor_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999
        raise ValueError("number out of range")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a cursor value")  # Infinity, -Infinity, NaN


def cursor_id(value: Any) -> int:
    """The row id a cursor holds: an integer a database can bind, else ValueError."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in CURSOR_INT_RANGE:
        raise ValueError("a cursor's id is an integer")
    return value


def cursor_score(value: Any) -> float:
    """A relevance score a cursor holds: a finite number, else ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError("a cursor's score is a finite number")
    return float(value)


def decode_cursor(cursor: str) -> dict[str, Any]:
    """The payload of a cursor from `encode_cursor`; a 400 problem for anything else (numbers
    only finite and within 64 bits: a hand-made cursor must not reach the database)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(
            raw, parse_int=_cursor_int, parse_float=_cursor_float, parse_constant=_no_constant,
        )
        if not isinstance(payload, dict):
            raise ValueError
        return payload
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise BadRequest(f"Invalid cursor {cursor[:40]!r}: use the next_cursor of a page.") from exc


def parse_sort(sort: str, keys: dict[str, SortKey]) -> tuple[str, SortKey, bool]:
    name = sort.lstrip("-")
    if name not in keys:
        allowed = ", ".join(sorted(keys) + sorted("-" + k for k in keys))
        raise BadRequest(f"Cannot sort by {sort!r}; use one of: {allowed}.")
    return name, keys[name], sort.startswith("-")


def paginate(
    statement: Select,
    id_column: Any,
    sort: str,
    keys: dict[str, SortKey],
    params: PageParams,
) -> tuple[Select, "Cursoring"]:
    """Order, filter after the cursor and limit a query; return how to cut the next cursor."""
    name, key, descending = parse_sort(sort, keys)
    expr = key.expression()
    if params.cursor:
        payload = decode_cursor(params.cursor)
        if payload.get("s") != sort:
            raise BadRequest("The cursor belongs to another sort order; start from the first page.")
        try:
            value, last_id = key.load(payload["v"]), cursor_id(payload["id"])
        except (KeyError, TypeError, ValueError) as exc:
            raise BadRequest("Invalid cursor: use the next_cursor of a page.") from exc
        # `expr <= v AND (expr < v OR id < last)`: the first term is a range the index seeks
        # to, where `(expr, id) < (v, last)` or a plain OR makes SQLite scan from the start.
        value = key.bound(value)
        if descending:
            statement = statement.where(expr <= value, or_(expr < value, id_column < last_id))
        else:
            statement = statement.where(expr >= value, or_(expr > value, id_column > last_id))
    if name == "id":
        order = [id_column.desc() if descending else id_column.asc()]
    else:
        order = [expr.desc(), id_column.desc()] if descending else [expr.asc(), id_column.asc()]
    statement = statement.order_by(*order).limit(params.limit + 1)
    return statement, Cursoring(sort, key, params.limit)


@dataclass
class Cursoring:
    sort: str
    key: SortKey
    limit: int

    def cut(self, rows: list[Any], value_of, id_of) -> tuple[list[Any], str | None]:
        if len(rows) <= self.limit:
            return rows, None
        rows = rows[: self.limit]
        last = rows[-1]
        cursor = encode_cursor({"s": self.sort, "v": self.key.dump(value_of(last)), "id": id_of(last)})
        return rows, cursor


def link_header(request: Request, response: Response, next_cursor: str | None) -> None:
    if next_cursor:
        url = request.url.include_query_params(cursor=next_cursor)
        response.headers["Link"] = f'<{url}>; rel="next"'


def keyset_page(
    session: Session, statement: Select, id_column: Any, sort: str, keys: dict[str, SortKey],
    params: PageParams,
) -> PageResult[Any]:
    """One keyset page of `statement`'s rows (ORM entities) in `sort` order, counted on request."""
    total = None
    if params.count:
        total = session.execute(
            select(func.count()).select_from(statement.order_by(None).subquery())
        ).scalar_one()
    paged, cursoring = paginate(statement, id_column, sort, keys, params)
    rows = list(session.execute(paged).scalars())
    column_name = cursoring.key.column.key
    rows, next_cursor = cursoring.cut(rows, lambda r: getattr(r, column_name), lambda r: r.id)
    return PageResult(rows, next_cursor, total)


def ranked_position(cursor: str, sort: str) -> dict[str, Any]:
    """The payload of a cursor cut by `ranked_cut` for the order named `sort`."""
    payload = decode_cursor(cursor)
    if payload.get("s") != sort:
        raise BadRequest("The cursor belongs to another sort order; start from the first page.")
    return payload


def ranked_page(
    ranked: list[tuple[float, int]], params: PageParams, sort: str = "relevance",
) -> tuple[list[tuple[float, int]], str | None]:
    """A keyset page of (score, id) pairs ordered best (highest score) first, ties by id."""
    if params.cursor:
        payload = ranked_position(params.cursor, sort)
        try:
            after = (-cursor_score(payload["v"]), cursor_id(payload["id"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise BadRequest("Invalid cursor for this search: use the next_cursor of a page.") from exc
        ranked = [(score, id_) for score, id_ in ranked if (-score, id_) > after]
    if len(ranked) <= params.limit:
        return ranked, None
    ranked = ranked[:params.limit]
    score, last_id = ranked[-1]
    return ranked, encode_cursor({"s": sort, "v": score, "id": last_id})
