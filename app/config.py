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
    cors_origins: list[str] = [
        "http://localhost:3000",
        "http://localhost:5173",
        "http://127.0.0.1:3000",
        "http://127.0.0.1:5173",
    ]
    sqlite_busy_timeout_ms: int = 30_000


@lru_cache
def get_settings() -> Settings:
    return Settings()
