"""`q` on persons, organizations and places: every name and alias, in any case, typos forgiven.

A hit ranks exact > case form > fuzzy. The query's words are looked up in a `NameIndex` of
every distinct word of a kind's names (by lemma, by stem, and fuzzily with rapidfuzz over
the distinct words in C), which gives the few entities that can match; only their names are
read and scored. The index is built once per state of the known names and kept per process
under the database's `names_version` token (as the name matcher is), so every worker agrees.
"""

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import select, text
from sqlalchemy.sql import Select
from sqlmodel import Session, SQLModel, col

from app.errors import BadRequest
from app.kinds import ENTITY_KINDS, EntityKind
from app.models import NamesVersion
from app.models.base import column_of, utcnow
from app.pagination import PageParams, PageResult, ranked_page
from app.search.fulltext import RELEVANCE
from app.search.query import parse_query
from app.text.morph import is_function_word, lemmas
from app.text.names import CASE_ENDINGS, pattern_word, same_name_word
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
    scores = [{f: _word_score(q, f) for f in map(normalize, words(form))} for q in wanted]
    return score_form_by(wanted, scores, form)


def score_form_by(wanted: list[str], word_scores: list[dict[str, float]], form: str) -> tuple[float, str]:
    """`score_form` given, per query word, the score of each name word it matches (0 if absent)."""
    tokens = words(form)
    folded = [normalize(t) for t in tokens]
    if not folded:
        return 0.0, ""
    best = [max(scores.get(f, 0.0) for f in folded) for scores in word_scores]
    score = min(best)
    if score == 0:
        return 0.0, ""
    if score == EXACT and sorted(wanted) == sorted(folded):
        score = WHOLE_NAME
    marked = [f"<mark>{escape(t)}</mark>" if any(scores.get(f) for scores in word_scores) else escape(t)
              for t, f in zip(tokens, folded, strict=True)]
    return score, " ".join(marked)


@dataclass
class NameIndex:
    """Every distinct word of one kind's names and aliases, and which entities use it."""

    words: list[str]
    owners: list[set[int]]  # per word: the ids of the entities whose names hold it
    by_lemma: dict[str, set[int]]  # lemma → word indexes (a word is among its own lemmas)
    by_stem: dict[str, set[int]]  # stem (3+ letters) → word indexes
    position: dict[str, int]  # word → its index

    @classmethod
    def build(cls, forms: Iterable[tuple[int, str]]) -> "NameIndex":
        position: dict[str, int] = {}
        vocabulary: list[str] = []
        owners: list[set[int]] = []
        for owner, form in forms:
            for token in words(form or ""):
                word = normalize(token)
                if word not in position:
                    position[word] = len(vocabulary)
                    vocabulary.append(word)
                    owners.append(set())
                owners[position[word]].add(owner)
        by_lemma: dict[str, set[int]] = defaultdict(set)
        by_stem: dict[str, set[int]] = defaultdict(set)
        for i, word in enumerate(vocabulary):
            pattern = pattern_word(word)
            for lemma in pattern.lemmas:
                by_lemma[lemma].add(i)
            if len(pattern.stem) >= 3:
                by_stem[pattern.stem].add(i)
        return cls(vocabulary, owners, dict(by_lemma), dict(by_stem), position)

    def matching_words(self, query_word: str) -> set[int]:
        """Every word `_word_score` gives a score for `query_word`, without scoring them all:
        the same lemma (the word itself included), a stem plus a case ending, a close spelling."""
        found: set[int] = set()
        for lemma in lemmas(query_word):
            found |= self.by_lemma.get(lemma, set())
        for ending in CASE_ENDINGS:
            if ending and query_word.endswith(ending):
                found |= self.by_stem.get(query_word[: -len(ending)], set())
        found |= self.by_stem.get(query_word, set())
        if len(query_word) >= 4:
            for _, _, i in process.extract(
                query_word, self.words, scorer=fuzz.ratio, score_cutoff=MIN_FUZZY_RATIO, limit=None,
            ):
                found.add(i)
        return found

    def word_scores(self, query_word: str) -> dict[str, float]:
        """The name words `query_word` matches, with `_word_score` of each (scored once per word)."""
        scored = {
            self.words[i]: _word_score(query_word, self.words[i]) for i in self.matching_words(query_word)
        }
        return {word: score for word, score in scored.items() if score}

    def owners_of(self, scores: dict[str, float]) -> set[int]:
        out: set[int] = set()
        for word in scores:
            out |= self.owners[self.position[word]]
        return out




