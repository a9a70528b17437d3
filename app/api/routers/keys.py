"""/v1/keys: API keys over HTTP (admin scope); `dipnews keys` does the same from the shell."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from app.api.deps import SessionDep
from app.api.representations import Listing
from app.errors import problem_responses
from app.schemas.key import KeyCreate, KeyCreated, KeyPublic
from app.services import keys as service

router = APIRouter(prefix="/v1/keys", tags=["keys"])
KeyRef = Annotated[str, Path(min_length=1, max_length=100, description="The key's id or name.",
                             examples=["newsroom-importer"])]


@router.get(
    "",
    operation_id="listKeys",
    summary="List API keys",
    description="Every key, revoked and expired ones included; never the secrets.",
    response_model=list[KeyPublic],
)
def list_keys(rep: Listing):
    return rep.listing(service.list_keys(rep.session), KeyPublic)


@router.post(
    "",
    operation_id="createKey",
    summary="Create an API key",
    description="Makes a key and answers its secret once (`key`); only a hash is stored.",
    status_code=status.HTTP_201_CREATED,
    response_model=KeyCreated,
    responses=problem_responses(409, 422),
)
def create_key(data: KeyCreate, session: SessionDep, response: Response):
    key, secret = service.create_key(session, data.name, data.scope, data.expires_at)
    session.commit()
    response.headers["Location"] = f"/v1/keys/{key.id}"
    return KeyCreated(**KeyPublic.model_validate(key).model_dump(), key=secret)


@router.delete(
    "/{ref}",
    operation_id="revokeKey",
    summary="Revoke an API key",
    description="The key stops working at once; it stays listed, with `revoked_at`.",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404),
)
def revoke_key(ref: KeyRef, session: SessionDep):
    service.revoke_key(session, service.get_key(session, ref))
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
