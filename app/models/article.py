from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from app.models.base import EARLIEST_TIME_SQL, UTCDateTime, unknown_first, utcnow


class Article(SQLModel, table=True):
    __tablename__ = "article"
    __table_args__ = (
        Index("ix_article_published_at_id", "published_at", "id"),  # published_from/to
        # lists newest first, all or of one outlet (unknown dates last)
        Index("ix_article_published_order", unknown_first("published_at", EARLIEST_TIME_SQL), "id"),
        Index("ix_article_outlet_published_order", "outlet",
              unknown_first("published_at", EARLIEST_TIME_SQL), "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200, unique=True)
    title: str = Field(sa_column=Column(Text, nullable=False))
    lead: str = Field(default="", sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    language: str = Field(default="uk", max_length=8, index=True)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outlet: str | None = Field(default=None, max_length=200)
    original_source: str | None = Field(default=None, max_length=200)
    # ids of the organizations `outlet` and `original_source` name (kind `media` when ingest
    # created them); no foreign key (see migration 0006media): deleting one nulls them
    outlet_id: int | None = Field(default=None, index=True)
    original_source_id: int | None = Field(default=None, index=True)
    url: str | None = Field(default=None, max_length=2000)
    content_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, nullable=False)