@dataclass(frozen=True)
class CachedIndex:
    token: str
    index: NameIndex
    built_at: datetime  # by this process's clock, before it read the names


_indexes: dict[tuple[str, str], CachedIndex] = {}  # (database, kind) → its latest index
_locks: dict[tuple[str, str], threading.Lock] = defaultdict(threading.Lock)
REBUILD_AFTER = timedelta(seconds=30)  # a stale index is rebuilt once it is this old
# Entities written this long before a build may not have been committed when it read the names
# (a write transaction waits at most the busy timeout), so they count as changed since it.
WRITE_MARGIN = timedelta(seconds=120)


def _names(model: type[SQLModel]) -> Select[tuple[int, str, str | None]]:
    return select(column_of(model, "id"), column_of(model, "name"), column_of(model, "name_en"))


def _all_forms(session: Session, kind: EntityKind) -> Iterator[tuple[int, str]]:
    model, alias_model = kind.model, kind.alias_model
    for row_id, name, name_en in session.execute(_names(model)):
        yield row_id, name
        if name_en:
            yield row_id, name_en
    owner = column_of(alias_model, kind.owner_field)
    yield from ((i, alias) for i, alias in session.execute(select(owner, column_of(alias_model, "alias"))))


def _build(session: Session, kind: EntityKind, token: str) -> CachedIndex:
    built_at = utcnow()
    return CachedIndex(token, NameIndex.build(_all_forms(session, kind)), built_at)


def name_index(session: Session, kind: EntityKind) -> tuple[NameIndex, set[int] | None]:
    """The index of a kind's names, and the ids of entities written since it was built (None:
    it is current). While names keep changing, searches use the last index plus those few
    entities, read and scored as they are now (an index over older names only proposes
    candidates; scoring reads the current names), and one search at a time rebuilds it once
    it is `REBUILD_AFTER` old: no search waits on another's build or rebuilds per write."""
    token = session.execute(select(col(NamesVersion.token)).where(col(NamesVersion.id) == 1)).scalar()
    if token is None:  # a database without the row (tables made by create_all): no caching
        return NameIndex.build(_all_forms(session, kind)), None
    key = (str(session.get_bind().engine.url), kind.name)
    cached = _indexes.get(key)
    if cached is not None and cached.token == token:
        return cached.index, None
    lock = _locks[key]
    if cached is None:
        with lock:  # the first build: everyone waits for it once
            cached = _indexes.get(key)
            if cached is None or cached.token != token:
                cached = _indexes[key] = _build(session, kind, token)
            return cached.index, None
    if utcnow() - cached.built_at >= REBUILD_AFTER and lock.acquire(blocking=False):
        try:
            cached = _indexes[key] = _build(session, kind, token)
            return cached.index, None
        finally:
            lock.release()
    model = kind.model
    since = cached.built_at - WRITE_MARGIN
    written = select(column_of(model, "id")).where(column_of(model, "updated_at") >= since)
    changed = set(session.execute(written).scalars())
    return cached.index, changed


def _changed_word_scores(
    session: Session, kind: EntityKind, ids: set[int], query_word: str, known: dict[str, float],
) -> dict[str, float]:
    """Scores of the words of entities written since the index was built, which it may lack."""
    fresh = NameIndex.build(
        (owner, form) for owner, form in _all_forms_of(session, kind, ids)
    )
    return {w: sc for w, sc in fresh.word_scores(query_word).items() if w not in known}


def _all_forms_of(session: Session, kind: EntityKind, ids: set[int]) -> list[tuple[int, str]]:
    model, alias_model = kind.model, kind.alias_model
    owner = column_of(alias_model, kind.owner_field)
    out: list[tuple[int, str]] = []
    for row_id, name, name_en in session.execute(
        _names(model).where(column_of(model, "id").in_(sorted(ids)))
    ):
        out += [(row_id, name), *([(row_id, name_en)] if name_en else [])]
    aliases = select(owner, column_of(alias_model, "alias")).where(owner.in_(sorted(ids)))
    out += [(i, alias) for i, alias in session.execute(aliases)]
    return out


