"""The query against a text itself: phrase order, and snippets with the matched words marked.

Computed in Python from token offsets and lemmas, so both engines give the same answer.
"""

from collections import deque
from html import escape

from app.search.query import SearchQuery, Term
from app.text.morph import lemmas
from app.text.tokens import WORD_RE, words

SNIPPET_WORDS = 24  # words around the first match
BEFORE_MATCH = SNIPPET_WORDS // 3


def _word_lemmas(text: str) -> list[frozenset[str]]:
    return [lemmas(word) for word in words(text)]


def _contains(analysed: list[frozenset[str]], term: Term) -> bool:
    first, rest = term.words[0], term.words[1:]
    n = len(term.words)
    return any(
        not lemma_set.isdisjoint(first)
        and all(not analysed[i + k].isdisjoint(word) for k, word in enumerate(rest, 1))
        for i, lemma_set in enumerate(analysed[:len(analysed) - n + 1])
    )


def satisfies(query: SearchQuery, texts: list[str]) -> bool:
    """Whether the texts (title, body) meet the query, phrases in their word order."""
    analysed = [_word_lemmas(t) for t in texts if t]

    def found(term: Term) -> bool:
        return any(_contains(a, term) for a in analysed)

    return all(any(found(t) for t in clause) for clause in query.clauses) and not any(
        found(t) for t in query.excluded
    )


def _window(text: str, wanted: frozenset[str]):
    """The tokens around the first matched word, and whether the text goes on after them.

    Reads the text only as far as the window's end: a long body costs no more than its start.
    """
    tokens = WORD_RE.finditer(text)
    before: deque = deque(maxlen=BEFORE_MATCH)
    for token in tokens:
        if not lemmas(token.group()).isdisjoint(wanted):
            window = [*before, token]
            break
        before.append(token)
    else:
        return None, False
    for token in tokens:
        if len(window) == SNIPPET_WORDS:
            return window, True
        window.append(token)
    return window, False


def snippet(query: SearchQuery, texts: list[str]) -> str | None:
    """A window of the first text that matches, HTML-escaped, matched words in <mark>."""
    wanted = query.all_lemmas()
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
