"""/v1/vocabularies: the values of event types and roles, labelled, with CAMEO and Goldstein."""

from fastapi import APIRouter

from app.api.representations import Listing
from app.schemas.analytics import VocabularyTerm
from app.services.analytics import vocabulary

router = APIRouter(prefix="/v1/vocabularies", tags=["vocabularies"])

SCORE_NOTE = ("`goldstein` is the Goldstein (1992) cooperation–conflict score of `cameo_code` (−10 to "
              "+10), as the GDELT Project maps it to CAMEO; null where a value has no single CAMEO "
              "counterpart (each event's own `cameo_code` then decides).")


@router.get(
    "/event-types",
    operation_id="listEventTypes",
    summary="Event types",
    description="Every value of an event's `type`, with Ukrainian and English labels, the CAMEO code "
    "it usually corresponds to and that code's root. " + SCORE_NOTE,
    response_model=list[VocabularyTerm],
)
def list_event_types(rep: Listing):
    return rep.listing(vocabulary.event_types(), VocabularyTerm)


@router.get(
    "/roles",
    operation_id="listRoles",
    summary="Participant roles",
    description="Every value of a participant's `role`, with Ukrainian and English labels and, where "
    "CAMEO names the act (hosting, visiting, mediating), its code. " + SCORE_NOTE,
    response_model=list[VocabularyTerm],
)
def list_roles(rep: Listing):
    return rep.listing(vocabulary.roles(), VocabularyTerm)
