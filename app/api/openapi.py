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
from app.api.security import required_scope
from app.config import get_settings
from app.errors import PROBLEM_JSON
from app.seed import SEED_DIR

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
SECURITY_SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "dn_…",
                   "description": "An API key: `Authorization: Bearer dn_...`."},
    "apiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key",
                   "description": "The same key, for tools that cannot set Authorization."},
}
CONTRACT = """
## Keys, scopes and limits

Reads are open to anyone (unless the server sets `REQUIRE_READ_KEY`); every create, update,
delete, ingest and candidate decision needs an API key with the `write` scope, and `/v1/keys`
and `/v1/audit` need `admin` (scopes: read < write < admin). Send the key as
`Authorization: Bearer dn_...` or `X-API-Key: dn_...` (in this page: **Authorize**). No key
where one is needed, or an unknown, revoked or expired one: `401` with `WWW-Authenticate`;
a key whose scope is too low: `403`. Each key, and each client address without one, has a
request budget: answers carry `RateLimit-Policy` and `RateLimit`, and a request over budget
is a `429` problem with `Retry-After`. Every answer carries `X-Request-ID` (send your own, or
get one), and every problem body quotes it as `request_id`.

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


def _complete_security(path: str, method: str, operation: dict[str, Any], require_read_key: bool) -> None:
    """Who may call the operation (`app.api.security.required_scope`), and the problems that
    follow from it: 401 (a bad key anywhere, a missing one where needed), 403, 429."""
    needed = required_scope(method, path, require_read_key)
    responses = operation["responses"]
    if needed is None:
        # Anyone may call it, with or without a key ({} is "no credentials").
        operation["security"] = [{}, {"bearerAuth": []}, {"apiKeyAuth": []}]
    else:
        operation["security"] = [{"bearerAuth": [needed]}, {"apiKeyAuth": [needed]}]
        note = f"Needs an API key with the `{needed}` scope."
        if note not in operation.get("description", ""):
            operation["description"] = (operation.get("description", "") + "\n\n" + note).strip()
    if not path.startswith("/v1/"):
        operation["security"] = [{}]
        return
    responses["401"] = _problem("No API key where one is needed, or an unknown, revoked or expired one.")
    responses["401"]["headers"] = {"WWW-Authenticate": {
        "description": "`Bearer realm=\"dipnews\"`, with `error=` when a key was refused.",
        "schema": {"type": "string"}}}
    if needed is not None and needed != "read":
        responses["403"] = _problem(f"The API key's scope is below `{needed}`.")
    responses["429"] = _problem("Over the request budget of this key or address.")
    responses["429"]["headers"] = {
        "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}},
        "RateLimit": {"description": "What is left: `\"key\";r=0;t=30`.", "schema": {"type": "string"}},
        "RateLimit-Policy": {"description": "The budget: `\"key\";q=10000;w=60`.",
                             "schema": {"type": "string"}},
    }


def complete(schema: dict[str, Any]) -> dict[str, Any]:
    schemas = schema.get("components", {}).get("schemas", {})
    require_read_key = get_settings().require_read_key
    schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
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
            _complete_security(path, method, operation, require_read_key)
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
