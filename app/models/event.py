from datetime import date, datetime
from typing import Literal

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import EARLIEST_DATE_SQL, ONE_ENTITY_SQL, UTCDateTime, unknown_first, utcnow

# The vocabularies, once: request and response schemas (and the seed) use these types.
EventType = Literal[
    "meeting", "visit", "negotiation", "statement", "election", "protest", "sanction",
    "diplomatic_relations", "agreement", "prisoner_release", "military_support", "other",
]
EventStatus = Literal["held", "announced", "cancelled"]
Role = Literal["host", "guest", "envoy", "mediator", "participant", "subject"]


class Event(SQLModel, table=True):
    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_date_start_id", "date_start", "id"),  # date_from/to
        # timelines: grouped by date and precision, filtered by where held, off the index alone
        Index("ix_event_timeline", "date_start", "date_precision", "place_id", "id"),
        # lists latest first, all or of one type (unknown dates last)
        Index("ix_event_date_order", unknown_first("date_start", EARLIEST_DATE_SQL), "id"),
        Index("ix_event_type_date_order", "type", unknown_first("date_start", EARLIEST_DATE_SQL), "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200, unique=True)
    title: str = Field(max_length=500)
    type: str = Field(max_length=40)
    cameo_code: str | None = Field(default=None, max_length=8)
    date_start: date | None = None
    date_end: date | None = None
    date_precision: str = Field(default="unknown", max_length=10)
    place_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("place.id", ondelete="RESTRICT"), index=True),
    )
    status: str = Field(default="held", max_length=20)
    format: str | None = Field(default=None, max_length=100)
    summary: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, nullable=False)


class EventParticipant(SQLModel, table=True):
    __tablename__ = "event_participant"
    __table_args__ = (
        CheckConstraint(
            ONE_ENTITY_SQL,
            name="one_entity",
        ),
        # who takes part (graph, relations, filters): each read off an index alone
        Index("ix_event_participant_person_event", "person_id", "event_id"),
        Index("ix_event_participant_organization_event", "organization_id", "event_id"),
        Index("ix_event_participant_place_event", "place_id", "event_id"),
        Index("ix_event_participant_event_entities", "event_id", "person_id", "organization_id", "place_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False)
    )
    person_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id", ondelete="RESTRICT"))
    )
    organization_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("organization.id", ondelete="RESTRICT"))
    )
    place_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("place.id", ondelete="RESTRICT"))
    )
    role: str = Field(default="participant", max_length=20)


class EventSource(SQLModel, table=True):
    __tablename__ = "event_source"
    __table_args__ = (
        UniqueConstraint("event_id", "article_id", "start"),
        Index("ix_event_source_article_event", "article_id", "event_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False)
    )
    start: int
    end: int
    quote: str = Field(sa_column=Column(Text, nullable=False))
