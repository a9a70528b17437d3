"""/v1/documents: ingest a plain-text news document."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from pydantic import AwareDatetime

from app.api.deps import SessionDep
from app.config import get_settings
from app.errors import PayloadTooLarge, UnsupportedMediaType, problem_responses
from app.schemas.document import DocumentIngested
from app.services import articles, candidates
from app.services.ingestion import DocumentMeta, decode_document, ingest_document

router = APIRouter(prefix="/v1/documents", tags=["documents"])


async def document_text(request: Request) -> str:
    """The body as text, read with a cap (Content-Length is not trusted)."""
    media_type, _, params = request.headers.get("content-type", "").partition(";")
    charset = ""
    if "charset=" in params.lower():
        charset = params.strip().lower().removeprefix("charset=").strip('"')
    if media_type.strip().lower() != "text/plain" or charset not in ("", "utf-8", "utf8"):
        raise UnsupportedMediaType(
            "Send the document as `Content-Type: text/plain; charset=utf-8`, its title on the first line."
        )
    limit = get_settings().max_document_bytes
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(
                f"The document is larger than {limit} bytes; split it or raise MAX_DOCUMENT_BYTES."
            )
        chunks.append(chunk)
    return decode_document(b"".join(chunks))


@router.post(
    "",
    operation_id="ingestDocument",
    summary="Ingest a plain-text document",
    description="Parses a UTF-8 news document (title on the first line, the lead its first paragraph), "
    "stores it as an article, links every known person, organization and place it names, and "
    "proposes the unknown people it names as candidates (`/v1/candidates`). The same text again "
    "(whitespace and apostrophe spelling aside) returns the existing article with 200.",
    status_code=status.HTTP_201_CREATED,
    response_model=DocumentIngested,
    responses={
        200: {"description": "The same text was ingested before: the existing article.",
              "model": DocumentIngested},
        **problem_responses(400, 409, 413, 415, 422),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/plain; charset=utf-8": {
                # Its example, the seed document, is read when the OpenAPI schema is first built
                # (app.api.openapi), not when this module is imported.
                "schema": {"type": "string"},
            }},
        }
    },
)
def ingest(
    text: Annotated[str, Depends(document_text)],
    session: SessionDep,
    response: Response,
    published_at: Annotated[AwareDatetime | None, Query(description="When the outlet published it.")] = None,
    url: Annotated[str | None, Query(max_length=2000)] = None,
    outlet: Annotated[str | None, Query(max_length=200, description="Overrides the attribution line.",
                                        examples=["NewsWeek"])] = None,
    language: Annotated[str, Query(pattern=r"^[a-z]{2}$", examples=["uk"])] = "uk",
):
    result = ingest_document(session, text, DocumentMeta(published_at, url, outlet, language))
    session.commit()
    if not result.created:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/v1/articles/{result.article.id}"
    return DocumentIngested(
        created=result.created,
        article=result.article,
        mentions=articles.article_mentions(session, result.article),
        candidates=candidates.present_candidates(session, result.candidates),
    )
