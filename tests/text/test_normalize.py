"""Normalisation, lemmas, transliteration and years."""

import pytest

from app.text.morph import is_function_word, lemma_text, lemmas
from app.text.normalize import content_hash, normalize
from app.text.translit import slugify, transliterate
from app.text.years import years_mentioned


@pytest.mark.parametrize("spelling", ["зв’язки", "звʼязки", "зв`язки", "зв'язки", "ЗВ’ЯЗКИ"])
def test_every_apostrophe_normalises_to_one(spelling):
    assert normalize(spelling) == "зв'язки"


def test_apostrophe_spellings_share_lemmas_and_hash():
    assert lemmas("зв’язки") == lemmas("звʼязки") == lemmas("зв'язки")
    assert content_hash("Зв’язки\nтут") == content_hash("Звʼязки\nтут")


@pytest.mark.parametrize(("a", "b", "lemma"), [
    ("Лукашенку", "Лукашенком", "лукашенко"),
    ("переговорами", "переговорів", "переговори"),
    ("Мінську", "Мінськ", "мінськ"),
])
def test_inflected_words_share_a_lemma(a, b, lemma):
    assert lemma in lemmas(a) & lemmas(b)


def test_lemma_shadow_keeps_unknown_words():
    assert "келлогом" in lemma_text("Келлогом").split()
    assert "kelloh" in lemma_text("Kelloh").split()


def test_prepositions_are_function_words():
    assert is_function_word("у")
    assert is_function_word("з")
    assert not is_function_word("Мінську")


def test_official_transliteration():
    assert transliterate("Кіт Келлог") == "Kit Kelloh"
    assert transliterate("Олександр Лукашенко") == "Oleksandr Lukashenko"
    assert slugify("Кіт Келлог") == "kit-kelloh"


def test_years_in_running_text():
    assert years_mentioned("у 2020 році, виборів 2021 року, 2022 р.") == [2020, 2021, 2022]
