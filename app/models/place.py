from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, utcnow


class Place(SQLModel, table=True):
    __tablename__ = "place"
    __table_args__ = (Index("ix_place_name_id", "name", "id"),)  # lists by name, keyset by id

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200, unique=True)
    name: str = Field(max_length=300)
    name_en: str | None = Field(default=None, max_length=300)
    kind: str = Field(default="city", max_length=20, index=True)
    country_code: str | None = Field(default=None, max_length=2, index=True)
    description: str | None = Field(default=None, sa_column=Column(Text))
    # From the gazetteer (app.services.gazetteer); null where it knows no single match
    geonames_id: int | None = Field(default=None)
    latitude: float | None = Field(default=None)
    longitude: float | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=1, nullable=False)


class PlaceAlias(SQLModel, table=True):
    __tablename__ = "place_alias"
    __table_args__ = (UniqueConstraint("place_id", "alias", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    place_id: int = Field(
        sa_column=Column(Integer, ForeignKey("place.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    alias: str = Field(max_length=300, index=True)
    language: str | None = Field(default=None, max_length=8)
    kind: str = Field(default="other", max_length=20)
    source: str | None = Field(default=None, max_length=200)
