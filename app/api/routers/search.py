"""/v1/search: one ranked list across articles, persons, organizations, places and events."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import PageDep
from app.api.representations import Listing
from app.errors import problem_responses
from app.pagination import Page
from app.schemas.search import SearchHit
from app.search.presentation import SEARCH_HELP
from app.search.unified import KINDS
from app.services.search import search_everything

router = APIRouter(prefix="/v1/search", tags=["search"])
_KIND = r"\s*(?:" + "|".join(f"{kind}s?" for kind in KINDS) + r")\s*"
KINDS_PATTERN = f"^{_KIND}(?:,{_KIND})*$"  # what app.search.unified.parse_kinds accepts


@router.get(
    "",
    operation_id="search",
    summary="Search everything",
    description="Persons, organizations and places by any name or alias in any grammatical case "
    "(typos forgiven), and articles and events by their words, in one list, best first: a name "
    "that matches comes before the documents that mention it. " + SEARCH_HELP,
    response_model=Page[SearchHit],
    responses=problem_responses(400, 422),
)
def search(
    rep: Listing,
    page: PageDep,
    q: Annotated[str, Query(min_length=1, description="What to look for.", examples=["Келлогові"])],
    kinds: Annotated[str | None, Query(
        description="Comma-separated kinds to search: article, person, organization, place, event "
        "(default: all).", examples=["person,article"], max_length=200, pattern=KINDS_PATTERN,
    )] = None,
):
    return rep.pages(page, lambda params: search_everything(rep.session, q, kinds, params),
                     lambda hits: hits, SearchHit)
