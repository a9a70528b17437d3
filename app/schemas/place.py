from datetime import datetime
from typing import Literal

from pydantic import Field

from app.schemas.common import (
    AliasIn,
    AliasPublic,
    CountryCode,
    CountryFilter,
    Name,
    NamedFilters,
    NameQuery,
    ORMModel,
    OtherName,
    RequestModel,
    Slug,
)

PlaceKind = Literal["city", "country", "region", "other"]


class PlaceCreate(RequestModel):
    name: Name = Field(examples=["Мінськ"])
    name_en: OtherName | None = Field(default=None, examples=["Minsk"])
    kind: PlaceKind = Field(default="city", examples=["city"])
    country_code: CountryCode | None = Field(
        default=None, description="ISO 3166-1 alpha-2 of the country (or the place's country).",
        examples=["BY"],
    )
    description: str | None = Field(default=None, max_length=5000)
    slug: Slug | None = None
    aliases: list[AliasIn] = Field(default_factory=list, max_length=100)


class PlaceUpdate(RequestModel):
    name: Name | None = None
    name_en: OtherName | None = Field(default=None)
    kind: PlaceKind | None = None
    country_code: CountryCode | None = None
    description: str | None = Field(default=None, max_length=5000)
    slug: Slug | None = None
    aliases: list[AliasIn] | None = Field(default=None, max_length=100)


class PlacePublic(ORMModel):
    id: int = Field(examples=[1])
    slug: str = Field(examples=["minsk"])
    name: str = Field(examples=["Мінськ"])
    name_en: str | None = Field(examples=["Minsk"])
    kind: str = Field(examples=["city"])
    country_code: str | None = Field(examples=["BY"])
    description: str | None
    geonames_id: int | None = Field(default=None, description="GeoNames id, from the gazetteer; null when "
                                    "it knows no single match.", examples=[625144])
    latitude: float | None = Field(default=None, description="WGS 84, from GeoNames; null when unknown "
                                   "(countries: GeoNames gives no point).", examples=[53.90019])
    longitude: float | None = Field(default=None, examples=[27.56653])
    aliases: list[AliasPublic] = []
    created_at: datetime
    updated_at: datetime
    version: int


class PlaceFilters(NamedFilters):
    """`GET /v1/places`: by name, kind and country."""

    country: CountryFilter = Field(default=None, examples=["BY"],
                                   description="ISO 3166-1 alpha-2 country code.")
    q: NameQuery = Field(default=None, examples=["у Мінську"])
    kind: PlaceKind | None = Field(default=None, description="city, country, region or other.")
