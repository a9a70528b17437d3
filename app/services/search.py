"""GET /v1/search: the ranked hits of every kind, paged by (score, kind, id)."""

from sqlmodel import Session

from app.errors import BadRequest
from app.pagination import PageParams, PageResult, cursor_id, cursor_score, encode_cursor, ranked_position
from app.schemas.search import SearchHit
from app.search.unified import KINDS, hit_order, ranked_hits

SORT = "search"


def _position(cursor: str) -> tuple[float, int, int]:
    payload = ranked_position(cursor, SORT)
    try:
        return -cursor_score(payload["v"]), KINDS.index(payload["k"]), cursor_id(payload["id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadRequest("Invalid cursor for this search: use the next_cursor of a page.") from exc


def search_everything(
    session: Session, q: str, kinds: str | None, params: PageParams,
) -> PageResult[SearchHit]:
    hits, snippets = ranked_hits(session, q, kinds)
    total = len(hits) if params.count else None
    if params.cursor:
        after = _position(params.cursor)
        hits = [h for h in hits if hit_order(h) > after]
    next_cursor = None
    if len(hits) > params.limit:
        hits = hits[:params.limit]
        last = hits[-1]
        next_cursor = encode_cursor({"s": SORT, "v": last.score, "k": last.kind, "id": last.id})
    snippets.mark(hits)
    return PageResult(hits, next_cursor, total)
