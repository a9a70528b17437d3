"""HTTP method and body rules every route shares, in one pure ASGI layer (inside CORS).

* **HEAD** wherever GET: the request goes through as a GET (same status and headers, ETag and
  Content-Length included) and the body is dropped.
* **OPTIONS** (not a CORS preflight, which the CORS middleware answers first) is a 204 with
  `Allow` listing every method of the path; a **405** lists them too (Starlette's lists only the
  one route it tried, and FastAPI makes one route per method).
* **JSON bodies are capped** at `MAX_JSON_BYTES`: a larger `Content-Length`, or more bytes than
  the cap however they arrive, is a 413 problem before the body is parsed.
"""

import re
from collections.abc import Iterable
from typing import Any

import orjson
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import PROBLEM_JSON, problem_body

BODY_METHODS = {"POST", "PUT", "PATCH"}


ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(app: Any, scope: Scope) -> list[str]:
    """The methods the OpenAPI document gives the path template that matches the path (the most
    literal one: `/v1/articles/timeline` before `/v1/articles/{ref}`), HEAD beside GET, and
    OPTIONS; for paths outside the document (its own page, /docs), what the routes answer."""
    path = scope["path"]
    methods: list[str] = []
    paths = app.openapi().get("paths", {}) if hasattr(app, "openapi") else {}
    matching = [t for t in paths if _template(t).fullmatch(path)]
    if matching:
        best = min(matching, key=lambda t: (t.count("{"), -len(t)))
        methods = [m.upper() for m in paths[best] if m.upper() in ORDER]
    else:
        routes: Iterable[BaseRoute] = getattr(getattr(app, "router", None), "routes", ())
        methods = [method for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
                   if any(r.matches({**scope, "method": method})[0] == Match.FULL for r in routes)]
    if not methods:
        return []
    if "GET" in methods:
        methods.append("HEAD")
    return sorted({*methods, "OPTIONS"}, key=ORDER.index)


def _template(template: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)))


def is_json(headers: Headers) -> bool:
    media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


class Methods:
    def __init__(self, app: ASGIApp, max_json_bytes: int) -> None:
        self.app = app
        self.max_json_bytes = max_json_bytes
        self._allowed: dict[str, list[str]] = {}  # path → Allow

    def _allow(self, scope: Scope) -> list[str]:
        path = scope["path"]
        if path not in self._allowed:
            if len(self._allowed) > 1024:
                self._allowed.clear()
            self._allowed[path] = allowed_methods(scope.get("app"), {**scope, "query_string": b""})
        return self._allowed[path]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method == "OPTIONS":
            allow = self._allow(scope)
            if allow:
                await send({"type": "http.response.start", "status": 204,
                            "headers": [(b"allow", ", ".join(allow).encode())]})
                await send({"type": "http.response.body", "body": b""})
                return
        if method == "HEAD":
            await self.app({**scope, "method": "GET"}, receive, _without_body(send))
            return
        if method in BODY_METHODS and is_json(Headers(scope=scope)):
            declared = Headers(scope=scope).get("content-length", "")
            if declared.isascii() and declared.isdigit() and int(declared) > self.max_json_bytes:
                await self._too_large(scope, send)
                return
            receive = _capped(receive, self.max_json_bytes)
        await self.app(scope, receive, self._allow_on_405(scope, send))

    def _allow_on_405(self, scope: Scope, send: Send) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                allow = self._allow(scope)
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
                message = {**message, "headers": [*headers, (b"allow", ", ".join(allow).encode())]}
            await send(message)

        return sending

    async def _too_large(self, scope: Scope, send: Send) -> None:
        detail = _too_large_detail(self.max_json_bytes)
        body = orjson.dumps(problem_body(scope, 413, "Content Too Large", detail, "payload-too-large"))
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": body})


def _too_large_detail(limit: int) -> str:
    return f"The JSON body is larger than {limit} bytes; send less or raise MAX_JSON_BYTES."


def _capped(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def receiving() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                # FastAPI re-raises HTTPException from body parsing; the handler renders the problem.
                raise HTTPException(413, _too_large_detail(limit))
        return message

    return receiving


def _without_body(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return sending
