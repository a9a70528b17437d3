"""What ingesting a plain-text document returns."""

from pydantic import AwareDatetime, BaseModel, Field

from app.schemas.article import ArticlePublic, MentionPublic
from app.schemas.candidate import CandidatePublic


class DocumentIngested(BaseModel):
    created: bool = Field(description="false when the same text was ingested before (HTTP 200).")
    article: ArticlePublic
    mentions: list[MentionPublic] = Field(description="Known persons, organizations and places it names.")
    candidates: list[CandidatePublic] = Field(description="People it names that are not known yet.")


class DocumentIn(BaseModel):
    """A document sent as JSON: its text and what the query parameters otherwise say."""

    text: str = Field(min_length=1, description="UTF-8 text, the title on its first line, the lead its "
                      "first paragraph.", examples=["Заголовок\n\nПерший абзац."])
    published_at: AwareDatetime | None = Field(default=None, description="When the outlet published it.")
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=200, description="Overrides the attribution line.",
                               examples=["NewsWeek"])
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$", examples=["uk"],
                                 description="Default `uk`.")
