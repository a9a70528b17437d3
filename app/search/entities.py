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
from sqlmodel import Session, col

from app.errors import BadRequest
from app.kinds import ENTITY_KINDS, EntityKind
from app.pagination import PageParams, PageResult, ranked_page
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


def rank_names(session: Session, kind: EntityKind, statement: Select, q: str) -> list[NameHit]:
    """Every row of `statement` whose name or alias matches `q`, best first, ties by id."""
    model, alias_model = kind.model, kind.alias_model
    wanted = query_words(q)
    allowed = statement.with_only_columns(model.id).order_by(None).scalar_subquery()
    forms: dict[int, list[str]] = {}
    for row_id, name, name_en in session.execute(
        select(model.id, model.name, model.name_en).where(col(model.id).in_(allowed))
    ):
        forms[row_id] = [name, name_en or ""]
    owner = getattr(alias_model, kind.owner_field)
    for row_id, alias in session.execute(select(owner, alias_model.alias).where(owner.in_(allowed))):
        forms.setdefault(row_id, []).append(alias)
    hits = []
    for row_id, names in forms.items():
        score, snippet, form = max((*score_form(wanted, n), n) for n in names if n)
        if score:
            hits.append(NameHit(row_id, score, form, snippet))
    return sorted(hits, key=lambda h: (-h.score, h.id))


@dataclass(frozen=True)
class NameSearch:
    """`q` over the names of one kind: rows best first, or the matching rows for another order."""

    kind: EntityKind
    q: str

    def restrict(self, session: Session, statement: Select) -> Select:
        ids = [h.id for h in rank_names(session, self.kind, statement, self.q)]
        return statement.where(col(self.kind.model.id).in_(ids))

    def best_first(self, session: Session, statement: Select, params: PageParams) -> PageResult[Any]:
        hits = rank_names(session, self.kind, statement, self.q)
        page, next_cursor = ranked_page([(h.score, h.id) for h in hits], params, RELEVANCE)
        model = self.kind.model
        rows = {r.id: r for r in session.execute(
            select(model).where(col(model.id).in_([id_ for _, id_ in page]))
        ).scalars()}
        return PageResult([rows[id_] for _, id_ in page], next_cursor, len(hits) if params.count else None)


ENTITY_MIN_SCORE = FUZZY + MIN_FUZZY_RATIO / 1000  # a typo the name search forgives
NAMED_SCORE_SPREAD = 0.5  # entities within this of the best one are named too
MAX_NAMED = 10
MAX_NAMING_WORDS = 4


def entities_named(session: Session, q: str) -> tuple[tuple[str, int], ...]:
    """The known entities the whole query names — in any case form, in Latin, in English, with a
    typo the name search forgives: ("person", 3), ... Only plain queries of a few words name an
    entity (no phrase, OR or exclusion); only the best-scoring names count."""
    query = parse_query(q)
    plain = not query.excluded and all(len(c) == 1 and not c[0].is_phrase for c in query.clauses)
    if not plain or len(query.clauses) > MAX_NAMING_WORDS:
        return ()
    scored = [(hit.score, kind.name, hit.id)
              for kind in ENTITY_KINDS for hit in rank_names(session, kind, select(kind.model), q)]
    if not scored:
        return ()
    floor = max(ENTITY_MIN_SCORE, max(score for score, _, _ in scored) - NAMED_SCORE_SPREAD)
    best = sorted((s for s in scored if s[0] >= floor), key=lambda s: (-s[0], s[1], s[2]))
    return tuple((kind, entity_id) for _, kind, entity_id in best[:MAX_NAMED])
