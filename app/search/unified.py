"""GET /v1/search: articles, persons, organizations, places and events in one ranked list.

A named entity comes before the texts that mention it: an exact name scores 3–3.5, a case
form 2, an article or event 1.4–1.5 (in its engine's relevance order), a misspelt name ≤ 1.1.
Each kind contributes at most its best PER_KIND hits; `ranked_hits` hands back the merged
list, best first, and the service pages it.
"""

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.errors import BadRequest
from app.kinds import KINDS as ENTITY_KINDS_BY_NAME
from app.models.base import column_of
from app.pagination import PageParams
from app.schemas.search import SearchHit
from app.search.entities import entities_named, rank_names
from app.search.fulltext import Entities, relevance_page, texts_of
from app.search.matching import snippet
from app.search.query import SearchQuery, parse_query
from app.search.shadow import ARTICLES, EVENTS, ShadowIndex
from app.search.texts import mention_snippets

TEXT_INDEXES: dict[str, ShadowIndex] = {"event": EVENTS, "article": ARTICLES}  # searched by their words
KINDS = (*ENTITY_KINDS_BY_NAME, *TEXT_INDEXES)  # the order ties between kinds break in
PER_KIND = 100


def parse_kinds(kinds: str | None) -> list[str]:
    if not kinds:
        return list(KINDS)
    wanted = [k.strip().rstrip("s") for k in kinds.split(",") if k.strip()]
    unknown = [k for k in wanted if k not in KINDS]
    if unknown or not wanted:
        raise BadRequest(f"Unknown kind(s) {', '.join(unknown) or kinds!r}; use any of: {', '.join(KINDS)}.")
    return [k for k in KINDS if k in wanted]


def _named_hits(session: Session, name: str, q: str) -> list[SearchHit]:
    kind = ENTITY_KINDS_BY_NAME[name]
    model = kind.model
    ranked = rank_names(session, kind, select(model), q)[:PER_KIND]
    rows = {row.id: row for row in session.execute(
        select(column_of(model, "id"), column_of(model, "slug"), column_of(model, "name"))
        .where(column_of(model, "id").in_([h.id for h in ranked]))
    )}
    return [SearchHit(kind=name, id=h.id, slug=rows[h.id].slug, name=rows[h.id].name,
                      snippet=h.snippet, score=h.score) for h in ranked]


def _text_hits(
    session: Session, name: str, query: SearchQuery, entities: Entities,
) -> list[tuple[SearchHit, Any]]:
    index = TEXT_INDEXES[name]
    page = relevance_page(session, index, select(index.model), query,
                          PageParams(limit=PER_KIND, cursor=None, count=False), entities)
    return [(SearchHit(kind=name, id=row.id, slug=row.slug, title=row.title, snippet=None,
                       score=round(1.5 - position / 1000, 3)), row)
            for position, row in enumerate(page.rows)]


def hit_order(hit: SearchHit) -> tuple[float, int, int]:
    return (-hit.score, KINDS.index(hit.kind), hit.id)


def ranked_hits(session: Session, q: str, kinds: str | None) -> tuple[list[SearchHit], "Snippets"]:
    """Every hit across the wanted kinds, best first, and how to mark the texts' snippets."""
    query = parse_query(q)  # a malformed query is a 400 before any work
    hits: list[SearchHit] = []
    wanted = parse_kinds(kinds)
    entities = entities_named(session, q) if any(name in TEXT_INDEXES for name in wanted) else ()
    texts = Snippets(query, session, entities)
    for name in wanted:
        if name in TEXT_INDEXES:
            for hit, row in _text_hits(session, name, query, entities):
                hits.append(hit)
                texts.rows[(name, hit.id)] = row
        else:
            hits += _named_hits(session, name, q)
    hits.sort(key=hit_order)
    return hits, texts


class Snippets:
    """Snippets of article and event hits, made only for the hits a page shows."""

    def __init__(self, query: SearchQuery, session: Session, entities: Entities = ()) -> None:
        self.query = query
        self.session = session
        self.entities = entities
        self.rows: dict[tuple[str, int], Any] = {}

    def mark(self, hits: list[SearchHit]) -> None:
        """Matched words in <mark>; an article found through a mention has the mention marked."""
        unmarked = []
        for hit in hits:
            if hit.kind in TEXT_INDEXES:
                row = self.rows[(hit.kind, hit.id)]
                hit.snippet = snippet(self.query, texts_of(TEXT_INDEXES[hit.kind], row))
                if hit.snippet is None and hit.kind == "article":
                    unmarked.append(hit)
        rows = [self.rows[("article", h.id)] for h in unmarked]
        marked = mention_snippets(self.session, rows, self.entities)
        for hit in unmarked:
            hit.snippet = marked.get(hit.id)
