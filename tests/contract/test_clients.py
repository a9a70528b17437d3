"""What generated clients and JavaScript validators make of the served OpenAPI document:
`fields=` and `include=` answers parse in a generated Python client and type-check in generated
TypeScript; `POST /v1/documents` is an operation of the generated Python client; every example
in the document, and every name the seed holds, validates with ajv (ECMA-262 regular expressions)."""

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.contract.node_tools import BIN, NODE_DIR, require_node_tools

GENERATOR = Path(sys.executable).parent / "openapi-python-client"


def served_spec(client, tmp_path: Path) -> Path:
    document = tmp_path / "openapi.json"
    document.write_text(client.get("/openapi.json").text, encoding="utf-8")
    return document


def test_every_example_and_every_seed_name_validates_with_ajv(client, tmp_path):
    require_node_tools("ajv", "ajv-formats")
    document = served_spec(client, tmp_path)
    values = []
    for collection, schema in (("persons", "PersonCreate"), ("organizations", "OrganizationCreate"),
                               ("places", "PlaceCreate")):
        items = client.get(f"/v1/{collection}?limit=100").json()["items"]
        assert items
        for item in items:
            values.append([f"spec#/components/schemas/{schema}/properties/name", item["name"]])
            values += [[f"spec#/components/schemas/{schema}/properties/name", a["alias"]]
                       for a in item.get("aliases", [])]
    (tmp_path / "values.json").write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        ["node", str(NODE_DIR / "validate.mjs"), str(document), str(tmp_path / "values.json")],
        capture_output=True, text=True, timeout=300, cwd=NODE_DIR)
    assert result.returncode == 0, result.stdout + result.stderr
    assert any("Келлог" in name for _, name in values)  # Cyrillic names were among them


def test_generated_typescript_accepts_fields_and_include_answers(client, tmp_path):
    require_node_tools("openapi-typescript", "tsc")
    document = served_spec(client, tmp_path)
    subprocess.run([str(BIN / "openapi-typescript"), str(document), "-o", str(tmp_path / "api.d.ts")],
                   check=True, capture_output=True, text=True, timeout=300)
    page = client.get("/v1/articles?fields=id,title&include=persons")
    one = client.get("/v1/persons/keith-kellogg?fields=id,name&include=events")
    assert page.status_code == one.status_code == 200
    assert "slug" not in page.json()["items"][0]
    assert "persons" in page.json()["items"][0]
    (tmp_path / "shaped.ts").write_text(f"""
import type {{ paths }} from "./api";
type ArticlePage = paths["/v1/articles"]["get"]["responses"][200]["content"]["application/json"];
type OnePerson = paths["/v1/persons/{{ref}}"]["get"]["responses"][200]["content"]["application/json"];
export const page: ArticlePage = {page.text};
export const person: OnePerson = {one.text};
export const firstId: number = page.items[0].id;
""", encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "tsc"), "--noEmit", "--strict", "--target", "es2022", "--module", "esnext",
         "--moduleResolution", "bundler", str(tmp_path / "api.d.ts"), str(tmp_path / "shaped.ts")],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def generated_client(client, tmp_path):
    """A Python client package generated offline by openapi-python-client from the served document."""
    if not GENERATOR.exists():
        pytest.fail(f"openapi-python-client is missing from {GENERATOR.parent}; run `uv sync --frozen`")
    document = served_spec(client, tmp_path)
    (tmp_path / "config.yml").write_text("project_name_override: dipnews_client\n"
                                         "package_name_override: dipnews_client\npost_hooks: []\n")
    result = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(document), "--meta", "none",
         "--output-path", str(tmp_path / "dipnews_client"), "--config", str(tmp_path / "config.yml")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("dipnews_client"), result.stdout + result.stderr
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "dipnews_client" or m.startswith("dipnews_client.")]:
            del sys.modules[name]
        shutil.rmtree(tmp_path / "dipnews_client", ignore_errors=True)


def test_generated_python_client_parses_fields_answers_and_can_ingest(client, generated_client):
    package, output = generated_client
    assert "ingest_document" not in output.lower() or "unsupported" not in output.lower()
    get_article = importlib.import_module("dipnews_client.api.articles.get_article")
    list_articles = importlib.import_module("dipnews_client.api.articles.list_articles")
    ingest = importlib.import_module("dipnews_client.api.documents.ingest_document")
    assert hasattr(ingest, "sync_detailed")  # the ingest operation was generated

    trimmed = client.get("/v1/articles/1?fields=id,title")
    assert set(trimmed.json()) == {"id", "title"}
    parsed = get_article._parse_response(client=package.Client("http://testserver"),
                                         response=_as_httpx(trimmed))
    assert parsed.id == 1
    assert parsed.title == trimmed.json()["title"]

    page = client.get("/v1/articles?fields=id,title&include=events")
    parsed_page = list_articles._parse_response(client=package.Client("http://testserver"),
                                                response=_as_httpx(page))
    assert [item.id for item in parsed_page.items] == [i["id"] for i in page.json()["items"]]


def _as_httpx(response):
    import httpx

    return httpx.Response(response.status_code, headers=response.headers, content=response.content)
