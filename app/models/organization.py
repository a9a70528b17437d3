from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, utcnow


class Organization(SQLModel, table=True):
    __tablename__ = "organization"
    __table_args__ = (Index("ix_organization_name_id", "name", "id"),)  # lists by name, keyset by id

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200, unique=True)
    name: str = Field(max_length=300)
    name_en: str | None = Field(default=None, max_length=300)
    kind: str | None = Field(default=None, max_length=50)
    country: str | None = Field(default=None, max_length=2, index=True)
    description: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, nullable=False)


class OrganizationAlias(SQLModel, table=True):
    __tablename__ = "organization_alias"
    __table_args__ = (UniqueConstraint("organization_id", "alias", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("organization.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    alias: str = Field(max_length=300, index=True)
    language: str | None = Field(default=None, max_length=8)
    kind: str = Field(default="other", max_length=20)
    source: str | None = Field(default=None, max_length=200)
