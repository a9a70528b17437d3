"""The OpenAPI document, completed for what middlewares add to every route.

FastAPI sees the routes; it cannot see the ETag/304 handling (`app.api.conditional`) or the
JSON-LD and CSV formats (`app.api.negotiation`), and it describes its own 422 with a schema
that is not what clients receive. This fills those in for every operation, including
routes added later, so generated clients and Spectral see the real contract.
"""

import json
from typing import Any

from fastapi import FastAPI

from app.api.resources import resource_at
from app.errors import PROBLEM_JSON
from app.seed import SEED_DIR

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
CONTRACT = """
## Caching and concurrent edits

Every `GET` answered `200` carries a strong `ETag` and `Cache-Control: no-cache`; send it back
in `If-None-Match` to get `304 Not Modified` without a body. One resource's tag follows the row
versions it is shown from (the resource's, and for an event those of its place, participants
and quoted articles) and the format, `include=` and `fields=` asked for; a list's tag is a hash
of its bytes. Errors are `Cache-Control: no-store`.
`PATCH` and `DELETE` honour `If-Match: "<ETag of a GET of the resource>"` (any format or trim):
when the resource changed since that read, nothing is written and the answer is a `412` problem
(a bare row version, `If-Match: "3"`, is also accepted).

## Embedding and trimming

`include=` embeds related resources with one query per relation for the whole page
(`/v1/events/{ref}?include=articles`, `/v1/articles?include=persons,events`; persons,
organizations and places take `articles,events`); `fields=` keeps only the named fields
(`fields=id,title,body`; article lists leave `body` out otherwise).

## Formats

`Accept: application/json` (default); `application/ld+json` for schema.org JSON-LD
(`NewsArticle`, `Person`, `Event`, `Organization`, `Place`, lists as `ItemList`); `text/csv`
on any list streams every row matching the filters (from `cursor` on), a nested object spread
into columns (`entity.kind`, `entity.slug`, ...), the header sent even for an empty list;
`application/geo+json` on place and event lists: a GeoJSON FeatureCollection of the page (null
geometry where no coordinates are known). Other types: `406`.
"""


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}}}


def _is_list(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    name = schema.get("$ref", "").split("/")[-1]
    return schema.get("type") == "array" or name.startswith(("Page_", "FacetedPage_"))


def _complete_get(path: str, operation: dict[str, Any]) -> None:
    ok = operation["responses"].get("200")
    if ok is None:
        return
    ok.setdefault("headers", {})["ETag"] = {
        "description": "Strong tag of this representation; send it in If-None-Match or If-Match.",
        "schema": {"type": "string"},
    }
    operation["responses"]["304"] = {"description": "Not Modified: If-None-Match holds the current ETag."}
    params = operation.setdefault("parameters", [])
    if not any(p.get("name") == "If-None-Match" for p in params):
        params.append({"name": "If-None-Match", "in": "header", "required": False,
                       "description": "ETags you hold; a match answers 304.", "schema": {"type": "string"}})
    if not path.startswith("/v1/"):
        return
    content = ok.setdefault("content", {})
    if resource_at(path) is not None:
        content["application/ld+json"] = {"schema": {
            "type": "object", "description": "schema.org JSON-LD of the same resource or list."}}
    if _is_list(ok):
        content["text/csv"] = {"schema": {
            "type": "string", "description": "Every row matching the filters, one per line, with a header."}}
    listed = content.get("application/json", {}).get("schema", {}).get("$ref", "").split("/")[-1]
    if _is_list(ok) and ("PlacePublic" in listed or "EventPublic" in listed):
        content["application/geo+json"] = {"schema": {
            "type": "object", "description": "An RFC 7946 FeatureCollection of this page: places at their "
            "GeoNames coordinates, events at the place they were held; null geometry where unknown."}}
    operation["responses"]["406"] = _problem("None of the Accept media types is offered here.")


def _fill_path_examples(operation: dict[str, Any]) -> None:
    """A path parameter's seed example as its `example` too, which Swagger UI fills in on
    "Try it out" (it ignores `schema.examples`), so a first Execute finds the seed's row.
    Query parameters stay empty there: filled in together they would narrow a list to nothing."""
    for parameter in operation.get("parameters", []):
        examples = parameter.get("schema", {}).get("examples")
        if parameter.get("in") == "path" and examples and "example" not in parameter:
            parameter["example"] = examples[0]


def _borrowed_example(schemas: dict[str, Any], name: str) -> dict[str, Any] | None:
    """An example body for `FooUpdate` made of the seed examples `FooCreate`/`FooPublic` give."""
    fields = schemas.get(name, {}).get("properties", {})
    for donor in (name.replace("Update", "Create"), name.replace("Update", "Public")):
        known = schemas.get(donor, {}).get("properties", {})
        # Skip patterned fields: JS validators (Spectral) read `\W` as ASCII and reject Cyrillic.
        example = {k: known[k]["examples"][0] for k in fields
                   if known.get(k, {}).get("examples") and "pattern" not in json.dumps(fields[k])}
        if example:
            return dict(list(example.items())[:2])
    return None


def seed_document() -> str:
    """The seed's plain-text document: the example of a text/plain request body."""
    try:
        return next((SEED_DIR / "documents").glob("*.txt")).read_text(encoding="utf-8")
    except (StopIteration, OSError):
        return "Заголовок\n\nПерший абзац."


def _complete_request(operation: dict[str, Any], schemas: dict[str, Any]) -> None:
    for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
        if media_type.startswith("text/plain") and "example" not in media:
            media["example"] = seed_document()
        ref = media.get("schema", {}).get("$ref", "")
        name = ref.rsplit("/", 1)[-1]
        if ref and "example" not in media and "examples" not in media and name.endswith("Update"):
            example = _borrowed_example(schemas, name)
            if example:
                media["example"] = example


def complete(schema: dict[str, Any]) -> dict[str, Any]:
    schemas = schema.get("components", {}).get("schemas", {})
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            operation.setdefault("description", operation.get("summary", ""))
            operation.setdefault("tags", ["meta"])
            responses = operation.setdefault("responses", {})
            if "422" in responses:
                responses["422"] = _problem("Invalid body or parameters; `errors` lists each one.")
            for status, response in responses.items():
                if status[0] in "45":
                    response["content"] = {PROBLEM_JSON: {"schema": PROBLEM_REF}}
            _fill_path_examples(operation)
            if method == "get":
                _complete_get(path, operation)
            _complete_request(operation, schemas)
    components = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def install_openapi(app: FastAPI) -> None:
    generate = app.openapi
    app.description = (app.description or "") + CONTRACT

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
