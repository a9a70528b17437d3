"""The change log: one row per create, update, delete or restore of a resource, in commit order."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, utcnow

CHANGE_KINDS = ("article", "person", "organization", "place", "event")
CHANGE_OPS = ("create", "update", "delete", "restore")


class Change(SQLModel, table=True):
    """`id` is the feed order: ids are assigned at commit, one writer at a time (see
    app.changelog), so a larger id never commits before a smaller one."""

    __tablename__ = "change"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('article', 'person', 'organization', 'place', 'event')", name="kind"
        ),
        CheckConstraint("op IN ('create', 'update', 'delete', 'restore')", name="op"),
        Index("ix_change_kind_entity_id_id", "kind", "entity_id", "id"),  # one resource's history
        {"sqlite_autoincrement": True},  # ids never reused, so a cursor never goes back
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    kind: str = Field(max_length=20)
    entity_id: int
    ref: str = Field(max_length=200)  # the slug at the time
    version: int  # the row's version after the change (a delete: its last version)
    op: str = Field(max_length=10)
    actor: str | None = Field(default=None, max_length=200)  # the API key's name, when known
    before: dict[str, Any] | None = Field(default=None, sa_column=Column("before", JSON))
