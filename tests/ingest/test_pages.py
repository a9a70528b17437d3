"""Pages as they arrive: captions and credits around the title, no headline, quote styles."""

from tests.ingest.test_documents import ingest

CAPTIONED = """Помпео прибув до Мінська
Фото: EPA
Державний секретар США прибув до Мінська з першим за чверть століття візитом такого рівня.
Переговори тривали три години.
"""

CREDIT_FIRST = """Президент США Дональд Трамп / © Associated Press
Трамп пообіцяв нові переговори
Президент США заявив, що готовий до нової зустрічі.
"""

CAPTION_OVER_CREDIT = """Посли обговорили безпеку регіону
Учасники зустрічі у залі засідань
Джерело фото: пресслужба МЗС
Посли обговорили безпеку регіону
Посли шести країн обговорили безпеку регіону та нові санкції.
"""

NO_HEADLINE = ("Міністр закордонних справ провів телефонну розмову з колегою з Литви, під час якої сторони "
               "обговорили підтримку незалежних медіа та долю політичних в'язнів у Білорусі. "
               "Розмова тривала пів години.\nСторони домовилися про зустріч у Вільнюсі.\n")


def test_a_credit_under_the_title_is_not_the_lead(client):
    article = ingest(client, CAPTIONED).json()["article"]
    assert article["title"] == "Помпео прибув до Мінська"
    assert article["lead"].startswith("Державний секретар США прибув")
    assert "Фото: EPA" in article["body"]  # nothing is dropped from the body


def test_a_title_line_with_a_copyright_is_furniture(client):
    article = ingest(client, CREDIT_FIRST).json()["article"]
    assert article["title"] == "Трамп пообіцяв нові переговори"
    assert article["lead"] == "Президент США заявив, що готовий до нової зустрічі."
    assert "© Associated Press" in article["body"]


def test_a_caption_above_a_credit_and_a_repeated_title_are_skipped(client):
    article = ingest(client, CAPTION_OVER_CREDIT).json()["article"]
    assert article["title"] == "Посли обговорили безпеку регіону"
    assert article["lead"] == "Посли шести країн обговорили безпеку регіону та нові санкції."
    assert "Учасники зустрічі у залі засідань" in article["body"]


def test_a_page_without_a_headline_leads_with_its_first_sentence(client):
    article = ingest(client, NO_HEADLINE).json()["article"]
    assert article["lead"].startswith("Міністр закордонних справ провів телефонну розмову")
    assert article["body"].startswith(article["lead"])
    assert article["title"].startswith("Міністр закордонних справ провів телефонну розмову з колегою")
    assert len(article["title"]) <= 120
    assert article["title"].endswith("…")


def test_quote_styles_do_not_make_a_second_article(client):
    guillemets = ("Посол вручив копії вірчих грамот\n\nПосол вручив копії грамот. "
                  "Про це повідомило агентство «Укрінформ» з посиланням на «джерела».")
    first = ingest(client, guillemets)
    assert first.status_code == 201
    for quotes in ("“”", "„“", '""'):
        variant = guillemets.replace("«", quotes[0]).replace("»", quotes[1])
        again = ingest(client, variant)
        assert again.status_code == 200, quotes
        assert again.json()["article"]["id"] == first.json()["article"]["id"]
