"""The search syntax users type: words (all must match), "exact phrase", OR, -exclude.

Every word becomes the set of its lemmas, so "Лукашенку" finds "Лукашенком". The parsed
query is engine-neutral; app/search/sqlite.py and postgres.py render it, always from
bound or quoted values, never by pasting user text into FTS syntax. A phrase is matched by
the engine itself (word positions in the shadow), so a query's cost grows with its length
and the number of rows the index finds, never with re-reading rows in Python; queries are
capped at MAX_QUERY_CHARS characters, MAX_TERMS terms and MAX_QUERY_WORDS words (400).
Parsing (morphology included) is cached per query text: a popular query is analysed once.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from app.errors import BadRequest
from app.text.morph import is_function_word, lemmas
from app.text.tokens import words

MAX_QUERY_CHARS = 500
MAX_TERMS = 16
MAX_QUERY_WORDS = 64  # every word of every term and phrase
# Operators of FTS5 and tsquery that this syntax does not offer: a clear 400 beats a surprise.
RAW_OPERATORS = re.compile(r"[*^(){}\[\]|&!<>~]|\bNEAR\b")
SYNTAX_HELP = 'Use words (all must match), "an exact phrase", OR between alternatives, -word to exclude.'


@dataclass(frozen=True)
class Term:
    """One word, or a phrase of words in order; each word is the set of its lemmas."""

    words: tuple[frozenset[str], ...]
    forms: tuple[str, ...] = ()  # the words as typed, one per entry of `words`

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class SearchQuery:
    text: str
    clauses: tuple[tuple[Term, ...], ...]  # AND of clauses; a clause is an OR of terms
    excluded: tuple[Term, ...]

    @cached_property
    def all_lemmas(self) -> frozenset[str]:
        return frozenset(
            lemma for clause in self.clauses for term in clause for word in term.words for lemma in word
        )

    def plain_words(self) -> list[str]:
        """The words a user asked for, without syntax (for name search)."""
        return [w for w in words(self.text.replace("-", " ")) if w not in ("OR", "AND", "NOT")]


_PIECE = re.compile(r'(-?)"([^"]*)"|(\S+)')


def _term(text: str) -> Term | None:
    typed = tuple(words(text))
    return Term(tuple(lemmas(w) for w in typed), typed) if typed else None


def parse_query(text: str) -> SearchQuery:
    """Parse what a user typed; a query that cannot mean anything is a 400 with the reason."""
    return _parse(text.strip())


@lru_cache(maxsize=2048)
def _parse(text: str) -> SearchQuery:
    """parse_query, cached: a rejected query raises again (exceptions are not cached)."""
    if len(text) > MAX_QUERY_CHARS:
        raise BadRequest(f"The search query is {len(text)} characters long; keep it under {MAX_QUERY_CHARS}.")
    if text.count('"') % 2:
        raise BadRequest(f"The search query has an unbalanced quote. {SYNTAX_HELP}")
    operator = RAW_OPERATORS.search(text)
    if operator:
        raise BadRequest(f"The search query uses {operator.group()!r}, which is not supported. {SYNTAX_HELP}")
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for match in _PIECE.finditer(text):
        negate, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare in ("OR", "AND"):
            join_next = bare == "OR" and bool(clauses)
            continue
        if bare and bare.startswith("-") and len(bare) > 1:
            negate, bare = "-", bare[1:]
        if bare == "NOT":
            continue
        term = _term(phrase if phrase is not None else bare)
        if term is None:
            continue
        if negate:
            excluded.append(term)
        elif join_next:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    clauses = _drop_function_words(clauses)
    if not clauses:
        raise BadRequest(f"The search query has no word to look for. {SYNTAX_HELP}")
    if sum(map(len, clauses)) + len(excluded) > MAX_TERMS:
        raise BadRequest(f"The search query has too many terms; use at most {MAX_TERMS}.")
    n_words = sum(len(t.words) for clause in clauses for t in clause) + sum(len(t.words) for t in excluded)
    if n_words > MAX_QUERY_WORDS:
        raise BadRequest(f"The search query has {n_words} words; use at most {MAX_QUERY_WORDS}.")
    return SearchQuery(text, tuple(map(tuple, clauses)), tuple(excluded))


def _drop_function_words(clauses: list[list[Term]]) -> list[list[Term]]:
    """"у Мінську" looks for Мінськ: a lone preposition narrows nothing and costs a long posting list."""
    def is_noise(clause: list[Term]) -> bool:
        return len(clause) == 1 and not clause[0].is_phrase and all(
            is_function_word(lemma) for lemma in clause[0].words[0]
        )

    kept = [clause for clause in clauses if not is_noise(clause)]
    return kept or clauses


@dataclass(frozen=True)
class Grammar:
    """How an engine spells the boolean structure of a query: AND, OR, and "but not"."""

    and_: str  # " AND "
    or_: str  # " OR "
    but_not: str  # "({positive}) NOT ({negative})"

    def render(self, query: SearchQuery, term: Callable[[Term], str]) -> str:
        """The query with every term (a word or a phrase) rendered by the engine's `term`,
        which quotes or binds its lemmas, never pastes them."""
        positive = self.and_.join(
            "(" + self.or_.join(f"({term(t)})" for t in clause) + ")" for clause in query.clauses
        )
        if not query.excluded:
            return positive
        return self.but_not.format(positive=positive,
                                   negative=self.or_.join(f"({term(t)})" for t in query.excluded))
