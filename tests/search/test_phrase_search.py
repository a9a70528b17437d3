"""Phrases are matched by the index itself: the bug reports behind them.

A long phrase with `count=true` cost seconds, because every candidate row was re-read in
Python; now the engine matches word order, and `total` is its COUNT. These tests pin what a
reader would notice: which rows a phrase finds, and that `total` agrees with them.
"""

import pytest

from tests.helpers import assert_problem

# Our own sentence, long enough that the old verification read every candidate.
LONG = ("Рада громади вирішила відремонтувати старий міст через річку до кінця весни, "
        "а голова пообіцяв звітувати мешканцям щомісяця")
LONG_PHRASE = ("Рада громади вирішила відремонтувати старий міст через річку до кінця весни "
               "а голова пообіцяв звітувати мешканцям щомісяця")


def make_article(client, title, body):
    response = client.post("/v1/articles", json={"title": title, "body": body})
    assert response.status_code == 201, response.text
    return response.json()["slug"]


def search(client, q, path="/v1/articles", **params):
    response = client.get(path, params={"q": q, **params})
    assert response.status_code == 200, response.text
    return response.json()


def slugs(body) -> set[str]:
    return {item["slug"] for item in body["items"]}


def test_a_long_phrase_with_count_finds_and_counts_only_the_rows_that_hold_it(client):
    holding = {make_article(client, f"Міст {i}", f"Новина {i}. {LONG}.") for i in range(3)}
    inflected = make_article(client, "Міст у рішенні", "Раді громади вирішили відремонтувати старого мосту "
                             "через річку до кінця весни, а голову пообіцяли звітувати мешканцям щомісяця.")
    # Every word of the phrase, in another order: the phrase is not there.
    shuffled = make_article(client, "Інший міст", " ".join(reversed(LONG.replace(",", "").split())) + ".")
    body = search(client, f'"{LONG_PHRASE}"', count="true", limit=2)
    assert body["total"] == 4
    seen = slugs(body) | slugs(search(client, f'"{LONG_PHRASE}"', limit=2, cursor=body["next_cursor"]))
    assert seen == holding | {inflected}  # any case form of each word, in the phrase's order
    assert shuffled not in seen
    assert search(client, " ".join(LONG_PHRASE.split()[:8]), count="true")["total"] == 5  # words alone


def test_a_phrase_whose_words_are_not_adjacent_is_not_counted(client):
    together = make_article(client, "Чай", "Зелений чай пили зранку.")
    apart = make_article(client, "Чай і салат", "Зелений салат і чай пили зранку.")
    reversed_order = make_article(client, "Чай знову", "Чай зелений пили зранку.")
    body = search(client, '"зелений чай"', count="true")
    assert body["total"] == 1
    assert slugs(body) == {together}
    assert search(client, "зелений чай", count="true")["total"] == 3
    assert slugs(search(client, 'чай -"зелений чай"')) == {apart, reversed_order}


def test_a_phrase_does_not_run_from_the_title_into_the_body(client):
    make_article(client, "Нарада про зелений", "Чай подали гостям.")
    assert search(client, '"зелений чай"', count="true")["total"] == 0


def test_a_phrase_with_an_explicit_sort_and_on_events_and_everywhere(client):
    together = make_article(client, "Сова", "Сіра сова сиділа на гілці.")
    make_article(client, "Сова і кіт", "Сіра кішка і сова.")
    assert slugs(search(client, '"сіра сова"', sort="id", count="true")) == {together}
    hits = search(client, '"сірої сови"', path="/v1/search", kinds="article", count="true")
    assert [hit["slug"] for hit in hits["items"]] == [together]
    assert hits["total"] == 1


@pytest.mark.parametrize("path", ["/v1/articles", "/v1/events", "/v1/search"])
def test_a_query_over_the_word_cap_is_a_400_that_names_the_cap(client, path):
    q = '"' + " ".join(["слово"] * 65) + '"'
    response = client.get(path, params={"q": q})
    assert_problem(response, 400)
    assert "64" in response.json()["detail"]
