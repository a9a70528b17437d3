"""What ingesting a plain-text document returns."""

from pydantic import BaseModel, Field

from app.schemas.article import ArticlePublic, MentionPublic
from app.schemas.candidate import CandidatePublic
from app.schemas.common import AwareTimestamp, RequestModel


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


# No NUL or other control characters than tab, line and page breaks, and something besides white space.
DOCUMENT_PATTERN = r"^[^\x00-\x08\x0E-\x1F]*[^\s\x00-\x08\x0E-\x1F][^\x00-\x08\x0E-\x1F]*$"


class DocumentIn(RequestModel):
    """A document sent as JSON: its text and what the query parameters otherwise say."""

    text: str = Field(min_length=1, pattern=DOCUMENT_PATTERN,
                      description="UTF-8 text, the title on its first line, the lead its first paragraph; "
                      "no control characters but tab, line and page breaks.",
                      examples=["Заголовок\n\nПерший абзац."])
    published_at: AwareTimestamp | None = Field(default=None, description="When the outlet published it.")
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=200, description="Overrides the attribution line.",
                               examples=["NewsWeek"])
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$", examples=["uk"],
                                 description="Default `uk`.")
