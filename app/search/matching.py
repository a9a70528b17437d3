"""Snippets with the matched words marked, for the rows of one page.

Computed in Python from token offsets and lemmas, so both engines give the same answer;
which rows match is the engine's answer alone (app/search/fulltext.py).
"""

import re
from functools import lru_cache
from html import escape

from app.search.query import SearchQuery
from app.text.morph import lemmas
from app.text.prefixes import shared_prefix
from app.text.tokens import WORD_RE

SNIPPET_WORDS = 24  # words around the first match
BEFORE_MATCH = SNIPPET_WORDS // 3
WORD_CHAR = re.compile(r"[^\W_]")
INNER = "'’ʼ`‘-"  # what WORD_RE allows inside a word
MIN_PREFIX = 3  # shorter shared prefixes ("к" for кіт) match nearly every word: scan instead


@lru_cache(maxsize=1024)
def _finder(wanted: frozenset[str]) -> re.Pattern | None:
    """A regex for where a word with one of the lemmas can start: the prefix all forms of each
    lemma share. None when a prefix is too short to narrow anything down."""
    prefixes = {shared_prefix(lemma) for lemma in wanted}
    if not prefixes or min(map(len, prefixes)) < MIN_PREFIX:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    return re.compile(f"(?:{alternatives})", re.IGNORECASE)


def _scan(text: str, wanted: frozenset[str]) -> re.Match | None:
    for token in WORD_RE.finditer(text):
        if not lemmas(token.group()).isdisjoint(wanted):
            return token
    return None


def _starts_token(text: str, pos: int) -> bool:
    """Whether a word token of the text starts at pos (not inside "зв'язки" or "Сполучені-Штати")."""
    if pos == 0:
        return True
    before = text[pos - 1]
    if WORD_CHAR.match(before):
        return False
    return not (before in INNER and pos >= 2 and WORD_CHAR.match(text[pos - 2]))


def first_match(text: str, wanted: frozenset[str]) -> re.Match | None:
    """The first word token of the text with one of the lemmas.

    The prefix regex jumps (in C) to the few places a form can start and only those tokens are
    analysed; a text it finds nothing in is scanned word by word, so no match is ever missed.
    """
    finder = _finder(wanted)
    if finder is not None:
        for candidate in finder.finditer(text):
            if not _starts_token(text, candidate.start()):
                continue
            token = WORD_RE.match(text, candidate.start())
            if token and not lemmas(token.group()).isdisjoint(wanted):
                return token
    return _scan(text, wanted)


def _tokens_before(text: str, end: int, count: int) -> list[re.Match]:
    """The last `count` word tokens ending before `end` (a token start)."""
    reach = 50 * (count + 1)
    while True:
        start = max(0, end - reach)
        tokens = list(WORD_RE.finditer(text, start, end))
        if tokens and not _starts_token(text, tokens[0].start()):
            tokens = tokens[1:]  # the tail of a word the slice cut
        if len(tokens) >= count or start == 0:
            return tokens[-count:] if count else []
        reach *= 4


def _window(text: str, wanted: frozenset[str]):
    """The tokens around the first matched word, and whether the text goes on after them.

    Reads the text only as far as the window's end: a long body costs no more than its start.
    """
    match = first_match(text, wanted)
    if match is None:
        return None, False
    window = [*_tokens_before(text, match.start(), BEFORE_MATCH), match]
    for token in WORD_RE.finditer(text, match.end()):
        if len(window) == SNIPPET_WORDS:
            return window, True
        window.append(token)
    return window, False


def snippet(query: SearchQuery, texts: list[str]) -> str | None:
    """A window of the first text that matches, HTML-escaped, matched words in <mark>."""
    wanted = query.all_lemmas
    for text in texts:
        if not text:
            continue
        window, more = _window(text, wanted)
        if window is None:
            continue
        at_start = window[0].start() == next(WORD_RE.finditer(text)).start()
        start = 0 if at_start else window[0].start()
        end = window[-1].end() if more else len(text)
        out, cursor = [], start
        for token in window:
            if not lemmas(token.group()).isdisjoint(wanted):
                out.append(escape(text[cursor:token.start()]))
                out.append(f"<mark>{escape(token.group())}</mark>")
                cursor = token.end()
        out.append(escape(text[cursor:end]))
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        return prefix + "".join(out).strip() + suffix
    return None


def span_snippet(text: str, start: int, end: int) -> str:
    """A window of words around `text[start:end]` (a mention), HTML-escaped, the span in <mark>."""
    tokens = list(WORD_RE.finditer(text))
    before = [t for t in tokens if t.end() <= start][-(SNIPPET_WORDS // 2):]
    after = [t for t in tokens if t.start() >= end][:SNIPPET_WORDS // 2]
    left = before[0].start() if before else start
    right = after[-1].end() if after else end
    if left > 0 and not before:
        left = start
    out = (escape(text[left:start]) + f"<mark>{escape(text[start:end])}</mark>" + escape(text[end:right]))
    return ("…" if left > 0 else "") + out.strip() + ("…" if right < len(text) else "")
