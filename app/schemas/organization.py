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

OrganizationKind = Literal[
    "news_agency", "media", "embassy", "government", "international", "party", "other"
]


class OrganizationCreate(RequestModel):
    name: Name = Field(examples=["Белта"])
    name_en: OtherName | None = Field(default=None, examples=["BelTA"])
    kind: OrganizationKind | None = Field(default=None, examples=["news_agency"])
    country: CountryCode | None = Field(default=None, examples=["BY"])
    description: str | None = Field(default=None, max_length=5000)
    slug: Slug | None = None
    aliases: list[AliasIn] = Field(default_factory=list, max_length=100)


class OrganizationUpdate(RequestModel):
    name: Name | None = None
    name_en: OtherName | None = Field(default=None)
    kind: OrganizationKind | None = None
    country: CountryCode | None = None
    description: str | None = Field(default=None, max_length=5000)
    slug: Slug | None = None
    aliases: list[AliasIn] | None = Field(default=None, max_length=100)


class OrganizationPublic(ORMModel):
    id: int = Field(examples=[1])
    slug: str = Field(examples=["belta"])
    name: str = Field(examples=["Белта"])
    name_en: str | None = Field(examples=["BelTA"])
    kind: str | None = Field(examples=["news_agency"])
    country: str | None = Field(examples=["BY"])
    description: str | None
    aliases: list[AliasPublic] = []
    created_at: datetime
    updated_at: datetime
    version: int


class OrganizationFilters(NamedFilters):
    """`GET /v1/organizations`: by name, country and kind."""

    country: CountryFilter = Field(default=None, examples=["BY"])
    q: NameQuery = Field(default=None, examples=["Белти"])
    kind: OrganizationKind | None = None
