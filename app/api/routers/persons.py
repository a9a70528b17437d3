"""/v1/persons: what persons have beyond the routes of every kind (`app.api.routers.entities`)."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import ref_path
from app.api.representations import Listing
from app.errors import problem_responses
from app.kinds import KINDS
from app.schemas.person import ConnectionPublic
from app.services import persons as service

PERSONS = KINDS["person"]
router = APIRouter(prefix=f"/v1/{PERSONS.collection}", tags=[PERSONS.collection])
PersonRefPath = Annotated[str, ref_path(PERSONS.name, PERSONS.example)]


@router.get(
    "/{ref}/connections",
    operation_id="listPersonConnections",
    summary="A person's connections",
    description="Persons who share events or articles with this one, most shared events first.",
    response_model=list[ConnectionPublic],
    responses=problem_responses(404, 422),
)
def list_person_connections(
    ref: PersonRefPath, rep: Listing,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
):
    return rep.listing(service.connections(rep.session, service.get_person(rep.session, ref), limit),
                       ConnectionPublic)
