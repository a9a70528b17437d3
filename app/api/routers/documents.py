"""/v1/documents: ingest a plain-text news document."""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from python_multipart.exceptions import MultipartParseError
from starlette.datastructures import UploadFile as StarletteUploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException

from app.api.deps import SessionDep
from app.config import get_settings
from app.db import reading, writing
from app.errors import BadRequest, PayloadTooLarge, Unprocessable, UnsupportedMediaType, problem_responses
from app.models.base import id_of
from app.schemas.common import AwareTimestamp
from app.schemas.document import DocumentIn, DocumentIngested
from app.services import articles, candidates
from app.services.ingestion import (
    DocumentMeta,
    catch_up,
    decode_document,
    prepare_document,
    store_document,
)

router = APIRouter(prefix="/v1/documents", tags=["documents"])


PLAIN, JSON, FORM = "text/plain", "application/json", "multipart/form-data"
FORM_FIELDS = ("published_at", "url", "outlet", "language")


@dataclass(frozen=True)
class Submitted:
    """A document as sent: its text, and the metadata its JSON or form fields gave (if any)."""

    text: str
    fields: dict[str, Any]


async def _read_capped(request: Request, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(
                f"The document is larger than {limit} bytes; split it or raise MAX_DOCUMENT_BYTES."
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _validation(error: ValidationError, where: str) -> RequestValidationError:
    return RequestValidationError([{**e, "loc": (where, *e["loc"])} for e in error.errors()])


async def submitted_document(request: Request) -> Submitted:
    """The document from a text/plain, JSON or multipart body, read with a cap (Content-Length is
    not trusted)."""
    media_type, _, params = request.headers.get("content-type", "").partition(";")
    media_type = media_type.strip().lower()
    charset = ""
    if "charset=" in params.lower():
        charset = params.strip().lower().split("charset=", 1)[1].split(";")[0].strip('"')
    limit = get_settings().max_document_bytes
    if media_type == PLAIN and charset in ("", "utf-8", "utf8"):
        return Submitted(decode_document(await _read_capped(request, limit)), {})
    if media_type == JSON:
        raw = await _read_capped(request, 6 * limit + 10_000)  # \uXXXX escapes: 6 bytes a character
        try:
            data = DocumentIn.model_validate_json(raw)
        except ValidationError as exc:
            if any(e["type"] == "json_invalid" for e in exc.errors()):
                raise BadRequest(f"The body is not valid JSON: {exc.errors()[0]['msg']}.") from None
            raise _validation(exc, "body") from None
        if len(data.text.encode("utf-8")) > limit:
            raise PayloadTooLarge(f"The document is larger than {limit} bytes; split it or raise "
                                  "MAX_DOCUMENT_BYTES.")
        return Submitted(decode_document(data.text.encode("utf-8")),
                         data.model_dump(exclude={"text"}, exclude_none=True))
    if media_type == FORM:
        request._body = await _read_capped(request, limit + 64_000)  # the parts' own headers
        try:
            form = await request.form(max_files=8, max_fields=64)  # parts it does not know are ignored
        except (MultiPartException, MultipartParseError, HTTPException) as exc:
            raise BadRequest(f"The multipart body cannot be read: {getattr(exc, 'message', exc)}.") from None
        upload = form.get("file")
        if not isinstance(upload, StarletteUploadFile):
            missing = [{"loc": ["body", "file"], "msg": "Field required", "type": "missing"}]
            raise Unprocessable("Send the document as the form's `file` part.", errors=missing)
        raw = await upload.read()
        if len(raw) > limit:
            raise PayloadTooLarge(f"The document is larger than {limit} bytes; split it or raise "
                                  "MAX_DOCUMENT_BYTES.")
        given = {k: v for k, v in form.items() if k in FORM_FIELDS and isinstance(v, str) and v != ""}
        try:
            meta = DocumentIn.model_validate({"text": "-", **given})
        except ValidationError as exc:
            raise _validation(exc, "body") from None
        return Submitted(decode_document(raw), meta.model_dump(exclude={"text"}, exclude_none=True))
    raise UnsupportedMediaType(
        "Send the document as `Content-Type: text/plain; charset=utf-8` (its title on the first line), "
        "as JSON (`{\"text\": ...}`) or as a `multipart/form-data` `file`."
    )


def _request_body() -> dict[str, Any]:
    """The three ways to send a document, for the OpenAPI document (examples filled in there)."""
    fields = DocumentIn.model_json_schema()["properties"]
    form_fields = {name: fields[name] for name in FORM_FIELDS}
    return {
        "required": True,
        "content": {
            "text/plain; charset=utf-8": {"schema": {"type": "string", "minLength": 1}},
            JSON: {"schema": {"$ref": "#/components/schemas/DocumentIn"}},
            FORM: {"schema": {
                "type": "object", "required": ["file"], "title": "DocumentUpload",
                "properties": {"file": {"type": "string", "format": "binary",
                                        "description": "The document: UTF-8 text, title on the first line."},
                               **form_fields},
            }},
        },
    }


@router.post(
    "",
    operation_id="ingestDocument",
    summary="Ingest a plain-text document",
    description="Parses a UTF-8 news document (title on the first line, the lead its first paragraph), "
    "stores it as an article, links every known person, organization and place it names, and "
    "proposes the unknown people it names as candidates (`/v1/candidates`). The same text again "
    "(whitespace and apostrophe spelling aside) returns the existing article with 200, also when "
    "posted concurrently. A document keeps at most 2,000 mentions of known names, 100 new people "
    "and 1,000 mentions of them; past that the rest is left out and `truncated` is true.",
    status_code=status.HTTP_201_CREATED,
    response_model=DocumentIngested,
    responses={
        200: {"description": "The same text was ingested before: the existing article.",
              "model": DocumentIngested},
        **problem_responses(400, 409, 413, 415, 422),
    },
    # Examples (the seed document) are filled in when the OpenAPI schema is first built (app.api.openapi).
    openapi_extra={"requestBody": _request_body()},
)
def ingest(
    document: Annotated[Submitted, Depends(submitted_document)],
    session: SessionDep,
    response: Response,
    published_at: Annotated[AwareTimestamp | None, Query(description="When the outlet published it.")] = None,
    url: Annotated[str | None, Query(max_length=2000)] = None,
    outlet: Annotated[str | None, Query(max_length=200, description="Overrides the attribution line.",
                                        examples=["NewsWeek"])] = None,
    language: Annotated[str, Query(pattern=r"^[a-z]{2}$", examples=["uk"])] = "uk",
):
    given = {"published_at": published_at, "url": url, "outlet": outlet, "language": language,
             **document.fields}  # the body's fields win over the query's
    text = document.text
    meta = DocumentMeta(**given)
    with reading(session):  # the analysis holds no write lock
        prepared = prepare_document(session, text, meta)
    result = store_document(session, prepared, reanalyse=False)  # the write transaction: inserts only
    article_id = id_of(result.article)
    session.commit()
    if result.created:  # names written while it was analysed: link it again, analysing outside
        catch_up(session, article_id, prepared, reading, writing)
    if not result.created:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/v1/articles/{article_id}"
    with reading(session):  # building the answer holds no write lock either
        return DocumentIngested(
            created=result.created,
            article=result.article,
            mentions=articles.article_mentions(session, result.article),
            candidates=candidates.present_candidates(session, result.candidates),
            truncated=result.truncated,
        )
