"""Dependencies and parameters the routers share."""

from typing import Annotated, Any

import fastapi.dependencies.utils
import fastapi.routing
from fastapi import Depends, Path, Query, Request
from sqlmodel import Session

from app.api.negotiation import CSV, FORMAT
from app.db import READS_ON_LOOP, get_session, run_sync
from app.kinds import ENTITY_KINDS
from app.pagination import Page, PageParams, page_params
from app.schemas.common import UPDATED_SINCE_HELP, Timestamp


def hop_only_when_needed() -> None:
    """FastAPI runs sync endpoints, sync dependencies and response validation through
    `run_in_threadpool`; route those through `app.db.run_sync`, which keeps a SQLite read on the
    loop and sends everything else to the pool as before (idempotent)."""
    fastapi.routing.run_in_threadpool = run_sync
    fastapi.dependencies.utils.run_in_threadpool = run_sync


# A list page with one of these does more than read a page: ranks a search, counts facets or the
# whole list.
HEAVY_LIST_PARAMETERS = ("q", "facets", "count")


def quick_read(request: Request) -> bool:
    """Whether a SQLite read is bounded and small enough to run on the event loop
    (`app.db.INLINE`): one resource by its ref, or one keyset page of a list that neither searches,
    counts facets nor counts the list, and is not a CSV download (which follows every page)."""
    route = request.scope.get("route")
    if getattr(route, "path", "").endswith("/{ref}"):
        return True
    model = getattr(route, "response_model", None)
    return (isinstance(model, type) and issubclass(model, Page)
            and request.scope.get(FORMAT) != CSV
            and not any(name in request.query_params for name in HEAVY_LIST_PARAMETERS))


def run_quick_reads_on_loop(app: Any) -> None:
    """Tell `app.db.get_session` which SQLite reads to run on the event loop."""
    setattr(app.state, READS_ON_LOOP, quick_read)


SessionDep = Annotated[Session, Depends(get_session)]
PageDep = Annotated[PageParams, Depends(page_params)]


def ref_path(what: str, example: str) -> object:
    return Path(
        min_length=1,
        max_length=200,
        description=f"The {what}'s numeric id or its slug.",
        examples=[example],
    )


# seed slugs for the docs (the entity kinds carry theirs: `EntityKind.example`)
REF_EXAMPLES = {"articles": "kellogg-lukashenko-talks-minsk-newsweek",
                "events": "kellogg-lukashenko-talks-minsk",
                **{kind.collection: kind.example for kind in ENTITY_KINDS}}
ArticleRefPath = Annotated[str, ref_path("article", REF_EXAMPLES["articles"])]
EventRefPath = Annotated[str, ref_path("event", REF_EXAMPLES["events"])]

UpdatedSince = Annotated[Timestamp | None, Query(description=UPDATED_SINCE_HELP)]
