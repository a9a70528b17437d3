"""One response pipeline for every GET: typed objects in; JSON, JSON-LD or CSV out.

A route hands its typed result to a `Representation` (a dependency) and returns what it gives:

* `rep.item(row, present)` for one resource. Its strong `ETag` comes from row versions
  (`app.services.versions`), so `If-None-Match` is answered 304 before anything is presented.
* `rep.page(page, rows, more)` for a keyset page; `more(cursor)` is the service iterator a CSV
  download follows to the last row, 100 rows a query, inside the same request.
* `rep.listing(items, model)` for a plain list.

JSON without `include=`/`fields=` goes back as the typed object, rendered by the route's
response_model. `include=` embeds what `app.services.includes` resolves (one query per relation
for the page) and `fields=` trims; JSON-LD is mapped from the same dumped objects
(`app.api.jsonld`), CSV spreads them into columns. The format was chosen by
`app.api.negotiation`; a format the route does not offer is a 406 problem.
"""

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

import orjson
from fastapi import Depends, Query, Request, Response
from fastapi.exceptions import ResponseValidationError
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from sqlmodel import Session

from app.api.conditional import NOT_MODIFIED_HEADERS, none_match, version_tag
from app.api.deps import SessionDep
from app.api.facets import FacetedPage
from app.api.geojson import GEOJSON_RESOURCES, feature_collection
from app.api.jsonld import to_jsonld
from app.api.negotiation import CSV, FORMAT, GEOJSON, JSON, JSONLD
from app.api.resources import BY_NAME, RESOURCES, Resource
from app.errors import BadRequest, NotAcceptable
from app.pagination import Page, PageParams, PageResult, item_type, link_header
from app.services.includes import embed
from app.services.versions import embedded_versions

CSV_PAGE = 100
Json = dict[str, Any]
# The next page after a cursor: its typed items, the rows they were made from, its next cursor.
More = Callable[[str], tuple[list[BaseModel], list[Any], str | None]]
# A service's list call for given page parameters: rows, next cursor, total (a tuple, or a result
# with those attributes).
Fetch = Callable[[PageParams], PageResult[Any]]


@dataclass(frozen=True)
class Shape:
    include: tuple[str, ...] = ()
    fields: tuple[str, ...] | None = None

    @property
    def plain(self) -> bool:
        return not self.include and self.fields is None


def _names(raw: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n.strip() for n in (raw or "").split(",") if n.strip()))


