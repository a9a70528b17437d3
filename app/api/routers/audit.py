"""The audit log (admin), each resource's history, and restoring a deleted resource.

`/v1/{collection}/{ref}/history` and `/v1/{collection}/{ref}/restore` exist for articles,
persons, organizations, places and events alike, so they are made here in one loop rather
than in each resource's router.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.api.deps import REF_EXAMPLES, SessionDep, ref_path
from app.api.representations import Listing
from app.errors import problem_responses
from app.schemas.audit import AuditEntry, AuditPage, HistoryEntry, Restored
from app.schemas.change import ChangeKind, ChangeOp
from app.services import history as service
from app.services.history import COLLECTIONS

router = APIRouter()


def _entry(change, with_resource: bool = False):
    fields = {"seq": change.id, "at": change.at, "op": change.op, "ref": change.ref,
              "version": change.version, "actor": change.actor, "before": change.before}
    if with_resource:
        return AuditEntry(**fields, kind=change.kind, id=change.entity_id)
    return HistoryEntry(**fields)


@router.get(
    "/v1/audit",
    tags=["audit"],
    operation_id="listAudit",
    summary="The audit log",
    description="Every change to articles, persons, organizations, places and events, newest "
    "first: who (the API key's name), when, what, and the row as it was before. Filter by "
    "`actor`, `kind` or `op`; page with `before=` (the `next_before` of the previous page).",
    response_model=AuditPage,
    responses=problem_responses(422),
)
def list_audit(
    session: SessionDep,
    actor: Annotated[str | None, Query(max_length=100, description="An API key's name "
                                       "(`newsroom-importer`).")] = None,
    kind: Annotated[ChangeKind | None, Query(description="Only this kind of resource.")] = None,
    op: Annotated[ChangeOp | None, Query(description="Only this operation.")] = None,
    before: Annotated[int | None, Query(ge=1, le=2**63 - 1,
                                        description="Entries older than this `seq`.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
):
    rows, next_before = service.audit(session, actor=actor, kind=kind, op=op, before=before, limit=limit)
    return AuditPage(items=[_entry(c, with_resource=True) for c in rows], next_before=next_before)


def _add_routes(collection: str, kind: str) -> None:
    Ref = Annotated[str, ref_path(kind, REF_EXAMPLES[collection])]  # noqa: N806
    title = kind.capitalize()

    def get_history(ref: Ref, rep: Listing, limit: Annotated[int, Query(ge=1, le=1000)] = 100):
        return rep.listing([_entry(c) for c in service.history(rep.session, kind, ref, limit)], HistoryEntry)

    def restore(ref: Ref, session: SessionDep, response: Response) -> Restored:
        resource, links, skipped = service.restore(session, kind, ref)
        session.commit()
        response.headers["Location"] = f"/v1/{collection}/{resource.id}"
        return Restored(kind=kind, id=resource.id, ref=resource.slug, version=resource.version,
                        links=links, skipped_links=skipped)

    router.add_api_route(
        f"/v1/{collection}/{{ref}}/history", get_history, methods=["GET"], tags=[collection],
        operation_id=f"get{title}History", summary=f"A {kind}'s history",
        description=f"Every change of the {kind}, newest first, with who made it and what it "
        "replaced; a deleted one's too (by its last slug or id).",
        response_model=list[HistoryEntry], responses=problem_responses(404, 422),
    )
    router.add_api_route(
        f"/v1/{collection}/{{ref}}/restore", restore, methods=["POST"], tags=[collection],
        operation_id=f"restore{title}", summary=f"Restore a deleted {kind}",
        description=f"Brings a deleted {kind} back as it was (id, slug, version) with its links "
        "(aliases, offices, mentions, participants, sources), from its history; links to "
        "resources deleted too are left out and counted. 409 when it is not deleted or its "
        "slug is taken.",
        status_code=201, response_model=Restored, responses=problem_responses(404, 409),
    )


for _collection, _kind in COLLECTIONS.items():
    _add_routes(_collection, _kind)
