from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from app.models.base import ONE_ENTITY_SQL


class Mention(SQLModel, table=True):
    """Where an article names a known entity: `article[field][start:end] == surface`."""

    __tablename__ = "mention"
    __table_args__ = (
        CheckConstraint(
            ONE_ENTITY_SQL,
            name="one_entity",
        ),
        CheckConstraint("field IN ('title', 'body')", name="field"),
        Index("ix_mention_article_field_start", "article_id", "field", "start"),
        Index("ix_mention_person_article", "person_id", "article_id"),
        Index("ix_mention_organization_article", "organization_id", "article_id"),
        Index("ix_mention_place_article", "place_id", "article_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False)
    )
    person_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"))
    )
    organization_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("organization.id", ondelete="CASCADE"))
    )
    place_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("place.id", ondelete="CASCADE"))
    )
    field: str = Field(max_length=10)
    start: int
    end: int
    surface: str = Field(max_length=500)
