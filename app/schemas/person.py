from datetime import datetime

from pydantic import BaseModel, Field

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
    PartialDateStr,
    RequestModel,
    RowId,
    Slug,
)
from app.text.dates import Precision, render_partial_date


class OfficeIn(RequestModel):
    title: str = Field(min_length=1, max_length=500,
                       examples=["спеціальний представник президента США з питань України"])
    organization_id: RowId | None = None
    country: CountryCode | None = Field(default=None, examples=["US"])
    start: PartialDateStr | None = None
    end: PartialDateStr | None = None


class OfficePublic(ORMModel):
    title: str = Field(examples=["спеціальний представник президента США з питань України"])
    organization_id: int | None
    country: str | None = Field(examples=["US"])
    start: str | None = Field(description="As precise as the source: `2020`, `2020-08`, `2020-08-09`.")
    start_precision: Precision
    end: str | None
    end_precision: Precision

    @classmethod
    def of(cls, office) -> "OfficePublic":
        return cls(
            title=office.title, organization_id=office.organization_id, country=office.country,
            start=render_partial_date(office.start_date, office.start_precision),
            start_precision=office.start_precision,
            end=render_partial_date(office.end_date, office.end_precision),
            end_precision=office.end_precision,
        )


class PersonCreate(RequestModel):
    name: Name = Field(description="Nominative, as the text's language writes it.", examples=["Кіт Келлог"])
    name_en: OtherName | None = Field(default=None, examples=["Keith Kellogg"])
    given_name: str | None = Field(default=None, max_length=200, examples=["Кіт"])
    family_name: str | None = Field(default=None, max_length=200, examples=["Келлог"])
    description: str | None = Field(default=None, max_length=5000)
    country: CountryCode | None = Field(default=None, description="ISO 3166-1 alpha-2.", examples=["US"])
    slug: Slug | None = Field(default=None, description="Defaults to the English or transliterated name.")
    aliases: list[AliasIn] = Field(default_factory=list, max_length=100)
    offices: list[OfficeIn] = Field(default_factory=list, max_length=100)


class PersonUpdate(RequestModel):
    name: Name | None = None
    name_en: OtherName | None = Field(default=None)
    given_name: str | None = Field(default=None, max_length=200)
    family_name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    country: CountryCode | None = None
    slug: Slug | None = None
    aliases: list[AliasIn] | None = Field(
        default=None, max_length=100, description="Replaces the aliases you manage (kind≠transliteration).",
    )
    offices: list[OfficeIn] | None = Field(default=None, max_length=100, description="Replaces all offices.")


class PersonPublic(ORMModel):
    id: int = Field(examples=[1])
    slug: str = Field(examples=["keith-kellogg"])
    name: str = Field(examples=["Кіт Келлог"])
    name_en: str | None = Field(examples=["Keith Kellogg"])
    given_name: str | None = Field(examples=["Кіт"])
    family_name: str | None = Field(examples=["Келлог"])
    description: str | None
    country: str | None = Field(examples=["US"])
    aliases: list[AliasPublic] = []
    offices: list[OfficePublic] = []
    created_at: datetime
    updated_at: datetime
    version: int = Field(examples=[1])


class ConnectionPublic(BaseModel):
    person: "PersonRef"
    shared_events: int = Field(examples=[1])
    shared_articles: int = Field(examples=[1])


class PersonRef(ORMModel):
    id: int = Field(examples=[2])
    slug: str = Field(examples=["alexander-lukashenko"])
    name: str = Field(examples=["Олександр Лукашенко"])
    name_en: str | None = Field(examples=["Alexander Lukashenko"])


ConnectionPublic.model_rebuild()


class PersonFilters(NamedFilters):
    """`GET /v1/persons`: by name and country, or who held an office at a date
    (`app.services.offices`)."""

    country: CountryFilter = Field(default=None, examples=["US"])
    q: NameQuery = Field(default=None, examples=["Келлогові"])
    office: str | None = Field(default=None, max_length=200, examples=["державний секретар"],
                               description="Holding an office whose title contains this (any case).")
    at: PartialDateStr | None = Field(default=None, description="Holding it (or any office) at this date: "
                                      "`2020`, `2020-08`, `2020-08-09`.")
