"""The ASGI application."""

import gc
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api.cache import ResponseCache
from app.api.conditional import ConditionalRequests
from app.api.deps import hop_only_when_needed, run_quick_reads_on_loop
from app.api.docs import install_docs
from app.api.middleware import Edge
from app.api.negotiation import ContentNegotiation
from app.api.openapi import install_openapi
from app.api.protocol import Methods
from app.api.ratelimit import RateLimits
from app.api.routers import (
    analytics,
    articles,
    audit,
    candidates,
    changes,
    documents,
    entities,
    events,
    health,
    keys,
    persons,
    search,
    vocabularies,
)
from app.api.security import authorize
from app.config import get_settings
from app.errors import install_error_handlers
from app.memory import keep_memory_low

DESCRIPTION = """
Diplomatic news, linked: **articles**, the **persons**, **organizations** and **places** they
name (in any grammatical case), and the **events** they report — meetings, visits, elections,
sanctions, embassy closures — each with the sentence that reports it.

* Every `{ref}` is a numeric id or a slug: `/v1/persons/keith-kellogg`.
* Lists are keyset-paginated: `{"items": [...], "next_cursor": "..."}`; pass `cursor=` to go on
  (or follow the `Link: rel="next"` header). `limit` is 1–100 (default 20); `count=true` adds `total`.
* Errors are RFC 9457 `application/problem+json` with a `detail` that says what to fix.
* Dates of events are as precise as the sources: `"date_start": "2020", "date_precision": "year"`;
  unknown dates are `null`. Timestamps are UTC ISO 8601.
"""

TAGS = [
    {"name": "articles", "description": "News articles and the names they mention."},
    {"name": "persons", "description": "People, with aliases (transliterations, English names) and offices."},
    {"name": "events", "description": "What happened, who took part, and which sentences report it."},
    {"name": "organizations", "description": "Agencies, outlets, embassies, governments."},
    {"name": "places", "description": "Cities and countries."},
    {"name": "documents", "description": "Ingest plain-text news documents."},
    {"name": "candidates", "description": "People ingest found that are not known yet."},
    {"name": "search", "description": "One ranked search across every kind, in any grammatical case."},
    {"name": "keys", "description": "API keys (admin scope): create, list, revoke."},
    {"name": "audit", "description": "Who changed what (admin scope); histories and restores are "
     "under each resource."},
    {"name": "analytics", "description": "Timelines, two countries' relations, who-met-whom graphs."},
    {"name": "vocabularies", "description": "Event types and roles: labels, CAMEO codes, Goldstein scores."},
    {"name": "changes", "description": "The change feed: every create, update and delete, in commit order."},
    {"name": "health", "description": "Liveness and readiness probes."},
]


@asynccontextmanager
async def lifespan(app: FastAPI):
    anyio.to_thread.current_default_thread_limiter().total_tokens = get_settings().threadpool_size
    # What is loaded by now lives as long as the process: out of the collector's sight, a full
    # collection during a request that allocates a lot (a daily timeline, a depth-2 graph) takes
    # about 2 ms instead of 50 (measured at 100,000 articles).
    gc.collect()
    gc.freeze()
    trimming = keep_memory_low(get_settings().memory_trim_seconds)
    yield
    if trimming is not None:
        trimming.set()


def create_app() -> FastAPI:
    settings = get_settings()
    hop_only_when_needed()
    app = FastAPI(
        title="dipnews",
        version="0.1.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url=None,  # served by install_docs, assets from the app instead of a CDN
        redoc_url=None,
        # API keys, scopes and rate limits for every route; a single-valued query parameter once
        dependencies=[Depends(authorize)],
    )
    app.state.rate_limits = RateLimits(settings)
    if settings.sqlite_reads_on_loop:
        run_quick_reads_on_loop(app)
    # Added first, so they run inside CORS: formats innermost, then ETags and If-Match.
    app.add_middleware(ContentNegotiation)
    app.add_middleware(ConditionalRequests)
    app.add_middleware(Methods, max_json_bytes=settings.max_json_bytes)  # HEAD, OPTIONS, Allow, 413
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["ETag", "Link", "Location", "X-Request-ID", "RateLimit", "RateLimit-Policy",
                        "Retry-After", "Cache-Status"],
    )
    app.add_middleware(ResponseCache, max_entries=settings.response_cache_entries,
                       enabled=settings.response_cache_entries > 0)  # hits skip everything inside
    app.add_middleware(Edge, settings=settings)  # outermost: hosts, request ids, headers, access log
    install_error_handlers(app)
    app.include_router(analytics.router)  # before articles: /v1/articles/timeline is no {ref}
    for module in (articles, entities, persons, events, health):  # persons: its extras
        app.include_router(module.router)
    for module in (documents, candidates):
        app.include_router(module.router)
    app.include_router(search.router)
    app.include_router(keys.router)
    app.include_router(audit.router)
    app.include_router(changes.router)
    app.include_router(vocabularies.router)
    install_docs(app)
    install_openapi(app)
    return app


app = create_app()
