"""Dependencies and parameters the routers share."""

from typing import Annotated

import fastapi.dependencies.utils
import fastapi.routing
from fastapi import Depends, Path, Query
from sqlmodel import Session

from app.db import get_session, run_sync
from app.kinds import ENTITY_KINDS
from app.pagination import PageParams, page_params
from app.schemas.common import UPDATED_SINCE_HELP, Timestamp


def hop_only_when_needed() -> None:
    """FastAPI runs sync endpoints, sync dependencies and response validation through
    `run_in_threadpool`; route those through `app.db.run_sync`, which keeps a SQLite read on the
    loop and sends everything else to the pool as before (idempotent)."""
    fastapi.routing.run_in_threadpool = run_sync
    fastapi.dependencies.utils.run_in_threadpool = run_sync


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
