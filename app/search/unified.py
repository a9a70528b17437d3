"""GET /v1/search: articles, persons, organizations, places and events in one ranked list.

A named entity comes before the documents that mention it: an exact name scores 3–3.5, a
case form 2, a document 1.4–1.5 (in its engine's relevance order), a misspelt name ≤ 1.1.
Each kind contributes at most its best PER_KIND hits; the merged list is keyset-paged.
"""

from sqlalchemy import select
from sqlmodel import Session

from app.errors import BadRequest
from app.models import Organization, OrganizationAlias, Person, PersonAlias, Place, PlaceAlias
from app.pagination import PageParams, _decode, _encode
from app.schemas.search import SearchHit
from app.search.entities import rank_names
from app.search.fulltext import relevance_page, texts_of
from app.search.matching import snippet
from app.search.query import parse_query
from app.search.shadow import ARTICLES, EVENTS

KINDS = ("person", "organization", "place", "event", "article")
PER_KIND = 100
NAMED = {
    "person": (Person, PersonAlias, "person_id"),
    "organization": (Organization, OrganizationAlias, "organization_id"),
    "place": (Place, PlaceAlias, "place_id"),
}
DOCUMENTS = {"article": ARTICLES, "event": EVENTS}


def parse_kinds(kinds: str | None) -> list[str]:
    if not kinds:
        return list(KINDS)
    wanted = [k.strip().rstrip("s") for k in kinds.split(",") if k.strip()]
    unknown = [k for k in wanted if k not in KINDS]
    if unknown or not wanted:
        raise BadRequest(f"Unknown kind(s) {', '.join(unknown) or kinds!r}; use any of: {', '.join(KINDS)}.")
    return [k for k in KINDS if k in wanted]


def _named_hits(session: Session, kind: str, q: str) -> list[SearchHit]:
    model, alias_model, owner = NAMED[kind]
    ranked = rank_names(session, model, alias_model, owner, select(model), q)[:PER_KIND]
    rows = {row.id: row for row in session.execute(
        select(model.id, model.slug, model.name).where(model.id.in_([h.id for h in ranked]))
    )}
    return [SearchHit(kind=kind, id=h.id, slug=rows[h.id].slug, name=rows[h.id].name,
                      snippet=h.snippet, score=h.score) for h in ranked]


def _document_hits(session: Session, kind: str, q: str) -> tuple[list[SearchHit], dict[int, object]]:
    index = DOCUMENTS[kind]
    page = relevance_page(session, index, select(index.model), parse_query(q),
                          PageParams(limit=PER_KIND, cursor=None, count=False))
    hits = [SearchHit(kind=kind, id=row.id, slug=row.slug, title=row.title, snippet=None,
                      score=round(1.5 - position / 1000, 3))
            for position, row in enumerate(page.rows)]
    return hits, {row.id: row for row in page.rows}


def _position(cursor: str) -> tuple[float, int, int]:
    payload = _decode(cursor)
    try:
        if payload.get("s") != "search":
            raise ValueError
        return -float(payload["v"]), KINDS.index(payload["k"]), int(payload["id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadRequest("Invalid cursor for this search: use the next_cursor of a page.") from exc


def search_everything(
    session: Session, q: str, kinds: str | None, params: PageParams
) -> tuple[list[SearchHit], str | None, int | None]:
    query = parse_query(q)  # a malformed query is a 400 before any work
    hits: list[SearchHit] = []
    documents: dict[tuple[str, int], object] = {}
    for kind in parse_kinds(kinds):
        if kind in NAMED:
            hits += _named_hits(session, kind, q)
        else:
            found, rows = _document_hits(session, kind, q)
            hits += found
            documents.update({(kind, i): row for i, row in rows.items()})

    def order(hit: SearchHit) -> tuple[float, int, int]:
        return (-hit.score, KINDS.index(hit.kind), hit.id)

    hits.sort(key=order)
    total = len(hits) if params.count else None
    if params.cursor:
        after = _position(params.cursor)
        hits = [h for h in hits if order(h) > after]
    next_cursor = None
    if len(hits) > params.limit:
        hits = hits[:params.limit]
        last = hits[-1]
        next_cursor = _encode({"s": "search", "v": last.score, "k": last.kind, "id": last.id})
    for hit in hits:
        if hit.kind in DOCUMENTS:
            hit.snippet = snippet(query, texts_of(DOCUMENTS[hit.kind], documents[(hit.kind, hit.id)]))
    return hits, next_cursor, total
