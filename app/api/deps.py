"""Dependencies and parameters the routers share."""

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request
from sqlmodel import Session

from app.api.conditional import VERIFIED_VERSION
from app.db import get_session
from app.pagination import PageParams, page_params

SessionDep = Annotated[Session, Depends(get_session)]
PageDep = Annotated[PageParams, Depends(page_params)]


def ref_path(what: str, example: str) -> object:
    return Path(
        min_length=1,
        max_length=200,
        description=f"The {what}'s numeric id or its slug.",
        examples=[example],
    )


PersonRef = Annotated[str, ref_path("person", "keith-kellogg")]
ArticleRef = Annotated[str, ref_path("article", "kellogg-lukashenko-talks-minsk-newsweek")]
EventRef = Annotated[str, ref_path("event", "kellogg-lukashenko-talks-minsk")]
OrganizationRef = Annotated[str, ref_path("organization", "belta")]
PlaceRef = Annotated[str, ref_path("place", "minsk")]


async def if_match_version(  # async: pure parsing, no trip to the thread pool
    request: Request,
    if_match: Annotated[
        str | None,
        Header(description="Only apply the change if the resource still has this ETag (the one its "
               "GET returned); a stale tag is a 412 problem. A bare version (`\"3\"`) also works."),
    ] = None,
) -> int | None:
    """The version the change must find: the one of the representation whose ETag matched
    (`app.api.conditional` verified it), or the one `If-Match: "3"` names; None when absent or `*`."""
    verified = request.scope.get(VERIFIED_VERSION)
    if verified is not None:
        return verified if isinstance(verified, int) else None
    if if_match is None or if_match.strip() == "*":
        return None
    tag = if_match.split(",")[0].strip().removeprefix("W/").strip('"')
    return int(tag) if tag.isdigit() else -1


IfMatch = Annotated[int | None, Depends(if_match_version)]

UpdatedSince = Annotated[datetime | None, Query(
    description="Only rows created or changed at or after this time (ISO 8601, UTC), for polling; "
    "deletions are in `GET /v1/changes`.",
)]
