"""Content negotiation for every GET under /v1 (a pure ASGI middleware).

`application/json` is the default; `application/ld+json` maps the same JSON to schema.org
(`app.api.jsonld`); `text/csv` on any list streams every row matching the same filters, from the
given cursor on, following the pages itself (100 rows a query). Anything else is a 406 problem.
Routes stay unaware: the middleware asks them for JSON and converts it.
"""

import csv
import io
from collections.abc import AsyncIterator
from typing import Any, get_args, get_origin
from urllib.parse import parse_qsl, urlencode

import orjson
from pydantic import BaseModel
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.conditional import fetch, internal_get
from app.api.jsonld import INCLUDE_FOR, resource_kind, to_jsonld
from app.errors import problem_response
from app.pagination import item_type

JSON, JSONLD, CSV = "application/json", "application/ld+json", "text/csv"
OFFERS = (JSON, JSONLD, CSV)
CSV_PAGE = "100"


def preferred(accept: str, offers: tuple[str, ...] = OFFERS) -> str | None:
    """The offer the Accept header likes best (server order breaks ties); None if none is acceptable."""
    ranges = []
    for part in accept.split(","):
        media, *params = part.strip().split(";")
        q = 1.0
        for param in params:
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media.strip().lower(), q))
    best, best_q = None, 0.0
    for offer in offers:
        q = _quality(offer, ranges)
        if q > best_q:
            best, best_q = offer, q
    return best


def _quality(offer: str, ranges: list[tuple[str, float]]) -> float:
    aliases = {offer, "application/problem+json"} if offer == JSON else {offer}
    family = offer.split("/")[0] + "/*"
    specificity, quality = -1, 0.0
    for media, q in ranges:
        rank = 2 if media in aliases else 1 if media == family else 0 if media == "*/*" else -1
        if rank > specificity:
            specificity, quality = rank, q
    return quality


def _not_acceptable(scope: Scope, detail: str) -> Response:
    return problem_response(Request(scope), 406, "Not Acceptable", detail, "not-acceptable",
                            headers={"Vary": "Accept"})


def _replay(status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> Response:
    response = Response(body, status_code=status)
    response.raw_headers = headers
    return response


def _flat(item: dict[str, Any]) -> dict[str, Any]:
    """One level of nesting spread into columns: `entity` → `entity.kind`, `entity.slug`, ..."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        if isinstance(value, dict):
            out.update((f"{key}.{inner}", nested) for inner, nested in value.items())
        else:
            out[key] = value
    return out


def _columns_of(route: Any, scope: Scope) -> list[str]:
    """The CSV header of a list: its item model's fields, nested models spread as `_flat` does
    (so a row whose `place` is null still has the `place.*` columns, empty), trimmed to
    `fields=` and followed by what `include=` embeds. Empty when the route declares no list."""
    item = item_type(getattr(route, "response_model", None))
    if item is None:
        return []
    columns = []
    for name, field in item.model_fields.items():
        options = (field.annotation, *get_args(field.annotation))  # a model, or a model | None
        nested = None if get_origin(field.annotation) in (list, tuple, set, dict) else next(
            (t for t in options if isinstance(t, type) and issubclass(t, BaseModel)), None)
        columns += [f"{name}.{inner}" for inner in nested.model_fields] if nested else [name]
    query = dict(parse_qsl(scope["query_string"].decode()))
    includes = [n for n in query.get("include", "").split(",") if n]
    wanted = [n for n in query.get("fields", "").split(",") if n]
    if wanted:
        keep = {"id", *wanted, *includes}
        columns = [c for c in columns if c.split(".")[0] in keep]
        columns += [n for n in wanted if n not in {c.split(".")[0] for c in columns}]  # e.g. body
    return columns + [n for n in includes if n not in columns]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return str(value).lower() if isinstance(value, bool) else str(value)


class ContentNegotiation:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        choice = preferred(Headers(scope=scope).get("accept") or "*/*")
        if choice is None:
            response = _not_acceptable(scope, f"This resource is available as {', '.join(OFFERS)} "
                                              "(CSV for lists only).")
        elif choice == JSON:
            await self.app(scope, receive, _vary(send))
            return
        elif choice == JSONLD:
            response = await self._jsonld(scope)
        else:
            response = await self._csv(scope)
        await response(scope, receive, send)

    async def _jsonld(self, scope: Scope) -> Response:
        kind = resource_kind(scope["path"])
        if kind is None:
            return _not_acceptable(scope, "JSON-LD describes articles, persons, events, organizations "
                                          "and places and their lists; ask for application/json here.")
        collection, is_list = kind
        query = scope["query_string"]
        if collection in INCLUDE_FOR and b"include=" not in query:
            query += (b"&" if query else b"") + b"include=" + INCLUDE_FOR[collection]
        status, headers, body = await fetch(self.app, internal_get(scope, query=query))
        if status != 200:
            return _replay(status, headers, body)
        base = str(Request(scope).base_url).rstrip("/")
        document = to_jsonld(orjson.loads(body), collection, is_list, base)
        link = Headers(raw=headers).get("link")
        return Response(orjson.dumps(document), media_type=JSONLD,
                        headers={"Vary": "Accept", **({"Link": link} if link else {})})

    async def _csv(self, scope: Scope) -> Response:
        inner = internal_get(scope)
        status, headers, body = await fetch(self.app, inner)
        if status != 200:
            return _replay(status, headers, body)
        data = orjson.loads(body)
        paged = isinstance(data, dict) and isinstance(data.get("items"), list) and "next_cursor" in data
        if not paged and not isinstance(data, list):
            return _not_acceptable(scope, "CSV is offered for lists only; ask for application/json here.")
        items = [_flat(item) for item in (data["items"] if paged else data)]
        columns = _columns_of(inner.get("route"), scope) or list(dict.fromkeys(k for i in items for k in i))
        next_cursor = data.get("next_cursor") if paged else None
        name = scope["path"].rstrip("/").rsplit("/", 1)[-1]
        return StreamingResponse(
            self._csv_rows(scope, columns, items, next_cursor), media_type="text/csv; charset=utf-8",
            headers={"Vary": "Accept", "Content-Disposition": f'inline; filename="{name}.csv"'},
        )

    async def _csv_rows(self, scope: Scope, columns: list[str], items: list[dict],
                        cursor: str | None) -> AsyncIterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        if columns:
            writer.writerow(columns)
        query = [(k, v) for k, v in parse_qsl(scope["query_string"].decode(), keep_blank_values=True)
                 if k not in ("cursor", "limit")]
        while True:
            for item in items:
                writer.writerow([_cell(item.get(column)) for column in columns])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            if not cursor:
                return
            page_query = urlencode([*query, ("cursor", cursor), ("limit", CSV_PAGE)]).encode()
            status, _, body = await fetch(self.app, internal_get(scope, query=page_query))
            if status != 200:
                return  # the status is sent already; a short file is all that can be said
            page = orjson.loads(body)
            items, cursor = [_flat(item) for item in page["items"]], page.get("next_cursor")


def _vary(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            MutableHeaders(scope=message).append("Vary", "Accept")
        await send(message)

    return wrapped
