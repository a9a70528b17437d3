"""Exact caching of hot reads: response bytes and ETags in the process, served only while current.

A pure ASGI layer just inside the edge (`app.api.middleware.Edge`), around CORS, conditional
requests, negotiation and the routes. It keeps the whole answer (status, headers, body) of a
`GET /v1/...` answered `200` in one piece, keyed by everything the answer depends on: path,
query, `Accept`, `Origin` (CORS headers) and the day (UTC; "current" offices follow the date).

**Exact.** Every transaction that writes bumps the `data_version` row before it commits
(`app.db.keep_data_version`). A miss reads `(token, version)` *before* building the answer and
stores it with the entry; a hit reads the row again — a query that starts after the request
arrived — and serves the entry only when it still holds that pair. A client whose write has
committed therefore never gets an answer built before it, in any worker or container: they all
read the same row. On SQLite the read is one statement on a connection of this process's own,
on the event loop (microseconds); on PostgreSQL it goes through psycopg's async connection, so
it never blocks the loop.

**What is cached.** Requests without credentials (`Authorization`, `X-API-Key`, cookies): what a
key may see is decided per key, so keyed requests always go through. Anonymous reads still
spend the caller's rate-limit budget on a hit. `If-None-Match` holding the entry's tag answers
304 without touching any row. Entries are bounded in number and bytes (least recently used go).
An app whose session dependency is overridden (the test suite's rolled-back transactions) is
served uncached: its writes are invisible to any other connection.

**Collapsed misses.** Identical requests that miss while the first of them is being built, at
the same data version, wait for it and are answered with what it stored: a hot read just after
a write (or a cold start under load) is built once, not once per connection. Whoever waits read
the version after it arrived and found the one the build started from, so no write had
committed in between: the shared answer is as current as its own would be. When the first
answer is not stored (not a 200, too large, or the request failed) each goes through the app.

**`Cache-Status`** (RFC 9211) says what happened: `dipnews; hit`, `dipnews; fwd=uri-miss` (no
entry) or `fwd=stale` (an entry from before the last write), with `; collapsed` when the
answer was another request's.
"""

import asyncio
import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.security import ACCESS
from app.db import get_read_engine, get_session
from app.errors import TooManyRequests

VERSION_SQL = "SELECT token, version FROM data_version WHERE id = 1"
PRIVATE = (b"authorization", b"x-api-key", b"cookie")
UNCACHED_PATHS = ("/v1/keys", "/v1/audit")
CACHE_STATUS = b"cache-status"
DROPPED = (b"x-request-id", b"ratelimit", b"ratelimit-policy", b"retry-after", b"date", b"server",
           CACHE_STATUS)
HIT = b"dipnews; hit"


@dataclass(slots=True)
class Entry:
    state: tuple[str, int]
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes | None
    route: Any


@dataclass(slots=True)
class Stats:
    hits: int = 0
    misses: int = 0
    not_modified: int = 0
    stored: int = 0
    collapsed: int = 0
    waiting: int = 0  # now, for another request's build


