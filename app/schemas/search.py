from typing import Literal

from pydantic import BaseModel, Field

SearchKind = Literal["article", "person", "organization", "place", "event"]


class SearchHit(BaseModel):
    """One result of the search across kinds, best first."""

    kind: SearchKind = Field(examples=["person"])
    id: int = Field(examples=[1])
    slug: str = Field(examples=["keith-kellogg"])
    title: str | None = Field(default=None, description="Articles and events.", examples=[None])
    name: str | None = Field(
        default=None, description="Persons, organizations, places.", examples=["Кіт Келлог"]
    )
    snippet: str | None = Field(
        description="The matched words as written, in <mark>, HTML-escaped.",
        examples=["<mark>Кіт</mark> <mark>Келлог</mark>"],
    )
    score: float = Field(
        description="Exact name 3–3.5, name in another case 2, document match 1.4–1.5, misspelt name ≤1.1.",
        examples=[3.5],
    )
