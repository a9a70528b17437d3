"""/v1/candidates: people ingest found that are not known yet; accept or reject them."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from app.api.deps import PageDep, SessionDep, UpdatedSince
from app.api.representations import Listing
from app.errors import problem_responses
from app.pagination import Page
from app.schemas.candidate import CandidatePublic, CandidateStatus
from app.schemas.person import PersonPublic
from app.services import candidates as service
from app.services.persons import present_persons

router = APIRouter(prefix="/v1/candidates", tags=["candidates"])
CandidateId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The candidate's id.", examples=[1])]


@router.get(
    "",
    operation_id="listCandidates",
    summary="List proposed people",
    description="People that ingested documents name (first name + surname, any case) and that "
    "no known person matches, grouped by their nominative name, with the mentions that support "
    "them. Keyset-paginated.",
    response_model=Page[CandidatePublic],
    responses=problem_responses(400, 422),
)
def list_candidates(
    rep: Listing,
    page: PageDep,
    status: Annotated[CandidateStatus, Query(description="Which candidates to list.")] = "pending",
    sort: Annotated[str, Query(description="id, name or created_at; `-` for descending.",
                               pattern=service.LISTING.sort_pattern)] = "id",
    updated_since: UpdatedSince = None,
):
    filters = service.CandidateFilters(status=status, updated_since=updated_since)
    return rep.pages(
        page, lambda params: service.list_candidates(rep.session, filters, sort, params),
        lambda rows: service.present_candidates(rep.session, rows), CandidatePublic,
    )


@router.get(
    "/{candidate_id}",
    operation_id="getCandidate",
    summary="Get a proposed person",
    response_model=CandidatePublic,
    responses=problem_responses(404, 422),
)
def get_candidate(candidate_id: CandidateId, session: SessionDep):
    return service.present_candidates(session, [service.get_candidate(session, candidate_id)])[0]


@router.post(
    "/{candidate_id}/accept",
    operation_id="acceptCandidate",
    summary="Accept a proposed person",
    description="Creates the person (nominative name, official transliteration as an alias) — or "
    "reuses a person of exactly that name — and links its mentions in every article.",
    response_model=PersonPublic,
    responses=problem_responses(404, 409, 422),
)
def accept_candidate(candidate_id: CandidateId, session: SessionDep, response: Response):
    person = service.accept_candidate(session, service.get_candidate(session, candidate_id))
    session.commit()
    response.headers["Location"] = f"/v1/persons/{person.id}"
    return present_persons(session, [person])[0]


@router.post(
    "/{candidate_id}/reject",
    operation_id="rejectCandidate",
    summary="Reject a proposed person",
    description="Dismisses the name: it is not proposed again by later documents.",
    response_model=CandidatePublic,
    responses=problem_responses(404, 409, 422),
)
def reject_candidate(candidate_id: CandidateId, session: SessionDep):
    candidate = service.reject_candidate(session, service.get_candidate(session, candidate_id))
    session.commit()
    return service.present_candidates(session, [candidate])[0]