@dataclass
class Representation:
    request: Request
    response: Response
    session: Session
    format: str
    resource: Resource | None = None
    shape: Shape = Shape()

    # -- one resource ---------------------------------------------------------------------------
    def item(self, row: Any, present: Callable[[Any], BaseModel]) -> Any:
        self._offer(is_list=False)
        tag = self._version_tag(row)
        if tag is not None:
            if none_match(self.request, tag):
                return Response(status_code=304, headers={"ETag": tag, **NOT_MODIFIED_HEADERS})
            self.response.headers["ETag"] = tag
        payload = present(row)
        if self.format == JSON and self.shape.plain:
            return self._rendered(payload)
        data = self._shaped(type(payload), [payload.model_dump(mode="json")], [row], self._includes())[0]
        return self._send(data)

    # -- lists ----------------------------------------------------------------------------------
    def pages(self, page: PageParams, fetch: Fetch, present: Callable[[list[Any]], list[Any]],
              model: type[BaseModel], facets: dict[str, Any] | None = None) -> Any:
        """One keyset page of `fetch` (a service's list call) with its Link header; a CSV download
        calls `fetch` again from each next cursor until the last row. `facets`: counts over the
        whole filtered list (`app.api.facets`), sent with the JSON page."""
        self._offer(is_list=True)
        found = fetch(page)
        rows = found.rows
        link_header(self.request, self.response, found.next_cursor)
        payload = FacetedPage[model](  # type: ignore[valid-type]
            items=present(rows), next_cursor=found.next_cursor, limit=page.limit, total=found.total,
            facets=facets,
        ) if facets is not None else Page[model](  # type: ignore[valid-type]
            items=present(rows), next_cursor=found.next_cursor, limit=page.limit, total=found.total)

        def more(cursor: str) -> tuple[list[BaseModel], list[Any], str | None]:
            found = fetch(PageParams(limit=CSV_PAGE, cursor=cursor, count=False))
            return present(found.rows), found.rows, found.next_cursor

        return self.page(payload, rows, more)

    def page(self, page: Page, rows: list[Any], more: More | None = None) -> Any:
        self._offer(is_list=True)
        if self.format == JSON and self.shape.plain:
            return self._rendered(page)
        model = item_type(type(page))
        items = self._shaped(model, [i.model_dump(mode="json") for i in page.items], rows, self._includes())
        if self.format == CSV:
            return self._csv(model, items, page.next_cursor, more)
        if self.format == JSONLD:
            return self._send(items)
        if self.format == GEOJSON:
            assert self.resource is not None  # _offer checked it
            collection = feature_collection(self.session, self.resource.name, items, rows, page.next_cursor)
            return Response(orjson.dumps(collection), media_type=GEOJSON, headers=self._headers())
        return self._send({**page.model_dump(mode="json"), "items": items})

    def listing(self, items: list[Any], model: type[BaseModel]) -> Any:
        """A plain list (no paging, no include/fields): JSON through response_model, or CSV."""
        self._offer(is_list=True)
        if self.format == JSON:
            return items
        typed = [model.model_validate(i) for i in items]
        return self._csv(model, [i.model_dump(mode="json") for i in typed], None, None)

    # -- the pipeline ---------------------------------------------------------------------------
    def _offer(self, is_list: bool) -> None:
        if self.format == JSONLD and self.resource is None:
            raise NotAcceptable(f"JSON-LD describes {', '.join(r.collection for r in RESOURCES)} and their "
                                "lists; ask for application/json here.")
        if self.format == CSV and not is_list:
            raise NotAcceptable("CSV is offered for lists only; ask for application/json here.")
        if self.format == GEOJSON and not (is_list and self.resource is not None
                                           and self.resource.name in GEOJSON_RESOURCES):
            raise NotAcceptable("GeoJSON is offered for lists of places and events; ask for "
                                "application/json here.")

    def _includes(self) -> tuple[str, ...]:
        if self.format == JSONLD and self.resource is not None and not self.shape.include:
            return self.resource.jsonld_embeds
        return self.shape.include

    def _version_tag(self, row: Any) -> str | None:
        """The version-based tag of this variant; None when embedded lists make it a body hash's job
        (`app.api.conditional` hashes the bytes then)."""
        if self.resource is None or self._includes():
            return None
        variant = (self.format, self.shape.include, self.shape.fields)
        return version_tag(self.resource.name, row.id, row.version,
                           embedded_versions(self.session, self.resource.name, row), variant)

    def _shaped(self, model: type[BaseModel], items: list[Json], rows: list[Any],
                includes: tuple[str, ...]) -> list[Json]:
        """Dumped items with `includes` embedded and trimmed to `fields=`."""
        resource, fields = self.resource, self.shape.fields
        if resource is None:
            return items
        unknown = [name for name in includes if name not in resource.includes]
        if unknown:
            raise BadRequest(f"Cannot include {', '.join(unknown)} here; use one of: "
                             f"{', '.join(resource.includes) or 'nothing'}.")
        allowed = {*model.model_fields, *resource.extra_fields, *includes}
        if fields is not None:
            bad = [name for name in fields if name not in allowed]
            if bad:
                raise BadRequest(f"Unknown field {', '.join(bad)}; fields are: {', '.join(sorted(allowed))}.")
        embedded = embed(self.session, resource.name, includes, [item["id"] for item in items])
        for item, row in zip(items, rows, strict=True):
            for name in includes:
                item[name] = embedded[name].get(item["id"], [])
            for name in resource.extra_fields:
                if name in (fields or ()) and name not in item:
                    item[name] = getattr(row, name)
        if fields is not None:
            keep = {"id", *fields, *includes}
            items = [{k: v for k, v in item.items() if k in keep} for item in items]
        return items

    def _rendered(self, payload: BaseModel) -> Any:
        """`payload` as the bytes FastAPI would send for the route's response_model (validated and
        dumped by its pydantic-core serializer), made here in the endpoint's thread rather than in a
        second trip to the thread pool."""
        field = getattr(self.request.scope.get("route"), "response_field", None)
        if field is None:
            return payload
        value, errors = field.validate(payload, {}, loc=("response",))
        if errors:
            raise ResponseValidationError(errors=errors, body=payload)
        response = Response(field.serialize_json(value), media_type=JSON,
                            status_code=self.response.status_code or 200)
        response.headers.raw.extend(self.response.headers.raw)
        return response

    def _headers(self) -> dict[str, str]:
        return {k: v for k, v in self.response.headers.items() if k.lower() in ("link", "etag")}

    def _send(self, data: Json | list[Json]) -> Response:
        if self.format == JSONLD:
            assert self.resource is not None
            base = str(self.request.base_url).rstrip("/")
            return Response(orjson.dumps(to_jsonld(data, self.resource.name, base)), media_type=JSONLD,
                            headers=self._headers())
        return Response(orjson.dumps(data), media_type=JSON, headers=self._headers())

    def _csv(self, model: type[BaseModel], items: list[Json], cursor: str | None,
             more: More | None) -> Response:
        columns = _columns(model, self._includes(), self.shape.fields) or list(
            dict.fromkeys(k for i in items for k in _flat(i)))

        def rows() -> Iterator[str]:  # sync: each further page is a query, run in the thread pool
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(columns)
            page_items, next_cursor = items, cursor
            while True:
                for item in page_items:
                    flat = _flat(item)
                    writer.writerow([_cell(flat.get(column)) for column in columns])
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
                if not next_cursor or more is None:
                    return
                typed, page_rows, next_cursor = more(next_cursor)
                page_items = self._shaped(model, [i.model_dump(mode="json") for i in typed], page_rows,
                                          self._includes())

        name = self.request.url.path.rstrip("/").rsplit("/", 1)[-1]
        return StreamingResponse(rows(), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'inline; filename="{name}.csv"'})


