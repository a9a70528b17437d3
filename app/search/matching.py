"""The query against a text itself: phrase order, and snippets with the matched words marked.

Computed in Python from token offsets and lemmas, so both engines give the same answer.
"""

from html import escape

from app.search.query import SearchQuery, Term
from app.text.morph import lemmas
from app.text.tokens import Token, tokenize

SNIPPET_WORDS = 24  # words around the first match


def _token_lemmas(text: str) -> list[tuple[Token, frozenset[str]]]:
    return [(token, lemmas(token.text)) for token in tokenize(text)]


def _contains(analysed: list[tuple[Token, frozenset[str]]], term: Term) -> bool:
    n = len(term.words)
    return any(
        all(analysed[i + k][1] & term.words[k] for k in range(n))
        for i in range(len(analysed) - n + 1)
    )


def satisfies(query: SearchQuery, texts: list[str]) -> bool:
    """Whether the texts (title, body) meet the query, phrases in their word order."""
    analysed = [_token_lemmas(t) for t in texts if t]

    def found(term: Term) -> bool:
        return any(_contains(a, term) for a in analysed)

    return all(any(found(t) for t in clause) for clause in query.clauses) and not any(
        found(t) for t in query.excluded
    )


def snippet(query: SearchQuery, texts: list[str]) -> str | None:
    """A window of the first text that matches, HTML-escaped, matched words in <mark>."""
    wanted = query.all_lemmas()
    for text in texts:
        if not text:
            continue
        tokens = tokenize(text)
        first = next((i for i, t in enumerate(tokens) if lemmas(t.text) & wanted), None)
        if first is None:
            continue
        lo = max(0, first - SNIPPET_WORDS // 3)
        hi = min(len(tokens), lo + SNIPPET_WORDS)
        start = 0 if lo == 0 else tokens[lo].start
        end = len(text) if hi == len(tokens) else tokens[hi - 1].end
        out, cursor = [], start
        for token in tokens[lo:hi]:
            if lemmas(token.text) & wanted:
                out.append(escape(text[cursor:token.start]))
                out.append(f"<mark>{escape(token.text)}</mark>")
                cursor = token.end
        out.append(escape(text[cursor:end]))
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        return prefix + "".join(out).strip() + suffix
    return None
