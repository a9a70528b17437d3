"""Liveness and readiness."""

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from app.db import ReadOnlyDatabase, check_writable, primary_engine
from app.errors import ServiceUnavailable, problem_responses
from app.migrate import at_head

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str = Field(examples=["ok"])


@router.get("/health", operation_id="getHealth", summary="Liveness",
            description="The process is up. Does not touch the database.", response_model=Health)
def health():
    return JSONResponse({"status": "ok"})


@router.get(
    "/ready",
    operation_id="getReadiness",
    summary="Readiness",
    description="The database answers, takes writes, and its schema is at the latest migration; "
    "503 otherwise.",
    response_model=Health,
    responses=problem_responses(503),
)
def ready(engine: Annotated[Engine, Depends(primary_engine)]):
    try:
        current = at_head(engine)
        check_writable(engine)
    except ReadOnlyDatabase as exc:
        raise ServiceUnavailable("The database is read-only, so every write would fail.") from exc
    except SQLAlchemyError as exc:
        raise ServiceUnavailable("The database is unreachable.") from exc
    if not current:
        raise ServiceUnavailable("The database schema is not at the latest migration; run `dipnews migrate`.")
    return {"status": "ok"}
