"""Snippets jump to the first match by word prefix; they must find exactly the word a
word-by-word scan finds, and the same words around it."""

from pathlib import Path

from app.search.matching import _finder, _scan, _window, first_match
from app.text.morph import lemmas
from app.text.tokens import WORD_RE

SEED = next(Path("app/seed/documents").glob("*.txt")).read_text(encoding="utf-8")
TRICKY = ("Представники Сполучених-Штатів і США зустрілися. Зв’язки зі Сполученими Штатами, "
          "об'єднання штату та Штати обговорили у Мінську; мінський формат, Мінськ і Мінська область.")


def expected_window(text: str, wanted: frozenset[str]):
    tokens = list(WORD_RE.finditer(text))
    match = _scan(text, wanted)
    i = next(k for k, t in enumerate(tokens) if t.span() == match.span())
    start = max(0, i - 8)  # up to 8 words before, 24 in all
    return [t.span() for t in tokens[start:start + 24]]


def test_the_jump_finds_the_words_a_scan_finds_for_every_word_of_the_seed():
    checked = jumped = 0
    for text in (SEED, TRICKY):
        for word in {t.group() for t in WORD_RE.finditer(text)}:
            wanted = lemmas(word)
            found = first_match(text, wanted)
            assert found is not None, word
            assert found.span() == _scan(text, wanted).span(), word
            window, _ = _window(text, wanted)
            assert [t.span() for t in window] == expected_window(text, wanted), word
            checked += 1
            jumped += _finder(wanted) is not None
    assert checked > 200
    assert jumped > checked // 2  # most words take the jump, not the fallback scan


def test_no_match_is_none_and_a_word_inside_a_hyphenated_one_is_not_taken_for_its_start():
    assert first_match(SEED, lemmas("Варшава")) is None
    text = "Сполучені-Штати та штати"
    assert first_match(text, frozenset({"штати"})).group() == "штати"
