"""Word tokens with their offsets into the original text."""

import re
from typing import NamedTuple

# Letters and digits, with inner apostrophes (all spellings) and hyphens: "зв’язки", "Сполучені-Штати".
WORD_RE = re.compile(r"[^\W_]+(?:['’ʼ`‘-][^\W_]+)*")


class Token(NamedTuple):
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)
