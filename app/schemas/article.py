from datetime import datetime

from pydantic import BaseModel, Field

from app.schemas.common import (
    SEED_TITLE,
    AwareTimestamp,
    EntityRef,
    LanguageCode,
    ORMModel,
    RequestModel,
    Slug,
)


class ArticleBase(RequestModel):
    language: LanguageCode = Field(default="uk", description="ISO 639-1 code.", examples=["uk"])
    published_at: AwareTimestamp | None = Field(
        default=None, description="When the outlet published it (UTC); null when unknown."
    )
    outlet: str | None = Field(default=None, max_length=200, examples=["NewsWeek"])
    original_source: str | None = Field(
        default=None, max_length=200, description="Who reported first.", examples=["Белта"]
    )
    url: str | None = Field(default=None, max_length=2000)


class ArticleCreate(ArticleBase):
    title: str = Field(min_length=1, max_length=1000, examples=[SEED_TITLE])
    body: str = Field(
        min_length=1,
        max_length=1_000_000,
        description="Everything below the title line, as published; the lead is its first paragraph.",
        examples=["У Мінську відбулася зустріч Олександра Лукашенка зі спеціальним представником "
                  "президента США з питань України Кітом Келлогом."],
    )
    lead: str | None = Field(default=None, description="Defaults to the first paragraph of body.")
    slug: Slug | None = Field(default=None, description="Defaults to the transliterated title.")


class ArticleUpdate(RequestModel):
    title: str | None = Field(default=None, min_length=1, max_length=1000)
    body: str | None = Field(default=None, min_length=1, max_length=1_000_000)
    lead: str | None = None
    slug: Slug | None = None
    language: LanguageCode | None = None
    published_at: AwareTimestamp | None = None
    outlet: str | None = Field(default=None, max_length=200)
    original_source: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2000)


class ArticleSummary(ORMModel):
    """An article in a list: everything but the body."""


    id: int = Field(examples=[1])
    slug: str = Field(examples=["kellogg-lukashenko-talks-minsk-newsweek"])
    title: str = Field(examples=[SEED_TITLE])
    lead: str
    language: str = Field(examples=["uk"])
    published_at: datetime | None = Field(examples=[None])
    outlet: str | None = Field(examples=["NewsWeek"])
    original_source: str | None = Field(examples=["Белта"])
    url: str | None
    content_hash: str
    created_at: datetime
    updated_at: datetime
    version: int = Field(examples=[1])
    snippet: str | None = Field(
        default=None, description="With `q`: the matched words as written, in <mark>, HTML-escaped.",
        examples=["…зустріч Олександра <mark>Лукашенка</mark> зі спеціальним представником…"],
    )


class ArticlePublic(ArticleSummary):
    body: str = Field(description="Everything below the title line, as published.")


class MentionPublic(BaseModel):
    id: int = Field(examples=[1])
    entity: EntityRef
    field: str = Field(examples=["title"], description="`title` or `body`.")
    start: int = Field(examples=[20], description="`article[field][start:end] == surface`.")
    end: int = Field(examples=[30])
    surface: str = Field(examples=["Кіт Келлог"], description="The name as the text writes it.")