class VersionReader:
    """The database's current `(token, version)`; None when it cannot say (no row, no table).

    On PostgreSQL, requests that arrive while a read is under way wait for the next one, which
    starts once it is done and answers them all: each request still gets a version read that began
    after it arrived, and under load one round trip serves many requests instead of each queueing
    for the connection with its own."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self._raw: Any = None
        self._async: Any = None
        self._loop: Any = None
        self._next: asyncio.Future | None = None  # the read not begun yet, for who arrives now
        self._reading: Any = None  # the loop whose task is reading, while one is
        self._task: asyncio.Task | None = None
        # `engine.dispose()` (an outage, a test pointing elsewhere) drops this connection too
        event.listen(engine, "engine_disposed", self._disposed)

    def _disposed(self, _engine: Engine) -> None:
        self.close()

    async def current(self) -> tuple[str, int] | None:
        try:
            return self._sqlite() if self.sqlite else await self._postgres()
        except Exception:  # noqa: BLE001 — a version we cannot read means: do not use the cache
            self.close()
            return None

    def _sqlite(self) -> tuple[str, int] | None:
        if self._raw is None:
            # A connection of its own, not one of the pool's: the pool is sized to the requests
            # (one each), and one held here for good would leave a request waiting for it.
            # Autocommit (isolation_level None), so each read sees the last commit.
            args, kwargs = self.engine.dialect.create_connect_args(self.engine.url)
            self._raw = self.engine.dialect.connect(*args, **{**kwargs, "check_same_thread": False})
            self._raw.isolation_level = None
        rows = self._raw.execute(VERSION_SQL).fetchall()  # all: the statement ends
        row = rows[0] if rows else None
        return (row[0], row[1]) if row else None

    async def _postgres(self) -> tuple[str, int] | None:
        loop = asyncio.get_running_loop()
        if self._next is None or self._next.get_loop() is not loop:
            self._next = loop.create_future()
        if self._reading is not loop:
            self._reading = loop
            self._task = loop.create_task(self._read_in_turns())
        return await asyncio.shield(self._next)  # a request that goes away leaves the read to the others

    async def _read_in_turns(self) -> None:
        """Reads while requests wait for one; each read answers everyone who arrived before it began."""
        try:
            while (waiting := self._next) is not None:
                self._next = None
                try:
                    waiting.set_result(await self._read_postgres())
                except Exception as error:  # noqa: BLE001 — each waiting request is told
                    waiting.set_exception(error)
        finally:
            self._reading = None

    async def _read_postgres(self) -> tuple[str, int] | None:
        import psycopg

        loop = asyncio.get_running_loop()
        if self._async is None or self._async.closed or self._loop is not loop:
            url = self.engine.url.set(drivername="postgresql")
            self._async = await psycopg.AsyncConnection.connect(
                url.render_as_string(hide_password=False), autocommit=True)
            self._loop = loop
        cursor = await self._async.execute(VERSION_SQL)  # the connection serialises its queries
        row = await cursor.fetchone()
        return (row[0], row[1]) if row else None

    def close(self) -> None:
        if self._raw is not None:
            try:
                self._raw.close()
            except Exception:  # noqa: BLE001
                pass
        self._raw = None
        self._async = None


class ResponseCache:
    def __init__(self, app: ASGIApp, max_entries: int = 4096, max_bytes: int = 64 << 20,
                 max_entry_bytes: int = 1 << 20, enabled: bool = True) -> None:
        self.app = app
        self.enabled = enabled
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.size = 0
        self.stats = Stats()
        self._reader: VersionReader | None = None
        # misses being built: key -> (the version it is built at, what it stores or None)
        self.building: dict[tuple, tuple[tuple[str, int], asyncio.Future[Entry | None]]] = {}

    def reader(self) -> VersionReader:
        engine = get_read_engine()
        if self._reader is None or self._reader.engine is not engine:
            if self._reader is not None:
                self._reader.close()
            self._reader = VersionReader(engine)
        return self._reader

    def _key(self, scope: Scope) -> tuple | None:
        if not self.enabled or scope["type"] != "http" or scope["method"] != "GET":
            return None
        path = scope["path"]
        if not path.startswith("/v1/") or path.startswith(UNCACHED_PATHS):
            return None
        accept = origin = host = b""
        for name, value in scope["headers"]:
            if name in PRIVATE:
                return None
            if name == b"accept":
                accept = value
            elif name == b"origin":
                origin = value
            elif name == b"host":  # absolute links (Link, JSON-LD @id) are built from it
                host = value
        app = scope.get("app")
        if app is not None and get_session in getattr(app, "dependency_overrides", ()):
            return None
        return (path, scope.get("query_string", b""), accept, origin, scope.get("scheme"), host,
                dt.datetime.now(dt.UTC).date())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        state = await self.reader().current()
        if state is None:
            await self.app(scope, receive, send)
            return
        entry = self.entries.get(key)
        if entry is not None and entry.state == state:
            if await self._spend(scope):
                self.entries.move_to_end(key)
                await self._serve(scope, send, entry, HIT)
                return
        elif entry is not None:
            self._drop(key)
        miss = b"dipnews; fwd=stale" if entry is not None else b"dipnews; fwd=uri-miss"
        flight = self.building.get(key)
        if flight is not None and flight[0] == state and flight[1].get_loop() is asyncio.get_running_loop():
            self.stats.waiting += 1
            try:
                built = await asyncio.shield(flight[1])
            finally:
                self.stats.waiting -= 1
            if built is not None and await self._spend(scope):
                self.stats.collapsed += 1
                await self._serve(scope, send, built, miss + b"; collapsed")
                return
            self.stats.misses += 1  # the shared build kept nothing: built alone, no one waits on it
            await self._build(scope, receive, send, key, state, miss)
            return
        self.stats.misses += 1  # the first (or the first since a write): who comes next waits for it
        future: asyncio.Future[Entry | None] = asyncio.get_running_loop().create_future()
        self.building[key] = (state, future)
        stored = None
        try:
            stored = await self._build(scope, receive, send, key, state, miss)
        finally:
            if self.building.get(key, (None, None))[1] is future:
                del self.building[key]
            future.set_result(stored)

    async def _spend(self, scope: Scope) -> bool:
        """The anonymous caller's rate-limit hit, as `app.api.security.authorize` would spend it;
        False (go through the app, which answers the 429) when the budget is spent."""
        app = scope.get("app")
        limits = getattr(getattr(app, "state", None), "rate_limits", None)
        access = scope.setdefault(ACCESS, {})
        if limits is not None and "headers" not in access:
            client = scope["client"][0] if scope.get("client") else "-"
            try:
                access["headers"] = await limits.spend(f"address:{client}", False)
            except TooManyRequests:
                return False
        return True

    async def _serve(self, scope: Scope, send: Send, entry: Entry, status: bytes) -> None:
        scope["route"] = entry.route  # the access log names the route template
        if entry.etag is not None and _none_match(scope, entry.etag):
            self.stats.not_modified += 1
            kept = [(k, v) for k, v in entry.headers if k not in (b"content-length", b"content-type")]
            await send({"type": "http.response.start", "status": 304,
                        "headers": [*kept, (CACHE_STATUS, status)]})
            await send({"type": "http.response.body", "body": b""})
            return
        self.stats.hits += 1
        await send({"type": "http.response.start", "status": entry.status,
                    "headers": [*entry.headers, (CACHE_STATUS, status)]})
        await send({"type": "http.response.body", "body": entry.body})

    async def _build(self, scope: Scope, receive: Receive, send: Send, key: tuple, state: tuple,
                     status: bytes) -> Entry | None:
        """The app's answer, sent as it comes and stored when it can be; the stored entry."""
        start: Message | None = None
        cacheable = True
        stored = None

        async def keep(message: Message) -> None:
            nonlocal start, cacheable, stored
            if message["type"] == "http.response.start":
                start = message
                cacheable = message["status"] == 200
                message = {**message, "headers": [*message.get("headers", []), (CACHE_STATUS, status)]}
            elif message["type"] == "http.response.body" and cacheable and start is not None:
                body = message.get("body", b"")
                if message.get("more_body", False) or len(body) > self.max_entry_bytes:
                    cacheable = False
                else:
                    stored = self._store(scope, key, state, start, body)
                    cacheable = False  # one body message stored
            await send(message)

        await self.app(scope, receive, keep)
        return stored

    def _store(self, scope: Scope, key: tuple, state: tuple, start: Message, body: bytes) -> Entry | None:
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in DROPPED]
        if any(k.lower() == b"set-cookie" for k, _ in headers):
            return None
        etag = next((v for k, v in headers if k.lower() == b"etag"), None)
        if key in self.entries:
            self._drop(key)
        entry = self.entries[key] = Entry(state, start["status"], headers, body, etag, scope.get("route"))
        self.size += len(body)
        self.stats.stored += 1
        while self.entries and (len(self.entries) > self.max_entries or self.size > self.max_bytes):
            self._drop(next(iter(self.entries)))
        return entry

    def _drop(self, key: tuple) -> None:
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.size -= len(entry.body)


def _none_match(scope: Scope, etag: bytes) -> bool:
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            tags = [t.strip().removeprefix(b"W/") for t in value.split(b",")]
            return b"*" in tags or etag in tags
    return False
