"""The edge of every request, in one pure ASGI layer (outermost).

* **Hosts.** Absolute URLs (Link headers, JSON-LD `@id`) are built from the request's scheme
  and Host. With `PUBLIC_URL` set, the scope is rewritten to it and the Host header is never
  used; otherwise the Host must be one of `ALLOWED_HOSTS` (others: 400 problem), so nobody
  can make the API print links to their own site. Probes (`/health`, `/ready`) answer any Host.
* **Request ids.** `X-Request-ID` is kept when it is a sane token (1–128 of `A-Za-z0-9._:-`),
  else a fresh one is made; it is echoed on the response and put in every problem body.
* **Headers.** `nosniff`, a `Content-Security-Policy` (`default-src 'none'` for the API; the
  docs pages send their own), `frame-ancestors 'none'` and `X-Frame-Options`, `Referrer-Policy`,
  HSTS over https, and the rate-limit headers `app.api.security` computed.
* **Access log.** One JSON line per request on stderr (orjson, one `write`, no logging
  machinery): time, request id, key name (never the key), method, route template, path and
  query cut to 200 characters, status, duration in ms, client address, worker pid. No bodies, no headers.
"""

import itertools
import os
import re
import sys
import time
from urllib.parse import urlsplit

import orjson
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.security import ACCESS
from app.config import Settings
from app.errors import PROBLEM_JSON, REQUEST_ID, problem_body

VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
API_CSP = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
CUT = 200
PROBES = ("/health", "/ready")
STATIC = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


def _host_name(host: str) -> str:
    """`example.org:8000` → `example.org`; `[::1]:8000` → `::1`."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _stderr_fd() -> int:
    try:
        return sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return 2


class Edge:
    def __init__(self, app: ASGIApp, settings: Settings, log_fd: int | None = None) -> None:
        self.app = app
        self.public = urlsplit(settings.public_url.rstrip("/")) if settings.public_url else None
        self.allowed = {h.lower().strip("[]") for h in settings.allowed_hosts}
        self.pid = os.getpid()
        # A fresh request id is 32 hex digits: 16 random per process, then a counter (uuid4 cost
        # more than all the headers this layer writes).
        self.id_prefix = os.urandom(8).hex()
        self.counter = itertools.count(1)
        self.log_fd = (log_fd if log_fd is not None else _stderr_fd()) if settings.access_log else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = Headers(scope=scope)
        given = headers.get("x-request-id", "")
        request_id = given if VALID_REQUEST_ID.match(given) else f"{self.id_prefix}{next(self.counter):016x}"
        access: dict = {}
        scope[REQUEST_ID] = request_id
        scope[ACCESS] = access
        status = 500
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                raw = list(message.get("headers", []))
                names = {k.lower() for k, _ in raw}
                raw += [h for h in STATIC if h[0] not in names]
                if b"content-security-policy" not in names:
                    raw.append((b"content-security-policy", API_CSP))
                raw.append((b"x-request-id", request_id.encode()))
                raw += access.get("headers", ())
                if https:
                    raw.append((b"strict-transport-security", b"max-age=31536000"))
                message = {**message, "headers": raw}
            await send(message)

        try:
            refusal = self._place(scope, headers)
            https = scope.get("scheme") == "https"
            if refusal is not None:
                await self._refuse(scope, send_with_headers, refusal)
            else:
                await self.app(scope, receive, send_with_headers)
        finally:
            if self.log_fd is not None:
                self._log(self.log_fd, scope, access, request_id, status, started)

    def _place(self, scope: Scope, headers: Headers) -> str | None:
        """Point the scope at the public URL, or refuse a Host that is not ours."""
        if self.public is not None:
            scope["scheme"] = self.public.scheme
            netloc = self.public.netloc.encode()
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"host"] + [(b"host", netloc)]
            return None
        if "*" in self.allowed or scope["path"] in PROBES:
            return None
        host = headers.get("host")
        if host is None or _host_name(host.lower()) not in self.allowed:
            shown = (host or "")[:100]
            return (f"The Host {shown!r} is not one this API answers to; set PUBLIC_URL, "
                    "or add it to ALLOWED_HOSTS.")
        return None

    async def _refuse(self, scope: Scope, send: Send, detail: str) -> None:
        body = orjson.dumps(problem_body(scope, 400, "Bad Request", detail, "bad-host"))
        await send({"type": "http.response.start", "status": 400, "headers": [
            (b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": body})

    def _log(self, fd: int, scope: Scope, access: dict, request_id: str, status: int, started: float) -> None:
        route = scope.get("route")
        query = scope.get("query_string", b"")
        line = orjson.dumps({
            "time": time.time(),
            "request_id": request_id,
            "key": access.get("key"),
            "method": scope["method"],
            "route": getattr(route, "path", None),
            "path": scope["path"][:CUT],
            "query": query[:CUT].decode("utf-8", "replace") if query else None,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            "client": scope["client"][0] if scope.get("client") else None,
            "worker": self.pid,
        }, option=orjson.OPT_APPEND_NEWLINE)
        try:
            os.write(fd, line)  # one write: lines of several workers never interleave
        except OSError:
            pass
