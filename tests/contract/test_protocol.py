"""HTTP as clients expect it, on every route: HEAD wherever GET, OPTIONS and 405 listing every
method, malformed or oversized JSON refused with a problem; documents as JSON or a multipart
file; CSV cells a spreadsheet would run as formulas exported as text."""

import csv
import io

from app.config import get_settings
from tests.helpers import assert_problem

DOCUMENT = """Посол Литви зустрівся з міністром закордонних справ Молдови в Кишиневі

Посол Литви Вільнюс Дайнюс обговорив з міністром закордонних справ Молдови співпрацю в енергетиці.

Сторони домовилися провести наступну зустріч навесні, повідомляє пресслужба відомства.
"""


def test_head_answers_like_get_without_a_body(client):
    got = client.get("/v1/persons/keith-kellogg")
    head = client.head("/v1/persons/keith-kellogg")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == got.headers["etag"]
    assert head.headers["content-type"] == got.headers["content-type"]
    assert client.head("/v1/persons/nobody-at-all").status_code == 404


def test_options_and_405_list_every_method_of_the_path(client):
    options = client.options("/v1/articles")
    assert options.status_code == 204
    assert options.headers["allow"] == "GET, HEAD, POST, OPTIONS"
    one = client.options("/v1/articles/1")
    assert one.headers["allow"] == "GET, HEAD, PATCH, DELETE, OPTIONS"
    refused = client.put("/v1/articles", json={})
    body = assert_problem(refused, 405)
    assert refused.headers["allow"] == "GET, HEAD, POST, OPTIONS"
    assert "PUT" in body["detail"]
    assert_problem(client.get("/v1/no-such-thing"), 404)


def test_malformed_json_is_a_400_problem_on_every_write(client):
    for method, path in (("POST", "/v1/persons"), ("PATCH", "/v1/persons/keith-kellogg"),
                         ("POST", "/v1/events"), ("PATCH", "/v1/articles/1")):
        response = client.request(method, path, content='{"name": "Ян'.encode(),
                                  headers={"content-type": "application/json"})
        body = assert_problem(response, 400)
        assert "not valid JSON" in body["detail"], (method, path)


def test_json_bodies_over_the_cap_are_a_413_problem(client):
    limit = get_settings().max_json_bytes
    big = b'{"name": "' + b"a" * limit + b'"}'
    json_type = {"content-type": "application/json"}
    body = assert_problem(client.post("/v1/persons", content=big, headers=json_type), 413)
    assert str(limit) in body["detail"]

    def chunks():  # no Content-Length: counted as it arrives
        yield b'{"name": "'
        for _ in range(limit // 65536 + 2):
            yield b"b" * 65536
        yield b'"}'

    assert_problem(client.post("/v1/organizations", content=chunks(),
                               headers={"content-type": "application/json"}), 413)


def test_a_document_as_json_and_as_a_multipart_file(client):
    as_json = client.post("/v1/documents", json={
        "text": DOCUMENT, "outlet": "Укрінформ", "published_at": "2024-03-05T09:30:00+02:00"})
    assert as_json.status_code == 201, as_json.text
    article = as_json.json()["article"]
    assert article["outlet"] == "Укрінформ"
    assert article["published_at"] == "2024-03-05T07:30:00Z"
    assert article["title"].startswith("Посол Литви")

    again = client.post("/v1/documents", files={"file": ("doc.txt", DOCUMENT.encode(), "text/plain")},
                        data={"language": "uk"})
    assert again.status_code == 200, again.text  # the same text: the same article
    assert again.json()["article"]["id"] == article["id"]

    other = DOCUMENT.replace("навесні", "восени")
    uploaded = client.post("/v1/documents", files={"file": ("doc.txt", other.encode(), "text/plain")},
                           data={"outlet": "Європейська правда"})
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["article"]["outlet"] == "Європейська правда"


def test_a_document_sent_badly_is_a_problem(client):
    assert_problem(client.post("/v1/documents", json={"text": DOCUMENT, "published_at": 0.5}), 422)
    assert_problem(client.post("/v1/documents", json={"outlet": "x"}), 422)
    json_type = {"content-type": "application/json"}
    assert_problem(client.post("/v1/documents", content=b'{"text": ', headers=json_type), 400)
    assert_problem(client.post("/v1/documents", data={"outlet": "x"},
                               files={"other": ("a.txt", b"x", "text/plain")}), 422)
    xml = {"content-type": "application/xml"}
    assert_problem(client.post("/v1/documents", content=b"<a/>", headers=xml), 415)
    limit = get_settings().max_document_bytes
    assert_problem(client.post("/v1/documents", json={"text": "Заголовок\n\n" + "а" * limit}), 413)
    big = {"file": ("big.txt", b"a" * (limit + 1), "text/plain")}
    assert_problem(client.post("/v1/documents", files=big), 413)


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(client):
    created = client.post("/v1/organizations", json={"name": "=HYPERLINK(\"http://x\") Агенція",
                                                     "description": "@SUM(1+1)"})
    assert created.status_code == 201, created.text
    client.post("/v1/organizations", json={"name": "-Агенція мінус", "description": "+380 44 000 00 00"})
    response = client.get("/v1/organizations?limit=100", headers={"accept": "text/csv"})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    names = {row["name"] for row in rows}
    assert "'=HYPERLINK(\"http://x\") Агенція" in names
    assert "'-Агенція мінус" in names
    descriptions = {row["description"] for row in rows}
    assert "'@SUM(1+1)" in descriptions
    assert "'+380 44 000 00 00" in descriptions
    assert not any(value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())
    stored = client.get(f"/v1/organizations/{created.json()['id']}").json()
    assert stored["name"].startswith("=")  # JSON gives the name as stored


def test_unicode_digits_are_no_ids_in_histories_restores_and_keys(client):
    for method, path in (("GET", "/v1/organizations/%C2%B9/history"),
                         ("POST", "/v1/organizations/%C2%B9/restore"), ("DELETE", "/v1/keys/%C2%B9")):
        assert_problem(client.request(method, path), 404)
