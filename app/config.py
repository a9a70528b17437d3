"""Settings from the environment (and an optional `.env`)."""

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./dipnews.db",
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
    )
    read_database_url: str | None = Field(
        default=None,
        description="Optional read replica; GET requests are served from it when set.",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    threadpool_size: int = Field(default=40, description="AnyIO worker threads per process.")
    db_pool_size: int | None = Field(
        default=None, description="Connections per process; defaults to the thread pool size."
    )
    max_document_bytes: int = 1_000_000
    max_json_bytes: int = Field(default=2_000_000, description="Cap on every JSON request body (413 above).")
    cors_origins: list[str] = [
        "http://localhost:3000",
        "http://localhost:5173",
        "http://127.0.0.1:3000",
        "http://127.0.0.1:5173",
    ]
    sqlite_busy_timeout_ms: int = 30_000
    sqlite_cache_kib: int = Field(default=512, ge=64, description="SQLite page cache per pooled "
                                  "connection (the operating system caches the file for them all).")
    memory_trim_seconds: float = Field(default=2.0, ge=0, description="How often freed memory is "
                                       "given back to the system, pool threads sharing two malloc "
                                       "arenas (glibc; app/memory.py). 0: neither.")

    # Access (app/api/security.py, app/api/ratelimit.py, app/api/middleware.py; SECURITY.md)
    require_read_key: bool = Field(default=False, description="Reads need a key too (scope read).")
    public_url: str | None = Field(
        default=None, description="The API's public base URL (https://api.example.org): absolute "
        "URLs in Link headers and JSON-LD are built from it and the Host header is ignored.")
    allowed_hosts: list[str] = Field(
        default=["localhost", "127.0.0.1", "::1"],
        description="Host headers answered when PUBLIC_URL is unset (others: 400); `*` allows any.")
    forwarded_allow_ips: str = Field(
        default="", description="Proxies (comma-separated IPs/CIDRs, `*`) whose X-Forwarded-* "
        "headers are trusted; none by default.")
    redis_url: str | None = Field(
        default=None, description="Rate-limit counters shared by every worker and container.")
    rate_limit_anonymous: str = Field(
        default="1000/minute", description="Per client address, for requests without a key.")
    rate_limit_key: str = Field(default="10000/minute", description="Per API key.")
    rate_limit_namespace: str = Field(default="dipnews", description="Prefix of the counters in Redis.")
    access_log: bool = Field(default=True, description="One JSON line per request on stderr.")
    sqlite_reads_on_loop: bool = Field(
        default=True,
        description="Run quick SQLite reads (one resource, or one page of a list without search, "
                    "facets or a count) on the event loop, without trips to the thread pool.",
    )
    response_cache_entries: int = Field(
        default=4096, ge=0,
        description="Anonymous GET answers kept per process, served while the data version is "
                    "unchanged (app.api.cache); 0 turns the cache off.",
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
