"""What ingesting a plain-text document returns."""

from pydantic import BaseModel, Field

from app.schemas.article import ArticlePublic, MentionPublic
from app.schemas.candidate import CandidatePublic


class DocumentIngested(BaseModel):
    created: bool = Field(description="false when the same text was ingested before (HTTP 200).")
    article: ArticlePublic
    mentions: list[MentionPublic] = Field(description="Known persons, organizations and places it names.")
    candidates: list[CandidatePublic] = Field(description="People it names that are not known yet.")
    truncated: bool = Field(
        default=False,
        description="The document named more than an article keeps (2,000 mentions of known names, "
        "100 new people, 1,000 mentions of them): the rest was left out. Always false for a text "
        "ingested before (200).",
    )
