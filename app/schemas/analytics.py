"""Timeline, relations, graph and vocabulary shapes."""

from typing import Literal

from pydantic import BaseModel, Field

from app.models.event import EventType, Role
from app.schemas.common import ArticleRef, EntityRef
from app.text.dates import Precision

Granularity = Literal["year", "month", "day"]
FACET_CAP = 30  # values counted per facet, at most (app.services.analytics.facets)


class TimelineEvent(BaseModel):
    id: int = Field(examples=[2])
    slug: str = Field(examples=["pompeo-visit-minsk-2020"])
    title: str = Field(examples=["Візит Майка Помпео до Мінська"])
    type: EventType = Field(examples=["visit"])
    date_start: str | None = Field(examples=["2020"])
    date_precision: Precision = Field(examples=["year"])


class TimelineBucket(BaseModel):
    period: str = Field(description="`2020`, `2020-08` or `2020-08-09`, as the granularity asks.",
                        examples=["2020"])
    count: int = Field(examples=[2])
    events: list[TimelineEvent] = Field(description="The first events of the period, earliest first.")


class ImpreciseBucket(TimelineBucket):
    precision: Literal["year", "month"] = Field(
        description="How precisely these events are dated: coarser than the granularity asked.",
        examples=["year"],
    )


class UndatedBucket(BaseModel):
    count: int = Field(examples=[3])
    events: list[TimelineEvent] = []


class Timeline(BaseModel):
    granularity: Granularity = Field(examples=["year"])
    total: int = Field(description="Every matching event: buckets, imprecise and undated.", examples=[6])
    buckets: list[TimelineBucket]
    imprecise: list[ImpreciseBucket] = Field(
        description="Events dated less precisely than the granularity (known to the year when "
        "months are asked): counted in their year (or month), never placed on its first day.",
    )
    undated: UndatedBucket


class ArticleBucket(BaseModel):
    period: str = Field(examples=["2024-01"])
    count: int = Field(examples=[12])


class ArticleUndated(BaseModel):
    count: int = Field(examples=[1])


class ArticleTimeline(BaseModel):
    granularity: Granularity = Field(examples=["month"])
    total: int = Field(examples=[1])
    buckets: list[ArticleBucket]
    undated: ArticleUndated = Field(description="Articles without a publication date.")


class RelationEventRef(TimelineEvent):
    pass


class Side(BaseModel):
    entity: EntityRef
    role: Role = Field(examples=["guest"])


class Evidence(BaseModel):
    article: ArticleRef
    quote: str = Field(examples=["США призупинили діяльність свого посольства у 2022 році."])


class RelationEvent(BaseModel):
    event: RelationEventRef
    undated: bool = Field(description="The sources give no date.", examples=[False])
    cameo_code: str | None = Field(examples=["042"])
    goldstein: float | None = Field(
        description="Goldstein (1992) score of the CAMEO code, −10 (conflict) to +10 (cooperation); "
        "null without a code.", examples=[1.9])
    a: list[Side] = Field(description="Who takes part for the first country.")
    b: list[Side] = Field(description="Who takes part for the second country.")
    evidence: list[Evidence] = Field(description="The sentences that report the event.")


class Summary(BaseModel):
    count: int = Field(examples=[3])
    scored: int = Field(description="Events with a Goldstein score.", examples=[3])
    mean_goldstein: float | None = Field(examples=[1.63])
    types: dict[str, int] = Field(examples=[{"visit": 1}])


class YearSummary(Summary):
    year: str = Field(examples=["2020"])


class RelationSummary(Summary):
    years: list[YearSummary]
    undated: Summary


class Relations(BaseModel):
    a: str = Field(description="ISO 3166-1 alpha-2 of the first country.", examples=["US"])
    b: str = Field(examples=["BY"])
    total: int = Field(examples=[3])
    truncated: bool = Field(description="More events than `limit`; the summary counts them all.",
                            examples=[False])
    summary: RelationSummary
    events: list[RelationEvent] = Field(description="Dated events by date, then the undated.")


class GraphNodeData(BaseModel):
    id: str = Field(examples=["person:1"])
    kind: Literal["person", "organization", "place"] = Field(examples=["person"])
    entity_id: int = Field(examples=[1])
    slug: str = Field(examples=["keith-kellogg"])
    name: str = Field(examples=["Кіт Келлог"])
    depth: int = Field(description="Steps from the centre (0: the centre).", examples=[0])


class GraphNode(BaseModel):
    id: str = Field(examples=["person:1"])
    data: GraphNodeData


class EventBrief(BaseModel):
    id: int = Field(examples=[1])
    slug: str = Field(examples=["kellogg-lukashenko-talks-minsk"])
    title: str = Field(examples=["Переговори Кіта Келлога з Олександром Лукашенком у Мінську"])


class GraphEdgeData(BaseModel):
    id: str = Field(examples=["person:1--person:2"])
    source: str = Field(examples=["person:1"])
    target: str = Field(examples=["person:2"])
    shared_events: int = Field(description="Events both take part in.", examples=[1])
    co_mentions: int = Field(description="Articles naming both.", examples=[1])
    weight: int = Field(description="shared_events + co_mentions.", examples=[2])
    events: list[EventBrief] = Field(description="Evidence: up to 5 shared events, latest first.")
    articles: list[ArticleRef] = Field(description="Evidence: up to 5 articles naming both, newest first.")


class GraphEdge(BaseModel):
    id: str = Field(examples=["person:1--person:2"])
    source: str = Field(examples=["person:1"])
    target: str = Field(examples=["person:2"])
    data: GraphEdgeData


class Graph(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = Field(description="More nodes were connected than `limit` allows.", examples=[False])


class VocabularyTerm(BaseModel):
    value: str = Field(examples=["visit"])
    label_uk: str = Field(examples=["візит"])
    label_en: str = Field(examples=["visit"])
    cameo_code: str | None = Field(description="The CAMEO code this value usually corresponds to; "
                                   "each event's own cameo_code decides its score.", examples=["042"])
    cameo_root: str | None = Field(examples=["04"])
    cameo_root_label: str | None = Field(examples=["Consult"])
    goldstein: float | None = Field(examples=[1.9])


class FacetValue(BaseModel):
    value: str | None = Field(description="What the matching filter takes (a slug, an outlet, a year); "
                              "null: rows without one.", examples=["keith-kellogg"])
    label: str | None = Field(examples=["Кіт Келлог"])
    count: int = Field(description="Matching rows (of the whole filtered list) with this value.",
                       examples=[1])


class Facet(BaseModel):
    values: list[FacetValue] = Field(description=f"At most {FACET_CAP} values, the most frequent first.")
    truncated: bool = Field(description="More values exist than are listed.", examples=[False])

