"""A person ingest proposes, with the mentions that support it."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from app.schemas.common import ORMModel

CandidateStatus = Literal["pending", "accepted", "rejected"]


class CandidateMentionPublic(ORMModel):
    article_id: int = Field(examples=[2])
    field: str = Field(examples=["body"], description="`title` or `body`.")
    start: int = Field(examples=[27], description="`article[field][start:end] == surface`.")
    end: int = Field(examples=[43])
    surface: str = Field(examples=["Олегом Петренком"], description="The name as the text writes it.")


class CandidatePublic(BaseModel):
    id: int = Field(examples=[1])
    name: str = Field(examples=["Олег Петренко"], description="Nominative, recovered from the case forms.")
    given_name: str = Field(examples=["Олег"])
    family_name: str = Field(examples=["Петренко"])
    status: CandidateStatus = Field(examples=["pending"])
    person_id: int | None = Field(description="The person created on accept.", examples=[None])
    mention_count: int = Field(examples=[2])
    mentions: list[CandidateMentionPublic] = Field(description="The first 50 supporting mentions.")
    created_at: datetime
    updated_at: datetime
