"""Conditional requests: strong ETags, 304 and If-Match, without rendering anything twice.

* One resource's tag is built from row versions: the resource's `version`, the versions of the
  rows its representation shows (`app.services.versions`: an event's participants, place and
  quoted articles) and the variant asked for (format, `include=`, `fields=`), as
  `"<kind>-<id>-<version>-<state>-<variant>"`. The route reads it before presenting anything
  and answers `If-None-Match` with 304 (`app.api.representations`).
* Everything else answered 200 in one piece (lists, a resource with embedded lists) gets a hash
  of the exact bytes from the middleware below; `If-None-Match` with it → 304.
  `Cache-Control: no-cache` (revalidate each time, cheap with the ETag); errors `no-store`.
* PATCH/DELETE with `If-Match`: the route compares the tags with the row's current kind, id,
  version and state (any variant: a tag of the JSON-LD or of `?fields=` is as good as the
  JSON's) and answers 412 before writing when none matches; otherwise the version goes down
  to the service, which checks it again under a row lock inside the write transaction, so of
  two editors holding one tag exactly one wins. `If-Match: "3"` (a bare version) also works.
"""

import hashlib
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from sqlmodel import Session
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.resources import BY_MODEL
from app.errors import PreconditionFailed
from app.services.versions import embedded_versions

REVISION = "1"  # bump when a representation changes shape for the same rows
NOT_MODIFIED_HEADERS = {"Cache-Control": "no-cache"}


def _digest(value: Any, size: int = 6) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=size).hexdigest()


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def version_tag(kind: str, id_: int, version: int, embedded: tuple, variant: Any) -> str:
    state = _digest(embedded) if embedded else "0"
    return f'"{kind}-{id_}-{version}-{state}-{_digest((REVISION, variant))}"'


def parse_tags(header: str) -> list[str]:
    """Entity tags of an If-Match / If-None-Match header, weak prefixes dropped."""
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]


def _matches(header: str, tag: str) -> bool:
    tags = parse_tags(header)
    return "*" in tags or tag in tags


def none_match(request: Request, tag: str) -> bool:
    """Whether `If-None-Match` holds `tag` (the client's copy is current: answer 304)."""
    header = request.headers.get("if-none-match")
    return header is not None and _matches(header, tag)


@dataclass(frozen=True)
class IfMatchTags:
    tags: tuple[str, ...]

    def version_for(self, session: Session, row: Any) -> int | None:
        """The version the write must find (its service re-checks it under a lock); 412 when
        no tag is one of the row's current state; None for `*`."""
        if not self.tags or "*" in self.tags:
            return None
        bare = self.tags[0].strip('"')
        if bare.isascii() and bare.isdigit():
            return int(bare)
        resource = BY_MODEL[type(row)]
        state = embedded_versions(session, resource.name, row)
        current = version_tag(resource.name, row.id, row.version, state, None).strip('"').split("-")[:4]
        if any(tag.strip('"').split("-")[:4] == current for tag in self.tags):
            return row.version
        raise PreconditionFailed(
            f"The {resource.name} changed since you read it (its ETag is no longer the one in If-Match); "
            "GET it again, reapply your change and retry."
        )


async def if_match_tags(  # async: pure parsing, no trip to the thread pool
    if_match: Annotated[
        str | None,
        Header(description="Only apply the change if the resource still has this ETag (the one a GET "
               "returned); a stale tag is a 412 problem. A bare version (`\"3\"`) also works."),
    ] = None,
) -> IfMatchTags:
    return IfMatchTags(tuple(parse_tags(if_match or "")))


IfMatch = Annotated[IfMatchTags, Depends(if_match_tags)]


class ConditionalRequests:
    """Body-hash ETags and 304s for GETs a route did not tag; `no-store` on every error."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif scope["method"] == "GET":
            await self._get(scope, receive, send)
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
                tag = headers.get("etag") or etag_of(message.get("body", b""))
                headers["ETag"] = tag
                headers.setdefault("Cache-Control", "no-cache")
                if if_none_match and _matches(if_none_match, tag):
                    await send(_not_modified(start))
                    await send({"type": "http.response.body", "body": b""})
                    return
            await send(start)
            await send(message)

        await self.app(scope, receive, wrapped)


def _not_modified(start: Message) -> Message:
    kept = [(k, v) for k, v in start["headers"] if k not in (b"content-length", b"content-type")]
    return {"type": "http.response.start", "status": 304, "headers": kept}
