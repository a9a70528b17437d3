"""`q` on the article and event lists: relevance order by default, any explicit sort on request.

`TextSearch` hands the service the matching rows best first, or a statement restricted to the
matching rows for the service to page in another order; `snippets` marks the matched words.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.sql import Select
from sqlmodel import Session, col

from app.kinds import KINDS
from app.models import Article, Mention
from app.pagination import PageParams, PageResult
from app.search.entities import entities_named
from app.search.fulltext import Entities, relevance_page, restrict, texts_of
from app.search.matching import snippet, span_snippet
from app.search.query import SearchQuery, parse_query
from app.search.shadow import ARTICLES, ShadowIndex


@dataclass(frozen=True)
class TextSearch:
    index: ShadowIndex
    query: SearchQuery
    entities: Entities = ()  # the known entities the query names: rows naming them match too

    @classmethod
    def of(cls, index: ShadowIndex, q: str, session: Session | None = None) -> "TextSearch":
        query = parse_query(q)  # a malformed query is a 400 before any work
        return cls(index, query, entities_named(session, q) if session is not None else ())

    def best_first(self, session: Session, statement: Select, params: PageParams) -> PageResult[Any]:
        return relevance_page(session, self.index, statement, self.query, params, self.entities)

    def restrict(self, session: Session, statement: Select) -> Select:
        """`statement` kept to the matching rows, whatever order the caller sorts by."""
        return restrict(session, self.index, statement, self.query, self.entities)


def snippets(
    index: ShadowIndex, rows: list, q: str | None, session: Session | None = None,
) -> dict[int, str | None]:
    """The matched words of each row, marked, as written in its text; an article that matched
    through a mention of an entity the query names (`session` given) has that mention marked."""
    if not q:
        return {}
    query = parse_query(q)
    out = {row.id: snippet(query, texts_of(index, row)) for row in rows}
    unmarked = [row for row in rows if out[row.id] is None]
    if unmarked and session is not None and index is ARTICLES:
        out.update(mention_snippets(session, unmarked, entities_named(session, q)))
    return out


def mention_snippets(session: Session, rows: list[Article], entities: Entities) -> dict[int, str]:
    """Per article: its first mention of one of the entities (body before title), marked."""
    if not entities or not rows:
        return {}
    named = or_(*(getattr(Mention, KINDS[kind].owner_field) == entity_id for kind, entity_id in entities))
    by_id = {row.id: row for row in rows}
    out: dict[int, str] = {}
    for article_id, field, start, end in session.execute(
        select(col(Mention.article_id), col(Mention.field), col(Mention.start), col(Mention.end))
        .where(col(Mention.article_id).in_(list(by_id)), named)
        .order_by(col(Mention.article_id), col(Mention.field), col(Mention.start))  # "body" before "title"
    ):
        if article_id not in out:
            out[article_id] = span_snippet(getattr(by_id[article_id], field), start, end)
    return out
