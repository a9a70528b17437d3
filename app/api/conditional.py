"""Conditional requests, for every route at once (a pure ASGI middleware).

* A GET answered 200 in one piece gets a strong `ETag`: a hash of the exact bytes sent, so
  it changes whenever anything in the representation does (an embedded name included) and
  costs one hash of a body already serialised. `If-None-Match` with that tag → 304.
  `Cache-Control: no-cache` (revalidate each time, cheap with the ETag); errors `no-store`.
* PATCH/DELETE with `If-Match: "<etag>"`: the middleware renders the resource's current GET
  representation, and if its ETag is not among the given tags answers 412 before anything is
  written. When it matches, the `version` that representation carries goes down to the route
  (`app.api.deps.if_match_version`), whose service checks it again inside the write
  transaction, so an editor who slipped in between still gets a 412, never a lost update.
  `If-Match: "3"` (a bare row version) is still accepted.
"""

import hashlib
from typing import Any

import orjson
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import problem_response

VERIFIED_VERSION = "dipnews.if_match_version"
WRITES = frozenset({"PATCH", "DELETE", "PUT"})


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def parse_tags(header: str) -> list[str]:
    """Entity tags of an If-Match / If-None-Match header, weak prefixes dropped."""
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]


async def fetch(app: ASGIApp, scope: Scope) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Run one bodiless request through `app`; its status, headers and whole body."""
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return start["status"], list(start.get("headers", [])), b"".join(chunks)


def internal_get(scope: Scope, accept: bytes = b"application/json", query: bytes | None = None) -> Scope:
    """A copy of `scope` as a plain GET (no conditions, no body)."""
    dropped = {b"if-match", b"if-none-match", b"content-type", b"content-length", b"accept"}
    headers = [(k, v) for k, v in scope["headers"] if k not in dropped] + [(b"accept", accept)]
    out = {**scope, "method": "GET", "headers": headers}
    if query is not None:
        out["query_string"] = query
    return out


class ConditionalRequests:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif scope["method"] == "GET":
            await self._get(scope, receive, send)
        elif scope["method"] in WRITES and Headers(scope=scope).get("if-match"):
            await self._conditional_write(scope, receive, send)
        else:
            await self.app(scope, receive, self._no_store_errors(send))

    @staticmethod
    def _no_store_errors(send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] >= 400:
                MutableHeaders(scope=message)["Cache-Control"] = "no-store"
            await send(message)

        return wrapped

    async def _get(self, scope: Scope, receive: Receive, send: Send) -> None:
        if_none_match = Headers(scope=scope).get("if-none-match")
        pending: Message | None = None

        async def wrapped(message: Message) -> None:
            nonlocal pending
            if message["type"] == "http.response.start":
                pending = message  # held back until the body shows whether it comes in one piece
                return
            if pending is None:
                await send(message)
                return
            start, pending = pending, None
            headers = MutableHeaders(scope=start)
            if start["status"] >= 400:
                headers["Cache-Control"] = "no-store"
            elif start["status"] == 200 and not message.get("more_body", False):
                tag = etag_of(message.get("body", b""))
                headers["ETag"] = tag
                headers.setdefault("Cache-Control", "no-cache")
                if if_none_match and _matches(if_none_match, tag):
                    await send(_not_modified(start))
                    await send({"type": "http.response.body", "body": b""})
                    return
            await send(start)
            await send(message)

        await self.app(scope, receive, wrapped)

    async def _conditional_write(self, scope: Scope, receive: Receive, send: Send) -> None:
        tags = parse_tags(Headers(scope=scope)["if-match"])
        if "*" in tags or all(t.strip('"').isdigit() for t in tags):
            await self.app(scope, receive, self._no_store_errors(send))  # the route checks the version
            return
        status, _, body = await fetch(self.app, internal_get(scope, query=b""))
        if status == 200:
            if etag_of(body) not in tags:
                response = problem_response(
                    Request(scope), 412, "Precondition Failed",
                    "The resource changed since you read it (its ETag is no longer the one in "
                    "If-Match); GET it again, reapply your change and retry.",
                    "precondition-failed", headers={"Cache-Control": "no-store", "ETag": etag_of(body)},
                )
                await response(scope, receive, send)
                return
            version = _version(body)
            scope[VERIFIED_VERSION] = version if version is not None else "verified"
        await self.app(scope, receive, self._no_store_errors(send))


def _version(body: bytes) -> int | None:
    try:
        version = orjson.loads(body).get("version")
    except (orjson.JSONDecodeError, AttributeError):
        return None
    return version if isinstance(version, int) else None


def _matches(header: str, tag: str) -> bool:
    tags = parse_tags(header)
    return "*" in tags or tag in tags


def _not_modified(start: Message) -> Message:
    kept = [(k, v) for k, v in start["headers"] if k not in (b"content-length", b"content-type")]
    return {"type": "http.response.start", "status": 304, "headers": kept}
