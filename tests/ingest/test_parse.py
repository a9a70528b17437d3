"""Parsing plain-text documents written for these tests: every offset points into the body."""

from app.services.articles import content_hash_of
from app.text.normalize import content_hash
from app.text.parsing import parse_document

REPORT = """\ufeffМіністр закордонних справ провів зустріч у Варшаві  \r
\r
Міністр закордонних справ України провів зустріч із польським колегою. \
Про це повідомило агентство «Укрінформ».\r
Як пише Європейська правда\r
Підсумки переговорів\r
Сторони підписали меморандум про співпрацю у 2023 році.\r
Наступна зустріч відбудеться у 2025 р.\r
Що далі\r
Експерти чекають нових домовленостей\r
"""


def test_title_lead_outlet_source_and_years():
    doc = parse_document(REPORT)
    assert doc.title == "Міністр закордонних справ провів зустріч у Варшаві"
    assert doc.lead.startswith("Міністр закордонних справ України провів зустріч")
    assert doc.outlet == "Європейська правда"
    assert doc.original_source == "Укрінформ"
    assert doc.years == [2023, 2025]
    assert "\r" not in doc.body
    assert not doc.body.startswith("\ufeff")


def test_sections_have_headings_paragraphs_and_offsets_into_the_body():
    doc = parse_document(REPORT)
    headings = [s.heading for s in doc.sections]
    # the last line has no full stop but nothing below it: it is text, not a heading
    assert headings == [None, "Підсумки переговорів", "Що далі"]
    for section in doc.sections:
        text = doc.body[section.start:section.end]
        if section.heading:
            assert text.startswith(section.heading)
        for start, end in section.paragraphs:
            paragraph = doc.body[start:end]
            assert paragraph
            assert paragraph == paragraph.strip()
            assert paragraph in text
    assert doc.body[slice(*doc.sections[0].paragraphs[0])] == doc.lead
    assert doc.body[slice(*doc.sections[2].paragraphs[0])] == "Експерти чекають нових домовленостей"


def test_a_line_of_two_sentences_without_final_stop_is_a_paragraph_not_a_heading():
    doc = parse_document("Заголовок\nПерший абзац.\nСторони домовилися. Деталі невідомі\nОстанній абзац.")
    assert [s.heading for s in doc.sections] == [None]
    assert len(doc.sections[0].paragraphs) == 3


def test_the_body_is_kept_as_written_below_the_title():
    text = "Заголовок\n\n  Абзац із  подвійними  пробілами.\n\nДругий абзац."
    doc = parse_document(text)
    assert doc.body == "  Абзац із  подвійними  пробілами.\n\nДругий абзац."
    assert doc.lead == "Абзац із  подвійними  пробілами."


def test_the_article_hash_equals_the_hash_of_the_raw_document():
    doc = parse_document(REPORT)
    assert content_hash_of(doc.title, doc.body) == content_hash(REPORT)


def test_no_attribution_means_no_outlet():
    doc = parse_document("Заголовок\nПросто текст без джерела.")
    assert (doc.outlet, doc.original_source, doc.years) == (None, None, [])


def test_credit_lines_name_the_source_and_are_not_headings():
    doc = parse_document(
        "Посли обговорили санкції\n\nПосли країн ЄС обговорили нові санкції.\n"
        "Фото: Марія Коваль\nДеталі переговорів\nРішення ухвалять у березні.\n"
        "Читайте також: Чому санкції не діють\nДжерело: «Укрінформ»\n"
    )
    assert doc.original_source == "Укрінформ"
    assert [s.heading for s in doc.sections] == [None, "Деталі переговорів"]
    paragraphs = [doc.body[start:end] for section in doc.sections for start, end in section.paragraphs]
    assert paragraphs[1] == "Фото: Марія Коваль"
    assert paragraphs[-1] == "Джерело: «Укрінформ»"


def test_a_credit_word_opening_a_sentence_is_text():
    doc = parse_document("Заголовок\n\nПерший абзац.\nДжерела фінансування проєкту не розкриваються.\n"
                         "За матеріалами Reuters")
    assert doc.original_source == "Reuters"
    sentence = doc.body[slice(*doc.sections[0].paragraphs[1])]
    assert sentence == "Джерела фінансування проєкту не розкриваються."


def test_a_sentence_starting_like_a_credit_is_text():
    doc = parse_document("Заголовок\n\nПерший абзац.\nЗа матеріалами слідства, посол знав про це.\n"
                         "Висновки\nОстанній абзац.")
    assert doc.original_source is None
    assert [s.heading for s in doc.sections] == [None, "Висновки"]
