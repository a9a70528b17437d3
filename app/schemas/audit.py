"""The audit log and a resource's history: who changed what, when, and what it was before."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from app.schemas.change import ChangeKind, ChangeOp


class HistoryEntry(BaseModel):
    seq: int = Field(description="Position in the change log.", examples=[42])
    at: datetime = Field(description="When the change was committed (UTC).")
    op: ChangeOp = Field(examples=["update"])
    ref: str = Field(description="The slug after the change.", examples=["keith-kellogg"])
    version: int = Field(description="The version after the change (a delete: the last one).", examples=[2])
    actor: str | None = Field(description="The name of the API key that made the change; null for "
                              "the shell (seed, ingest) and for rows older than the log.",
                              examples=["newsroom-importer"])
    before: dict[str, Any] | None = Field(
        description="What the change replaced: `row` (every column as it was); for a delete also "
        "`links` (aliases, offices, mentions, participants, sources). Null for creates and restores.",
        examples=[{"row": {"id": 1, "slug": "keith-kellogg", "description": None, "version": 1}}])


class AuditEntry(HistoryEntry):
    kind: ChangeKind = Field(examples=["person"])
    id: int = Field(description="The resource's id.", examples=[1])


class AuditPage(BaseModel):
    items: list[AuditEntry]
    next_before: int | None = Field(description="Pass as `before=` for older entries; null at the start.",
                                    examples=[None])


class Restored(BaseModel):
    kind: ChangeKind = Field(examples=["person"])
    id: int = Field(examples=[1])
    ref: str = Field(examples=["keith-kellogg"])
    version: int = Field(description="The version it had when it was deleted.", examples=[1])
    links: dict[str, int] = Field(description="Links put back, by kind.",
                                  examples=[{"aliases": 3, "offices": 1, "mentions": 4}])
    skipped_links: dict[str, int] = Field(
        description="Links left out because what they pointed at is deleted too (restore that first).",
        examples=[{}])
