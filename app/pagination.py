"""Keyset pagination: one params dependency, one `Page[T]`, an opaque cursor, a Link header."""

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar, get_args

from fastapi import Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, func, literal_column, or_
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
        return literal_column(self.null_as) if value is None else value

    def dump(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, date | datetime) else value

    def load(self, raw: Any) -> Any:
        if raw is None and self.null_as is not None:
            return None
        if self.kind is datetime:
            return datetime.fromisoformat(raw)
        if self.kind is date:
            return date.fromisoformat(raw)
        if not isinstance(raw, self.kind):
            raise TypeError
        return raw


def _encode(payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
        if not isinstance(payload, dict):
            raise ValueError
        return payload
    except (ValueError, UnicodeDecodeError) as exc:
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
        payload = _decode(params.cursor)
        if payload.get("s") != sort:
            raise BadRequest("The cursor belongs to another sort order; start from the first page.")
        try:
            value, last_id = key.load(payload["v"]), int(payload["id"])
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
        cursor = _encode({"s": self.sort, "v": self.key.dump(value_of(last)), "id": id_of(last)})
        return rows, cursor


def link_header(request: Request, response: Response, next_cursor: str | None) -> None:
    if next_cursor:
        url = request.url.include_query_params(cursor=next_cursor)
        response.headers["Link"] = f'<{url}>; rel="next"'
