"""People proposed by ingest: names the morphology finds that no known person has."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, utcnow

CANDIDATE_STATUSES = ("pending", "accepted", "rejected")


class Candidate(SQLModel, table=True):
    """One proposed person, grouped by the normalised nominative of the name (`key`)."""

    __tablename__ = "candidate"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'accepted', 'rejected')", name="status"),
        Index("ix_candidate_status_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300, unique=True)
    name: str = Field(max_length=300)
    given_name: str = Field(max_length=200)
    family_name: str = Field(max_length=200)
    status: str = Field(default="pending", max_length=10)
    person_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"))
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class CandidateMention(SQLModel, table=True):
    """Where an article names a candidate: `article[field][start:end] == surface`."""

    __tablename__ = "candidate_mention"
    __table_args__ = (
        UniqueConstraint("candidate_id", "article_id", "field", "start"),
        CheckConstraint("field IN ('title', 'body')", name="field"),
    )

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(
        sa_column=Column(Integer, ForeignKey("candidate.id", ondelete="CASCADE"), nullable=False)
    )
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    field: str = Field(max_length=10)
    start: int
    end: int
    surface: str = Field(max_length=500)
