"""Names of the seed persons in every grammatical case."""

import pytest

from app.text.morph import lemmas
from app.text.names import CASES, NameEntry, NameMatcher, case_forms, find_mentions, same_name_word

SEED_PERSONS = {
    "keith-kellogg": ("Кіт Келлог", "Келлог"),
    "alexander-lukashenko": ("Олександр Лукашенко", "Лукашенко"),
    "mike-pompeo": ("Майк Помпео", "Помпео"),
    "donald-trump": ("Дональд Трамп", "Трамп"),
}
MATCHER = NameMatcher.build(
    NameEntry(key, [name], surname=surname) for key, (name, surname) in SEED_PERSONS.items()
)


def test_case_forms_decline_names_not_homonyms():
    assert case_forms("Кіт Келлог")["gent"] == "Кіта Келлога"  # not "Кота": Кіт is a name here
    assert case_forms("Кіт Келлог")["ablt"] == "Кітом Келлогом"
    assert case_forms("Олександр Лукашенко")["gent"] == "Олександра Лукашенка"
    assert case_forms("Олександр Лукашенко")["ablt"] == "Олександром Лукашенком"
    assert case_forms("Олександр Лукашенко")["datv"] in {"Олександрові Лукашенкові", "Олександру Лукашенку"}
    assert case_forms("Майк Помпео")["datv"] == "Майкові Помпео"  # Помпео does not decline


@pytest.mark.parametrize("key", SEED_PERSONS)
@pytest.mark.parametrize("case", CASES)
def test_every_case_form_is_found_in_running_text(key, case):
    form = case_forms(SEED_PERSONS[key][0])[case]
    text = f"Учора з {form} говорили про мир."
    [match] = MATCHER.find(text)
    assert (match.key, match.surface) == (key, form)


@pytest.mark.parametrize("key", SEED_PERSONS)
@pytest.mark.parametrize("case", CASES)
def test_every_case_form_lemmatises_to_the_name(key, case):
    name, surname = SEED_PERSONS[key]
    form = case_forms(name)[case]
    for form_word, name_word in zip(form.split(), name.split(), strict=True):
        assert same_name_word(form_word, name_word)
    surname_form = form.split()[-1]
    assert surname.lower() in lemmas(surname_form) or same_name_word(surname_form, surname)


def test_a_bare_first_name_is_not_linked():
    assert MATCHER.find("Кіт спав на дивані.") == []


def test_find_mentions_reports_offsets_of_the_surface_form():
    text = "Переговори з Олександром Лукашенком тривали годину."
    [match] = find_mentions(text, [NameEntry("luk", ["Олександр Лукашенко"], surname="Лукашенко")])
    assert text[match.start:match.end] == "Олександром Лукашенком"
