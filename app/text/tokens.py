"""Word tokens with their offsets into the original text."""

import re
from functools import lru_cache
from typing import NamedTuple

# Letters and digits, with inner apostrophes (all spellings) and hyphens: "зв’язки", "Сполучені-Штати".
WORD_RE = re.compile(r"[^\W_]+(?:['’ʼ`‘-][^\W_]+)*")


class Token(NamedTuple):
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return list(_tokens(text))


@lru_cache(maxsize=8)
def _tokens(text: str) -> tuple[Token, ...]:
    # Ingest reads each field twice (linking known names, then finding new ones): a few
    # recent texts are kept so the regex runs once per field.
    return tuple([Token(m[0], *m.span()) for m in WORD_RE.finditer(text)])


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)
