"""POST /v1/documents: documents written for these tests name seed people in new cases."""

import pytest

from app.config import get_settings
from tests.helpers import assert_problem
from tests.ingest.docs import NEW_CASES, NEW_PEOPLE

TEXT = {"content-type": "text/plain; charset=utf-8"}


def ingest(client, text: str | bytes, headers=TEXT, **params):
    body = text.encode() if isinstance(text, str) else text
    return client.post("/v1/documents", content=body, headers=headers, params=params)


def count(client, path: str) -> int:
    return client.get(path, params={"count": "true", "limit": 1}).json()["total"]


def test_new_cases_of_seed_people_link_to_the_existing_persons(client):
    persons_before = count(client, "/v1/persons")
    response = ingest(client, NEW_CASES)
    assert response.status_code == 201, response.text
    data = response.json()
    article = data["article"]
    assert response.headers["location"] == f"/v1/articles/{article['id']}"
    assert article["title"] == "Олександр Лукашенко прийняв вірчі грамоти нових послів"
    assert article["outlet"] == "Укрінформ"
    assert article["original_source"] == "Белта"
    by_surface = {m["surface"]: m["entity"]["slug"] for m in data["mentions"]}
    assert by_surface["Олександр Лукашенко"] == "alexander-lukashenko"
    assert by_surface["Лукашенкові"] == "alexander-lukashenko"
    assert by_surface["Келлогу"] == "keith-kellogg"
    assert by_surface["Мінську"] == "minsk"
    for m in data["mentions"]:
        assert article[m["field"]][m["start"]:m["end"]] == m["surface"]
    assert data["candidates"] == []  # known people are never proposed
    assert count(client, "/v1/persons") == persons_before
    listed = client.get(f"/v1/articles/{article['id']}/mentions").json()
    assert {m["surface"] for m in listed} == set(by_surface)


def test_the_same_text_again_returns_the_same_article_and_writes_nothing(client):
    first = ingest(client, NEW_PEOPLE).json()
    articles_before = count(client, "/v1/articles")
    again = ingest(client, NEW_PEOPLE.replace("\n", "\r\n").replace(" ", "  ") + "\n\n")
    assert again.status_code == 200, again.text
    data = again.json()
    assert data["created"] is False
    assert data["article"]["id"] == first["article"]["id"]
    assert [c["id"] for c in data["candidates"]] == [c["id"] for c in first["candidates"]]
    counts = [c["mention_count"] for c in data["candidates"]]
    assert counts == [c["mention_count"] for c in first["candidates"]]
    assert count(client, "/v1/articles") == articles_before


def test_the_seed_document_is_already_present(client):
    from app.seed import SEED_DIR

    text = next((SEED_DIR / "documents").glob("*.txt")).read_bytes()
    response = ingest(client, text)
    assert response.status_code == 200
    assert response.json()["article"]["slug"] == "kellogg-lukashenko-talks-minsk-newsweek"


def test_query_parameters_set_the_metadata(client):
    response = ingest(client, NEW_PEOPLE, published_at="2026-03-01T10:00:00+02:00",
                      url="https://example.org/a", outlet="Укрінформ", language="uk")
    article = response.json()["article"]
    assert article["published_at"] == "2026-03-01T08:00:00Z"
    assert (article["url"], article["outlet"]) == ("https://example.org/a", "Укрінформ")


@pytest.mark.parametrize(("body", "status", "words"), [
    (b"", 422, "empty"),
    (b"  \n\n ", 422, "empty"),
    ("Лише заголовок\n".encode(), 422, "no body"),
    ("Заголовок\nТекст".encode("cp1251"), 422, "UTF-8"),
    (b"PK\x03\x04\x00\x00binary\x00", 422, "NUL"),
    (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20, 422, "control"),
])
def test_bad_bodies_are_problems_and_write_nothing(client, body, status, words):
    articles_before = count(client, "/v1/articles")
    problem = assert_problem(ingest(client, body), status)
    assert words in problem["detail"]
    assert count(client, "/v1/articles") == articles_before


@pytest.mark.parametrize("content_type", [
    "text/html; charset=utf-8", "text/plain; charset=windows-1251", None,
])
def test_other_content_types_are_415(client, content_type):
    headers = {"content-type": content_type} if content_type else {}
    problem = assert_problem(ingest(client, NEW_PEOPLE, headers=headers), 415)
    assert "text/plain" in problem["detail"]


def test_oversized_body_is_413_whatever_content_length_says(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "max_document_bytes", 1000)
    articles_before = count(client, "/v1/articles")

    def chunks():
        yield "Заголовок\n".encode()
        for _ in range(100):
            yield ("Речення тексту. " * 5).encode()

    response = client.post("/v1/documents", content=chunks(), headers={**TEXT, "content-length": "20"})
    assert_problem(response, 413)
    assert count(client, "/v1/articles") == articles_before


def test_openapi_declares_a_plain_text_body_with_the_seed_as_example(client):
    operation = client.get("/openapi.json").json()["paths"]["/v1/documents"]["post"]
    assert operation["operationId"] == "ingestDocument"
    content = operation["requestBody"]["content"]["text/plain; charset=utf-8"]
    assert content["example"].startswith("Спецпредставник США Кіт Келлог")
    assert {"201", "200", "413", "415", "422"} <= set(operation["responses"])
