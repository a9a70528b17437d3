from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, utcnow


class Person(SQLModel, table=True):
    __tablename__ = "person"
    __table_args__ = (Index("ix_person_name_id", "name", "id"),)  # lists by name, keyset by id

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200, unique=True)
    name: str = Field(max_length=300)
    name_en: str | None = Field(default=None, max_length=300)
    given_name: str | None = Field(default=None, max_length=200)
    family_name: str | None = Field(default=None, max_length=200, index=True)
    description: str | None = Field(default=None, sa_column=Column(Text))
    country: str | None = Field(default=None, max_length=2, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, nullable=False)


class PersonAlias(SQLModel, table=True):
    __tablename__ = "person_alias"
    __table_args__ = (UniqueConstraint("person_id", "alias", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    alias: str = Field(max_length=300, index=True)
    language: str | None = Field(default=None, max_length=8)
    kind: str = Field(default="other", max_length=20)
    source: str | None = Field(default=None, max_length=200)


class PersonOffice(SQLModel, table=True):
    __tablename__ = "person_office"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    title: str = Field(max_length=500)
    organization_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("organization.id", ondelete="SET NULL"), index=True),
    )
    country: str | None = Field(default=None, max_length=2)
    start_date: date | None = None
    start_precision: str = Field(default="unknown", max_length=10)
    end_date: date | None = None
    end_precision: str = Field(default="unknown", max_length=10)
