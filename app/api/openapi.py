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
from app.schemas.common import LETTER
from app.schemas.document import DOCUMENT_PATTERN, DocumentIn
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
Anonymous `GET`s are served from the server's cache of answers while no write has committed
since they were built; `Cache-Status` says how each was answered (`dipnews; hit`,
`dipnews; fwd=uri-miss`, `dipnews; fwd=stale`, with `; collapsed` when identical requests
arriving together were answered by one build).
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


PAGES = ("Page_", "FacetedPage_")  # the component names of keyset pages (app.pagination, app.api.facets)


def _is_list(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    name = schema.get("$ref", "").split("/")[-1]
    return schema.get("type") == "array" or name.startswith(PAGES)


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


_NULLABLE_STRING = {"anyOf": [{"type": "string"}, {"type": "null"}]}
EMBEDDED_SCHEMAS: dict[str, Any] = {
    "EmbeddedArticle": {
        "type": "object", "title": "EmbeddedArticle", "required": ["id", "slug", "title"],
        "description": "An article as `include=articles` embeds it.",
        "properties": {"id": {"type": "integer"}, "slug": {"type": "string"}, "title": {"type": "string"},
                       "published_at": {**_NULLABLE_STRING, "description": "UTC ISO 8601, or null."}},
    },
    "EmbeddedEvent": {
        "type": "object", "title": "EmbeddedEvent", "required": ["id", "slug", "title", "type"],
        "description": "An event as `include=events` embeds it.",
        "properties": {"id": {"type": "integer"}, "slug": {"type": "string"}, "title": {"type": "string"},
                       "type": {"type": "string"}, "date_start": _NULLABLE_STRING,
                       "date_precision": {"type": "string", "enum": ["day", "month", "year", "unknown"]}},
    },
}


def _embedded_ref(name: str) -> dict[str, Any]:
    """The items `include=<name>` embeds: articles, events, or references to an entity kind."""
    if name in ("articles", "events"):
        return {"$ref": f"#/components/schemas/Embedded{name[:-1].capitalize()}"}
    return {"$ref": "#/components/schemas/EntityRef"}


def _shaped_variant(schemas: dict[str, Any], name: str, resource: Any) -> str:
    """`<name>Shaped`: what `fields=` and `include=` make of `<name>`: every property optional but
    `id`, the fields a list leaves out (`body`) and the embedded arrays added."""
    shaped = f"{name}Shaped"
    if shaped not in schemas:
        # No defaults: a trimmed answer leaves fields out rather than defaulting them (and
        # openapi-typescript makes a field with a default required).
        properties = {key: {k: v for k, v in value.items() if k != "default"}
                      for key, value in schemas[name].get("properties", {}).items()}
        for extra in resource.extra_fields:
            properties.setdefault(extra, {"type": "string", "title": extra.capitalize()})
        for include in resource.includes:
            properties[include] = {"type": "array", "items": _embedded_ref(include),
                                   "description": f"Embedded by `include={include}`."}
        schemas[shaped] = {
            "type": "object", "title": shaped, "required": ["id"], "properties": properties,
            "description": f"{name} as `fields=` trims it (only `id` is always there) and `include=` "
                           "extends it with embedded arrays.",
        }
    return shaped


def _complete_shapes(path: str, operation: dict[str, Any], schemas: dict[str, Any]) -> None:
    """A GET taking `fields=`/`include=` answers the full shape or the shaped one: declare both."""
    names = {p.get("name") for p in operation.get("parameters", [])}
    found = resource_at(path)
    media = operation["responses"].get("200", {}).get("content", {}).get("application/json")
    if not names & {"fields", "include"} or found is None or media is None:
        return
    resource = found[0]
    ref = media.get("schema", {}).get("$ref", "")
    name = ref.rsplit("/", 1)[-1]
    if name not in schemas:
        return
    if name.startswith(PAGES):
        page = schemas[name]
        item = page["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[-1]
        shaped_page = f"{name}Shaped"
        if shaped_page not in schemas:
            shaped_item = _shaped_variant(schemas, item, resource)
            properties = {**page["properties"], "items": {
                "type": "array", "title": "Items", "items": {"$ref": f"#/components/schemas/{shaped_item}"}}}
            schemas[shaped_page] = {
                **page, "title": shaped_page, "properties": properties,
                "description": "A page whose items `fields=` trimmed or `include=` extended."}
        shaped = shaped_page
    else:
        shaped = _shaped_variant(schemas, name, resource)
    media["schema"] = {"anyOf": [{"$ref": ref}, {"$ref": f"#/components/schemas/{shaped}"}]}
    item = name
    if name.startswith(PAGES):
        item = schemas[name]["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[-1]
    fields = [*schemas[item].get("properties", {}), *resource.extra_fields]
    _name_list_pattern(operation, "fields", fields)
    _name_list_pattern(operation, "include", list(resource.includes))


def _name_list_pattern(operation: dict[str, Any], parameter: str, names: list[str]) -> None:
    """`fields=`/`include=` take a comma-separated list of known names (another is a 400): say
    which in the parameter's pattern, so clients and fuzzers know the valid values."""
    one = "(?:" + "|".join(sorted(dict.fromkeys(names), key=lambda n: (-len(n), n))) + ")"
    for param in operation.get("parameters", []):
        if param.get("name") == parameter and param.get("in") == "query":
            schema = param.get("schema", {})
            target = next((s for s in schema.get("anyOf", []) if s.get("type") == "string"), schema)
            target["pattern"] = f"^(?:{one}(?:,{one})*)?$"


def _complete_links(paths: dict[str, Any]) -> None:
    """Links from each create (201) to the get, update and delete of what it made, so clients and
    stateful fuzzers can chain create → get → patch → delete."""
    for path, item in paths.items():
        created = item.get("post", {}).get("responses", {}).get("201")
        single = next((p for p in paths if p.startswith(path + "/{") and p.count("/") == path.count("/") + 1),
                      None)
        if created is None or single is None:
            continue
        parameter = single.rsplit("{", 1)[1].rstrip("}")
        links = created.setdefault("links", {})
        for method, operation in paths[single].items():
            if method in ("get", "patch", "delete") and operation.get("operationId"):
                name = operation["operationId"]
                links[name[0].upper() + name[1:]] = {
                    "operationId": name, "parameters": {parameter: "$response.body#/id"},
                    "description": f"The `{parameter}` of what was created is its `id`.",
                }


# What the full-text query parser (app.search.query) takes: no operator characters it refuses,
# balanced quotes, at most 500 characters, and a letter or digit somewhere (or nothing at all). (A query of
# exclusions or OR alone still has no word to look for: a 400.)
_FREE = r'[^"*^(){}\[\]|&!<>~]'
_WORD = LETTER[:-1] + "0-9]"
TEXT_QUERY_PATTERN = (f'^(?:(?:{_FREE}|"{_FREE}*")*(?:{_WORD}|"{_FREE}*{_WORD}{_FREE}*")'
                      f'(?:{_FREE}|"{_FREE}*")*)?$')  # empty: no search


def _complete_query_syntax(operation: dict[str, Any]) -> None:
    for param in operation.get("parameters", []):
        if param.get("name") == "q" and param.get("in") == "query":  # every q goes through that parser
            schema = param.get("schema", {})
            target = next((s for s in schema.get("anyOf", []) if s.get("type") == "string"), schema)
            target.update(pattern=TEXT_QUERY_PATTERN, maxLength=500)


def _complete_statuses(path: str, method: str, operation: dict[str, Any]) -> None:
    """The problems every operation of a kind can answer, whatever its route declared."""
    responses = operation["responses"]
    if not path.startswith("/v1/") and path != "/ready":
        return
    responses.setdefault("503", _problem("The database is unreachable or busy; retry after `Retry-After`."))
    responses["503"].setdefault("headers", {})["Retry-After"] = {
        "description": "Seconds to wait.", "schema": {"type": "integer"}}
    body = operation.get("requestBody", {}).get("content", {})
    if "application/json" in body:
        responses.setdefault("400", _problem("The body is not valid JSON."))
        responses.setdefault("413", _problem("The JSON body is larger than `MAX_JSON_BYTES`."))
        responses.setdefault("422", _problem("Invalid body or parameters; `errors` lists each one."))
    query = {p.get("name") for p in operation.get("parameters", []) if p.get("in") == "query"}
    if query & {"cursor", "fields", "include", "q"}:
        responses.setdefault("400", _problem("A malformed cursor, search query, `fields` or `include`."))
    if "{" in path or query & {"person", "organization", "place", "event", "participant"}:
        responses.setdefault("404", _problem("No resource with that id or slug."))
    if operation.get("parameters") or body:
        responses.setdefault("422", _problem("Invalid body or parameters; `errors` lists each one."))


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
            media["schema"]["pattern"] = DOCUMENT_PATTERN
        if media.get("schema", {}).get("$ref", "").endswith("/DocumentIn") and "example" not in media:
            media["example"] = {"text": seed_document(), "outlet": "NewsWeek", "language": "uk"}
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
            _complete_statuses(path, method, operation)
            _complete_query_syntax(operation)
            _fill_path_examples(operation)
            if method == "get":
                _complete_get(path, operation)
                _complete_shapes(path, operation, schemas)
            _complete_request(operation, schemas)
    schemas.update(EMBEDDED_SCHEMAS)
    schemas.setdefault("DocumentIn", DocumentIn.model_json_schema())
    _complete_links(schema.get("paths", {}))
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
