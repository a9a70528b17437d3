"""/v1/changes: the change feed a client mirrors dipnews from."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import SessionDep
from app.errors import problem_responses
from app.schemas.change import ChangeFeed, ChangeKind, ChangePublic
from app.services.changes import read_changes

router = APIRouter(prefix="/v1/changes", tags=["changes"])

DESCRIPTION = """Every create, update and delete of articles, persons, organizations, places and
events, in commit order. Read from `since=0` (or without `since`) to the end, then keep polling
with the `next_since` of the last page: a change is in the feed exactly when it is committed
(it is written in the same transaction), and a change committed later always sits after one
committed earlier, so a client that follows the cursor never misses one. A delete is a
tombstone (`deleted: true`). Restores (`op: restore`) bring a deleted resource back."""


@router.get(
    "",
    operation_id="listChanges",
    summary="The change feed",
    description=DESCRIPTION,
    response_model=ChangeFeed,
    responses=problem_responses(422),
)
def list_changes(
    session: SessionDep,
    since: Annotated[int, Query(ge=0, le=2**63 - 1, description="The `next_since` of the previous "
                                "page; 0 (the default) reads from the start.", examples=[0])] = 0,
    limit: Annotated[int, Query(ge=1, le=1000, description="Changes per page (max 1000).")] = 100,
    kind: Annotated[list[ChangeKind] | None, Query(description="Only these kinds (repeatable).")] = None,
):
    rows, has_more = read_changes(session, since, limit, kind)
    items = [
        ChangePublic(seq=c.id, at=c.at, kind=c.kind, id=c.entity_id, ref=c.ref, op=c.op, version=c.version,
                     deleted=c.op == "delete")
        for c in rows
    ]
    return ChangeFeed(items=items, next_since=str(rows[-1].id if rows else since), has_more=has_more)
