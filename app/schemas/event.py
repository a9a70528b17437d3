from datetime import datetime

from pydantic import BaseModel, Field, model_validator

from app.kinds import OWNER_FIELDS
from app.models.event import EventStatus, EventType, Role
from app.schemas.common import (
    ArticleRef,
    EntityRef,
    PartialDateStr,
    RequestModel,
    RowId,
    Slug,
)
from app.text.dates import Precision


class ParticipantIn(RequestModel):
    """Exactly one of person_id, organization_id, place_id (a country)."""

    person_id: RowId | None = Field(default=None, examples=[1])
    organization_id: RowId | None = None
    place_id: RowId | None = None
    role: Role = Field(default="participant", examples=["envoy"])

    @model_validator(mode="after")
    def _one_entity(self):
        if sum(getattr(self, field) is not None for field in OWNER_FIELDS) != 1:
            raise ValueError("give exactly one of person_id, organization_id, place_id")
        return self


class SourceIn(RequestModel):
    article_id: RowId = Field(examples=[1])
    quote: str = Field(min_length=1, max_length=5000,
                       description="A sentence of the article's body, verbatim; its offsets are found.")


class EventFields(RequestModel):
    date_start: PartialDateStr | None = Field(default=None, examples=["2020"])
    date_end: PartialDateStr | None = None


class EventCreate(EventFields):
    title: str = Field(min_length=1, max_length=500, examples=["Візит Майка Помпео до Мінська"])
    type: EventType = Field(examples=["visit"])
    cameo_code: str | None = Field(default=None, pattern=r"^\d{2,4}$", examples=["042"])
    place_id: RowId | None = None
    status: EventStatus = "held"
    format: str | None = Field(default=None, max_length=100, examples=["closed-door"])
    summary: str | None = Field(default=None, max_length=10_000)
    slug: Slug | None = None
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=200)
    sources: list[SourceIn] = Field(default_factory=list, max_length=200)


class EventUpdate(EventFields):
    title: str | None = Field(default=None, min_length=1, max_length=500)
    type: EventType | None = None
    cameo_code: str | None = Field(default=None, pattern=r"^\d{2,4}$")
    place_id: RowId | None = None
    status: EventStatus | None = None
    format: str | None = Field(default=None, max_length=100)
    summary: str | None = Field(default=None, max_length=10_000)
    slug: Slug | None = None
    participants: list[ParticipantIn] | None = Field(default=None, max_length=200)
    sources: list[SourceIn] | None = Field(default=None, max_length=200)


class ParticipantPublic(BaseModel):
    entity: EntityRef
    role: Role = Field(examples=["envoy"])


class SourcePublic(BaseModel):
    article: ArticleRef
    quote: str = Field(examples=["У Мінську відбулася зустріч Олександра Лукашенка зі спеціальним "
                                 "представником президента США з питань України Кітом Келлогом."])
    start: int = Field(description="`article.body[start:end] == quote`.", examples=[0])
    end: int = Field(examples=[124])


class EventPublic(BaseModel):
    id: int = Field(examples=[1])
    slug: str = Field(examples=["kellogg-lukashenko-talks-minsk"])
    title: str = Field(examples=["Переговори Кіта Келлога з Олександром Лукашенком у Мінську"])
    type: EventType = Field(examples=["negotiation"])
    cameo_code: str | None = Field(examples=["043"])
    date_start: str | None = Field(
        description="As precise as the source (`2020`, `2020-08`, `2020-08-09`); null when unknown.",
        examples=[None],
    )
    date_end: str | None = Field(examples=[None])
    date_precision: Precision = Field(examples=["unknown"])
    place: EntityRef | None = None
    status: EventStatus = Field(examples=["held"])
    format: str | None = Field(examples=["closed-door"])
    summary: str | None
    participants: list[ParticipantPublic] = []
    sources: list[SourcePublic] = []
    created_at: datetime
    updated_at: datetime
    version: int = Field(examples=[1])
    snippet: str | None = Field(
        default=None, description="With `q`: the matched words as written, in <mark>, HTML-escaped.",
        examples=["<mark>Переговори</mark> Кіта Келлога з Олександром Лукашенком у Мінську"],
    )