def rank_names(session: Session, kind: EntityKind, statement: Select, q: str) -> list[NameHit]:
    """Every row of `statement` whose name or alias matches `q`, best first, ties by id."""
    model, alias_model = kind.model, kind.alias_model
    wanted = query_words(q)
    index, changed = name_index(session, kind)
    word_scores = [index.word_scores(query_word) for query_word in wanted]
    candidates: set[int] | None = None
    for scores in word_scores:  # an entity with a word matching every query word
        ids = index.owners_of(scores)
        candidates = ids if candidates is None else candidates & ids
    candidates = (candidates or set()) | (changed or set())
    if not candidates:
        return []
    if changed:  # their words may be missing from the index: score them from their names
        for query_word, scores in zip(wanted, word_scores, strict=True):
            scores.update(_changed_word_scores(session, kind, changed, query_word, scores))
    allowed = statement.with_only_columns(column_of(model, "id")).order_by(None).scalar_subquery()
    forms: dict[int, list[str]] = {}
    for row_id, name, name_en in session.execute(
        _names(model)
        .where(column_of(model, "id").in_(sorted(candidates)), column_of(model, "id").in_(allowed))
    ):
        forms[row_id] = [name, name_en or ""]
    owner = column_of(alias_model, kind.owner_field)
    for row_id, alias in session.execute(
        select(owner, column_of(alias_model, "alias")).where(owner.in_(list(forms)))
    ):
        forms[row_id].append(alias)
    hits = []
    for row_id, names in forms.items():
        score, snippet, form = max((*score_form_by(wanted, word_scores, n), n) for n in names if n)
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
        return statement.where(column_of(self.kind.model, "id").in_(ids))

    def best_first(self, session: Session, statement: Select, params: PageParams) -> PageResult[Any]:
        hits = rank_names(session, self.kind, statement, self.q)
        page, next_cursor = ranked_page([(h.score, h.id) for h in hits], params, RELEVANCE)
        model = self.kind.model
        rows = {r.id: r for r in session.execute(
            select(model).where(column_of(model, "id").in_([id_ for _, id_ in page]))
        ).scalars()}
        return PageResult([rows[id_] for _, id_ in page], next_cursor, len(hits) if params.count else None)


ENTITY_MIN_SCORE = FUZZY + MIN_FUZZY_RATIO / 1000  # a typo the name search forgives
NAMED_SCORE_SPREAD = 0.5  # entities within this of the best one are named too
MAX_NAMED = 10
MAX_NAMING_WORDS = 4


Named = tuple[tuple[str, int], ...]
NAMES_TOKEN = text(f"SELECT token FROM {NamesVersion.__tablename__} WHERE id = 1")  # no statement to build
_named: dict[tuple[str, str, str], Named] = {}  # (database, names token, query) → what it names
MAX_CACHED_QUERIES = 4096


def entities_named(session: Session, q: str) -> Named:
    """The known entities the whole query names — in any case form, in Latin, in English, with a
    typo the name search forgives: ("person", 3), ... Only plain queries of a few words name an
    entity (no phrase, OR or exclusion); only the best-scoring names count.

    Kept per process under the database's names token, which every write of a name or alias
    changes in its own transaction: a repeated query costs one read of the token, and a
    query after a name changed is answered from the names as they are now."""
    query = parse_query(q)
    plain = not query.excluded and all(len(c) == 1 and not c[0].is_phrase for c in query.clauses)
    if not plain or len(query.clauses) > MAX_NAMING_WORDS:
        return ()
    token = session.execute(NAMES_TOKEN).scalar()
    if token is None:  # a database without the row (tables made by create_all): no caching
        return _entities_named(session, q)
    key = (str(session.get_bind().engine.url), token, query.text)
    found = _named.get(key)
    if found is None:
        found = _entities_named(session, q)
        if len(_named) >= MAX_CACHED_QUERIES:
            _named.clear()  # bounded: a burst of distinct queries starts the cache afresh
        _named[key] = found
    return found


def _entities_named(session: Session, q: str) -> Named:
    scored = [(hit.score, kind.name, hit.id)
              for kind in ENTITY_KINDS for hit in rank_names(session, kind, select(kind.model), q)]
    if not scored:
        return ()
    floor = max(ENTITY_MIN_SCORE, max(score for score, _, _ in scored) - NAMED_SCORE_SPREAD)
    best = sorted((s for s in scored if s[0] >= floor), key=lambda s: (-s[0], s[1], s[2]))
    return tuple((kind, entity_id) for _, kind, entity_id in best[:MAX_NAMED])
