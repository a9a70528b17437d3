"""Full-text search of articles: any grammatical case, phrases, OR, exclusions, pages."""

import re

import pytest

from tests.helpers import assert_problem

SEED_SLUG = "kellogg-lukashenko-talks-minsk-newsweek"


def search(client, q, **params):
    response = client.get("/v1/articles", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return response.json()


def slugs(body) -> list[str]:
    return [item["slug"] for item in body["items"]]


def make_article(client, title, body, **extra):
    response = client.post("/v1/articles", json={"title": title, "body": body, **extra})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize("q", ["Лукашенку", "переговорами", "у Мінську", "Келлогом", "Лукашенко"])
def test_a_word_in_any_case_finds_the_seed_article(client, q):
    assert SEED_SLUG in slugs(search(client, q))


def test_the_snippet_marks_the_words_as_written(client):
    [hit] = search(client, "Лукашенку")["items"]
    marked = re.findall(r"<mark>(.*?)</mark>", hit["snippet"])
    assert marked
    assert all(word.startswith("Лукашенк") for word in marked)


def test_inflected_query_finds_other_case_in_new_article(client):
    made = make_article(client, "Зустріч у столиці",
                        "Делегація зустрілася з Лукашенком. Переговорів не було.")
    assert made["slug"] in slugs(search(client, "Лукашенку"))
    assert made["slug"] in slugs(search(client, "переговорами"))
    hit = next(i for i in search(client, "переговорами")["items"] if i["slug"] == made["slug"])
    assert "<mark>Переговорів</mark>" in hit["snippet"]


def test_words_must_all_match_and_or_widens(client):
    a = make_article(client, "Бджоли і мед", "Пасічник продав мед на ярмарку.")
    b = make_article(client, "Бджоли і віск", "Пасічник продав віск сусідові.")
    assert set(slugs(search(client, "пасічник мед"))) == {a["slug"]}
    assert set(slugs(search(client, "мед OR віск"))) == {a["slug"], b["slug"]}
    assert set(slugs(search(client, "пасічник -віск"))) == {a["slug"]}


def test_exact_phrase_keeps_word_order(client):
    a = make_article(client, "Сад", "Зелений чай пили зранку.")
    b = make_article(client, "Город", "Чай був зелений і міцний.")
    assert set(slugs(search(client, '"зелений чай"'))) == {a["slug"]}
    assert set(slugs(search(client, "зелений чай"))) == {a["slug"], b["slug"]}
    assert set(slugs(search(client, 'чай -"зелений чай"'))) == {b["slug"]}


def test_edits_and_deletes_update_the_index(client):
    made = make_article(client, "Тиша", "Нічого не сталося.")
    assert slugs(search(client, "жирафа")) == []
    response = client.patch(f"/v1/articles/{made['id']}", json={"body": "Жирафи прибули до зоопарку."})
    assert response.status_code == 200, response.text
    assert slugs(search(client, "жирафа")) == [made["slug"]]
    assert made["slug"] not in slugs(search(client, "нічого"))
    assert client.delete(f"/v1/articles/{made['id']}").status_code == 204
    assert slugs(search(client, "жирафа")) == []


def test_relevance_order_pages_without_gaps_or_repeats(client):
    made = [make_article(client, f"Ковчег {i}", "ковчег " * (i + 1) + f"пливе номер {i}.") for i in range(7)]
    seen, cursor = [], None
    while True:
        body = search(client, "ковчег", limit=3, **({"cursor": cursor} if cursor else {}))
        seen += slugs(body)
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(m["slug"] for m in made)
    assert len(seen) == len(set(seen))
    assert search(client, "ковчег", count="true")["total"] == 7


def test_explicit_sort_overrides_relevance(client):
    made = [make_article(client, f"Маяк {i}", f"Маяк світить {i}.") for i in range(3)]
    body = search(client, "маяк", sort="id")
    assert slugs(body) == [m["slug"] for m in made]
    assert all(item["snippet"] for item in body["items"])


def test_other_filters_combine_with_q(client):
    make_article(client, "Маяк", "Маяк світить.", outlet="Інше")
    assert slugs(search(client, "маяк", outlet="NewsWeek")) == []


@pytest.mark.parametrize("q", [
    '"незакрита лапка', "NEAR(мед бджоли)", "мед*", "!" * 2000, "---", "OR", "   ",
])
def test_malformed_queries_are_400_problems(client, q):
    assert_problem(client.get("/v1/articles", params={"q": q}), 400)


def test_html_in_text_is_escaped_in_snippets(client):
    make_article(client, "Теги", "Текст <script>alert(1)</script> про жирафу.")
    [hit] = search(client, "жирафа")["items"]
    assert "<script>" not in hit["snippet"]
    assert "&lt;script&gt;" in hit["snippet"]


def test_relevance_ranks_the_newest_matches_of_a_common_word_on_both_engines(client, monkeypatch):
    """A word in more rows than the ranking window (RANKED_WINDOW; 10,000 in production) ranks
    only its newest matches, on SQLite and PostgreSQL alike, so both engines answer one page."""
    from app.search import fulltext

    monkeypatch.setattr(fulltext, "RANKED_WINDOW", 4)
    # the older an article, the more often it says the word: the best ranked are the oldest
    made = [make_article(client, f"Ковчег {i}", "ковчег " * (8 - i) + f"пливе номер {i}.") for i in range(7)]
    body = search(client, "ковчег", limit=10)
    assert slugs(body) == [m["slug"] for m in made[3:]]  # the four newest, most occurrences first
