"""`facets=` on the article and event lists: the parameter, and the page that carries the counts."""

from typing import Generic, TypeVar

from fastapi import Query
from pydantic import Field

from app.errors import BadRequest
from app.pagination import Page
from app.schemas.analytics import FACET_CAP, Facet

T = TypeVar("T")


class FacetedPage(Page[T], Generic[T]):
    facets: dict[str, Facet] | None = Field(
        default=None, description="With `facets=`: per facet, counts over every row the filters match "
        "(not only this page).",
        examples=[{"person": {"values": [{"value": "keith-kellogg", "label": "Кіт Келлог", "count": 1}],
                              "truncated": False}}],
    )


def facets_query(offered: tuple[str, ...], example: str):
    one = "(?:" + "|".join(offered) + ")"
    return Query(
        pattern=f"^{one}(?:,{one})*$", max_length=200, examples=[example],
        description=f"Count the whole filtered list by these (comma-separated): {', '.join(offered)}. "
        f"At most {FACET_CAP} values per facet, the most frequent first; each facet is one grouped "
        "read off an index.",
    )


def facet_names(raw: str | None, offered: tuple[str, ...]) -> list[str]:
    if not raw:
        return []
    names = list(dict.fromkeys(raw.split(",")))
    unknown = [n for n in names if n not in offered]
    if unknown:
        raise BadRequest(f"Cannot facet by {', '.join(unknown)}; use any of: {', '.join(offered)}.")
    return names

