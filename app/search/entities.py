"""`q` on persons, organizations and places: every name and alias, in any case, typos forgiven.

Names and aliases are read from the database on each query (the tables are small), so
every process sees the same names; a hit ranks exact > case form > fuzzy.
"""

from dataclasses import dataclass
from html import escape
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.sql import Select
from sqlmodel import Session

from app.errors import BadRequest
from app.pagination import PageParams, _decode, _encode
from app.search.fulltext import RELEVANCE
from app.search.query import parse_query
from app.text.morph import is_function_word
from app.text.names import same_name_word
from app.text.normalize import normalize
from app.text.tokens import words

WHOLE_NAME, EXACT, CASE_FORM, FUZZY = 3.5, 3.0, 2.0, 1.0
MIN_FUZZY_RATIO = 80  # "Lukashneko" ~ "Lukashenko" is 90


@dataclass(frozen=True)
class NameHit:
    id: int
    score: float
    form: str  # the name or alias that matched best
    snippet: str


def query_words(q: str) -> list[str]:
    found = [normalize(w) for w in parse_query(q).plain_words()]
    meaningful = [w for w in found if not is_function_word(w)]
    if not (meaningful or found):
        raise BadRequest("The search query has no word to look for.")
    return meaningful or found


def _word_score(query_word: str, name_word: str) -> float:
    if query_word == name_word:
        return EXACT
    if same_name_word(query_word, name_word):
        return CASE_FORM
    if len(query_word) >= 4:
        ratio = fuzz.ratio(query_word, name_word)
        if ratio >= MIN_FUZZY_RATIO:
            return FUZZY + ratio / 1000
    return 0.0


def score_form(wanted: list[str], form: str) -> tuple[float, str]:
    """How well every query word matches some word of the form; the form with matches marked."""
    tokens = words(form)
    folded = [normalize(t) for t in tokens]
    if not folded:
        return 0.0, ""
    best = [max(_word_score(q, f) for f in folded) for q in wanted]
    score = min(best)
    if score == 0:
        return 0.0, ""
    if score == EXACT and sorted(wanted) == sorted(folded):
        score = WHOLE_NAME
    marked = [f"<mark>{escape(t)}</mark>" if any(_word_score(q, f) for q in wanted) else escape(t)
              for t, f in zip(tokens, folded, strict=True)]
    return score, " ".join(marked)


def rank_names(
    session: Session, model, alias_model, owner_field: str, statement: Select, q: str
) -> list[NameHit]:
    """Every row of `statement` whose name or alias matches `q`, best first, ties by id."""
    wanted = query_words(q)
    allowed = statement.with_only_columns(model.id).order_by(None).scalar_subquery()
    forms: dict[int, list[str]] = {}
    for row_id, name, name_en in session.execute(
        select(model.id, model.name, model.name_en).where(model.id.in_(allowed))
    ):
        forms[row_id] = [name, name_en or ""]
    owner = getattr(alias_model, owner_field)
    for row_id, alias in session.execute(select(owner, alias_model.alias).where(owner.in_(allowed))):
        forms.setdefault(row_id, []).append(alias)
    hits = []
    for row_id, names in forms.items():
        score, snippet, form = max((*score_form(wanted, n), n) for n in names if n)
        if score:
            hits.append(NameHit(row_id, score, form, snippet))
    return sorted(hits, key=lambda h: (-h.score, h.id))


def page_of_hits(hits: list[NameHit], params: PageParams) -> tuple[list[NameHit], str | None]:
    """Keyset over (score, id) of an ordered hit list."""
    if params.cursor:
        payload = _decode(params.cursor)
        try:
            if payload.get("s") != RELEVANCE:
                raise ValueError
            score, last_id = float(payload["v"]), int(payload["id"])
        except (KeyError, TypeError, ValueError) as exc:
            raise BadRequest("Invalid cursor for this search: use the next_cursor of a page.") from exc
        hits = [h for h in hits if (-h.score, h.id) > (-score, last_id)]
    if len(hits) <= params.limit:
        return hits, None
    hits = hits[:params.limit]
    return hits, _encode({"s": RELEVANCE, "v": hits[-1].score, "id": hits[-1].id})


def search_names(
    session: Session, model, alias_model, owner_field: str, statement: Select, q: str,
    sort: str | None, params: PageParams, run_sorted,
) -> tuple[list[Any], str | None, int | None]:
    """Rows of `statement` named by `q`: by rank, or by `sort` through `run_sorted`."""
    hits = rank_names(session, model, alias_model, owner_field, statement, q)
    if sort is not None:
        return run_sorted(statement.where(model.id.in_([h.id for h in hits])), sort)
    page, next_cursor = page_of_hits(hits, params)
    rows = {r.id: r for r in session.execute(
        select(model).where(model.id.in_([h.id for h in page]))
    ).scalars()}
    return [rows[h.id] for h in page], next_cursor, len(hits) if params.count else None
