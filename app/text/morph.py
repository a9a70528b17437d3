"""Lemmatisation with pymorphy3 and its Ukrainian dictionaries (one analyzer per process)."""

from functools import lru_cache

import pymorphy3

from app.text.normalize import normalize
from app.text.tokens import words


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="uk")


def safe_parse(word: str) -> list:
    """pymorphy3's parses, or none for text it cannot analyse."""
    try:
        return analyzer().parse(word)
    except ValueError:  # it asks unicodedata for names that unassigned code points lack
        return []


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> frozenset[str]:
    """Every lemma the dictionary offers for a word, plus the word itself.

    The first parse is often wrong ("Мінську" → мінський before мінськ), so all are kept;
    the word itself covers words the dictionary does not know.
    """
    word = normalize(word)
    if not any(ch.isalpha() for ch in word):
        return frozenset({word})
    found = {parse.normal_form.replace("ʼ", "'").replace("’", "'") for parse in safe_parse(word)}
    found.add(word)
    return frozenset(found)


def lemma_text(text: str) -> str:
    """The lemma shadow of a text: every lemma of every word, space-separated, for FTS."""
    out: list[str] = []
    for word in words(text):
        out.extend(sorted(lemmas(word)))
    return " ".join(out)


FUNCTION_WORD_TAGS = frozenset({"PREP", "CONJ", "PRCL"})


@lru_cache(maxsize=50_000)
def is_function_word(word: str) -> bool:
    """Prepositions, conjunctions and particles ("у", "з", "та"): they narrow no search."""
    parses = safe_parse(normalize(word))
    return bool(parses) and all(FUNCTION_WORD_TAGS & parse.tag.grammemes for parse in parses)
