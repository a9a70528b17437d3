"""`q` on the article and event lists: relevance order by default, any explicit sort on request.

`TextSearch` hands the service the matching rows best first, or a statement restricted to the
matching rows for the service to page in another order; `snippets` marks the matched words.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.sql import Select
from sqlmodel import Session

from app.pagination import PageParams, PageResult
from app.search.fulltext import hits, relevance_page, restrict, texts_of
from app.search.matching import satisfies, snippet
from app.search.query import SearchQuery, parse_query
from app.search.shadow import ShadowIndex


@dataclass(frozen=True)
class TextSearch:
    index: ShadowIndex
    query: SearchQuery

    @classmethod
    def of(cls, index: ShadowIndex, q: str) -> "TextSearch":
        return cls(index, parse_query(q))  # a malformed query is a 400 before any work

    def best_first(self, session: Session, statement: Select, params: PageParams) -> PageResult[Any]:
        return relevance_page(session, self.index, statement, self.query, params)

    def restrict(self, session: Session, statement: Select) -> Select:
        """`statement` kept to the matching rows, whatever order the caller sorts by."""
        index, query = self.index, self.query
        if not query.needs_verification:
            return restrict(session, index, statement, query)
        found = hits(session, index, query)
        candidates = session.execute(statement.join(found, found.c.id == index.model.id)).scalars().all()
        ids = [row.id for row in candidates if satisfies(query, texts_of(index, row))]
        return statement.where(index.model.id.in_(ids))


def snippets(index: ShadowIndex, rows: list, q: str | None) -> dict[int, str | None]:
    """The matched words of each row, marked, as written in its text."""
    if not q:
        return {}
    query = parse_query(q)
    return {row.id: snippet(query, texts_of(index, row)) for row in rows}
