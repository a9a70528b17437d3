"""Domain errors and their RFC 9457 problem+json rendering."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("dipnews")

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://dipnews.example/problems/"


class ProblemError(BaseModel):
    """One invalid input: where it is and what is wrong with it."""

    loc: list[str | int] = Field(examples=[["query", "limit"]])
    msg: str = Field(examples=["Input should be less than or equal to 100"])
    type: str = Field(examples=["less_than_equal"])


class Problem(BaseModel):
    """RFC 9457 problem details, returned for every 4xx and 5xx response."""

    type: str = Field(examples=[TYPE_BASE + "not-found"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["No person with id or slug 'keith-kellog'."])
    instance: str | None = Field(default=None, examples=["/v1/persons/keith-kellog"])
    request_id: str | None = Field(
        default=None, description="The request's X-Request-ID: quote it when reporting a problem.",
        examples=["5f0c6a9e2b7d4c1f8e3a9b0d6c2e4f71"])
    errors: list[ProblemError] | None = None


class AppError(Exception):
    status = 500
    title = "Internal Server Error"
    slug = "internal"

    def __init__(self, detail: str, *, errors: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers


class BadRequest(AppError):
    status, title, slug = 400, "Bad Request", "bad-request"


class NotFound(AppError):
    status, title, slug = 404, "Not Found", "not-found"


class Unauthorized(AppError):
    status, title, slug = 401, "Unauthorized", "unauthorized"


class Forbidden(AppError):
    status, title, slug = 403, "Forbidden", "forbidden"


class Conflict(AppError):
    status, title, slug = 409, "Conflict", "conflict"


class NotAcceptable(AppError):
    status, title, slug = 406, "Not Acceptable", "not-acceptable"


class PreconditionFailed(AppError):
    status, title, slug = 412, "Precondition Failed", "precondition-failed"


class PayloadTooLarge(AppError):
    status, title, slug = 413, "Content Too Large", "payload-too-large"


class UnsupportedMediaType(AppError):
    status, title, slug = 415, "Unsupported Media Type", "unsupported-media-type"


class Unprocessable(AppError):
    status, title, slug = 422, "Unprocessable Content", "validation"


class TooManyRequests(AppError):
    status, title, slug = 429, "Too Many Requests", "rate-limited"


class ServiceUnavailable(AppError):
    status, title, slug = 503, "Service Unavailable", "unavailable"


REQUEST_ID = "dipnews.request_id"  # where app.api.middleware keeps the request's id in the scope


def problem_body(scope: Any, status: int, title: str, detail: str, slug: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": scope.get("path"),
    }
    if scope.get(REQUEST_ID):
        body["request_id"] = scope[REQUEST_ID]
    return body


def problem_response(
    request: Request,
    status: int,
    title: str,
    detail: str,
    slug: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = problem_body(request.scope, status, title, detail, slug)
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": [str(p) if not isinstance(p, int) else p for p in e.get("loc", ())],
         "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]


HTTP_SLUGS = {404: "not-found", 405: "method-not-allowed", 406: "not-acceptable"}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError):
        return problem_response(request, exc.status, exc.title, exc.detail, exc.slug, exc.errors,
                                headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        errors = _validation_errors(exc)
        if any(e["type"] == "json_invalid" for e in errors):
            return problem_response(
                request, 400, "Bad Request",
                f"The body is not valid JSON: {errors[0]['msg']}.", "malformed-json", errors,
            )
        where = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors[:5])
        return problem_response(
            request, 422, "Unprocessable Content", f"Invalid request: {where}", "validation", errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        from http import HTTPStatus

        title = HTTPStatus(exc.status_code).phrase
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else None
        if exc.status_code == 404 and detail is None:
            detail = f"No route matches {request.method} {request.url.path}."
        if exc.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path}."
        return problem_response(
            request, exc.status_code, title, detail or title,
            HTTP_SLUGS.get(exc.status_code, str(exc.status_code)),
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError):
        log.info("integrity error on %s: %s", request.url.path, exc.orig)
        return problem_response(
            request, 409, "Conflict",
            "The change conflicts with existing data (a duplicate or a missing reference).",
            "conflict",
        )

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError):
        log.info("data error on %s: %s", request.url.path, exc.orig)
        return problem_response(
            request, 422, "Unprocessable Content",
            "A value is out of range or holds characters the database cannot store (such as NUL).",
            "validation",
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)  # every pooled connection busy for pool_timeout
    async def _db_down(request: Request, exc: DBAPIError | PoolTimeout):
        log.error("database error on %s: %s", request.url.path, exc)
        return problem_response(
            request, 503, "Service Unavailable",
            "The database is unreachable or busy; retry shortly.", "unavailable",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(
            request, 500, "Internal Server Error",
            "An unexpected error occurred; it has been logged.", "internal",
        )


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the problems a route can return."""
    descriptions = {
        400: "Malformed request: a body that is not JSON, a bad search query, cursor, `fields` or `include`.",
        401: "No API key, or an unknown, revoked or expired one.",
        403: "The API key's scope does not allow this.",
        429: "Too many requests: wait `Retry-After` seconds.",
        404: "No such resource.",
        409: "Conflict with existing data.",
        412: "The If-Match tag is stale.",
        413: "The body is too large.",
        415: "Unsupported media type.",
        422: "Invalid body or parameters.",
        503: "Database unavailable.",
    }
    return {
        s: {"model": Problem, "description": descriptions.get(s, "Error."),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for s in statuses
    }