def _flat(item: Json) -> Json:
    """One level of nesting spread into columns: `entity` → `entity.kind`, `entity.slug`, ..."""
    out: Json = {}
    for key, value in item.items():
        if isinstance(value, dict):
            out.update((f"{key}.{inner}", nested) for inner, nested in value.items())
        else:
            out[key] = value
    return out


def _columns(model: type[BaseModel], includes: tuple[str, ...], fields: tuple[str, ...] | None) -> list[str]:
    """The CSV header of a list: its item model's fields, nested models spread as `_flat` does
    (so a row whose `place` is null still has the `place.*` columns, empty), trimmed to
    `fields=` and followed by what `include=` embeds."""
    columns = []
    for name, field in model.model_fields.items():
        options = (field.annotation, *get_args(field.annotation))  # a model, or a model | None
        nested = None if get_origin(field.annotation) in (list, tuple, set, dict) else next(
            (t for t in options if isinstance(t, type) and issubclass(t, BaseModel)), None)
        columns += [f"{name}.{inner}" for inner in nested.model_fields] if nested else [name]
    if fields:
        keep = {"id", *fields, *includes}
        columns = [c for c in columns if c.split(".")[0] in keep]
        columns += [n for n in fields if n not in {c.split(".")[0] for c in columns}]  # e.g. body
    return columns + [n for n in includes if n not in columns]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        text = orjson.dumps(value).decode()
    elif isinstance(value, bool):
        return str(value).lower()
    elif isinstance(value, int | float):
        return str(value)  # a negative number is data, not a formula
    else:
        text = str(value)
    # OWASP CSV injection: a spreadsheet runs a cell starting like a formula; a `'` keeps it text.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _format(request: Request) -> str:
    return request.scope.get(FORMAT, JSON)


def representation_of(name: str | None) -> Any:
    """The dependency giving one resource's routes their `Representation`, with its `include` and
    `fields` query parameters documented for that resource (`None`: a list of something else, which
    is offered as JSON and CSV). Use it as `Annotated[Representation, representation_of("person")]`."""
    if name is None:
        async def plain(request: Request, response: Response, session: SessionDep) -> Representation:
            return Representation(request, response, session, _format(request))

        return Depends(plain)
    resource = BY_NAME[name]
    names = ", ".join(f"`{n}`" for n in resource.includes)
    leaves_out = "".join(f" Lists leave `{f}` out unless it is named here." for f in resource.extra_fields)

    async def shaped(  # async: pure parsing, no trip to the thread pool
        request: Request, response: Response, session: SessionDep,
        include: Annotated[str | None, Query(
            max_length=200, pattern=r"^[a-z_,]*$", examples=[resource.include_example],
            description=f"Related resources to embed, comma-separated: {names}. "
            "Resolved with one query per relation for the whole page.",
        )] = None,
        fields: Annotated[str | None, Query(
            max_length=500, pattern=r"^[a-z_,]*$", examples=[resource.fields_example],
            description=f"Only these fields, comma-separated (`id` is always kept).{leaves_out} "
            "An unknown field is a 400 problem.",
        )] = None,
    ) -> Representation:
        shape = Shape(_names(include), _names(fields) if fields is not None else None)
        return Representation(request, response, session, _format(request), resource, shape)

    return Depends(shaped)


def listing_of(name: str) -> Any:
    """A list of one resource without `include`/`fields` (the relation routes): JSON, JSON-LD, CSV."""
    resource = BY_NAME[name]

    async def plain(request: Request, response: Response, session: SessionDep) -> Representation:
        return Representation(request, response, session, _format(request), resource)

    return Depends(plain)


Listing = Annotated[Representation, representation_of(None)]
