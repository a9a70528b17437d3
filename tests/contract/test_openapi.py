"""The OpenAPI document: complete for every operation that exists when the tests run, clean
under Spectral's `spectral:oas` rules, and good enough to generate TypeScript that compiles."""

import json
import subprocess
from collections import Counter

import pytest

from tests.contract.node_tools import BIN, NODE_DIR, require_node_tools

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def spec():
    from app.main import create_app

    return create_app().openapi()


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def has_examples(node, spec, seen=()) -> bool:
    """Whether a schema (following $refs) carries an example anywhere."""
    if isinstance(node, dict):
        if "example" in node or "examples" in node:
            return True
        ref = node.get("$ref")
        if ref and ref not in seen:
            target = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
            return has_examples(target, spec, (*seen, ref))
        return any(has_examples(v, spec, seen) for v in node.values())
    if isinstance(node, list):
        return any(has_examples(v, spec, seen) for v in node)
    return False


def test_every_operation_is_named_described_and_tagged(spec):
    ops = list(operations(spec))
    assert len(ops) >= 25
    ids = Counter(op["operationId"] for _, op in ops)
    assert not [i for i, n in ids.items() if n > 1], "duplicate operationIds"
    for where, op in ops:
        assert op["operationId"][0].islower(), where
        assert "_" not in op["operationId"], where
        assert op.get("summary"), where
        assert op.get("description"), where
        assert op.get("tags"), where
    assert {"listArticles", "getArticle", "getPerson", "listEvents", "updateEvent"} <= set(ids)


def test_every_error_response_is_a_problem(spec):
    for where, op in operations(spec):
        errors = {s: r for s, r in op["responses"].items() if s[0] in "45"}
        for status, response in errors.items():
            content = response.get("content", {})
            assert list(content) == ["application/problem+json"], (where, status)
            assert content["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_bodies_and_answers_have_examples_from_the_seed(spec):
    for where, op in operations(spec):
        body = op.get("requestBody", {}).get("content", {})
        for media in body.values():
            assert has_examples(media, spec), f"{where}: request without an example"
        for status, response in op["responses"].items():
            json_body = response.get("content", {}).get("application/json")
            if status.startswith("2") and json_body and json_body.get("schema"):
                assert has_examples(json_body["schema"], spec), f"{where}: {status} without an example"
    assert "Кіт Келлог" in json.dumps(spec, ensure_ascii=False)


def test_formats_and_caching_are_declared(spec):
    listing = spec["paths"]["/v1/articles"]["get"]
    listing_formats = set(listing["responses"]["200"]["content"])
    assert {"application/json", "application/ld+json", "text/csv"} <= listing_formats
    assert "ETag" in listing["responses"]["200"]["headers"]
    assert {"304", "406"} <= set(listing["responses"])
    single = spec["paths"]["/v1/persons/{ref}"]["get"]["responses"]["200"]["content"]
    assert "application/ld+json" in single
    assert "text/csv" not in single
    assert "412" in spec["paths"]["/v1/articles/{ref}"]["patch"]["responses"]
    assert "If-Match" in spec["info"]["description"]


def test_spectral_oas_ruleset_finds_no_errors(spec, tmp_path):
    require_node_tools("spectral")
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(spec))
    result = subprocess.run(
        [str(BIN / "spectral"), "lint", str(document), "--ruleset", str(NODE_DIR / ".spectral.yaml"),
         "--format", "json", "--quiet", "--fail-severity", "error"],
        capture_output=True, text=True, timeout=300,
    )
    findings = json.loads(result.stdout or "[]")
    errors = [f"{'.'.join(map(str, f['path']))}: {f['message']}" for f in findings if f["severity"] == 0]
    assert errors == [], "\n".join(errors[:30])
    assert result.returncode == 0, result.stderr


def test_generated_typescript_compiles(spec, tmp_path):
    require_node_tools("openapi-typescript", "tsc")
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(spec))
    subprocess.run([str(BIN / "openapi-typescript"), str(document), "-o", str(tmp_path / "api.d.ts")],
                   check=True, capture_output=True, text=True, timeout=300)
    (tmp_path / "usage.ts").write_text((NODE_DIR / "usage.ts").read_text())
    result = subprocess.run(
        [str(BIN / "tsc"), "--noEmit", "--strict", "--target", "es2022", "--module", "esnext",
         "--moduleResolution", "bundler", str(tmp_path / "api.d.ts"), str(tmp_path / "usage.ts")],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_document_upload_example_is_the_seed_document(spec):
    """Read when the schema is built (not when the router is imported)."""
    from app.seed import SEED_DIR

    body = spec["paths"]["/v1/documents"]["post"]["requestBody"]["content"]["text/plain; charset=utf-8"]
    seed_text = next((SEED_DIR / "documents").glob("*.txt")).read_text(encoding="utf-8")
    assert body["example"] == seed_text


def test_json_ld_and_csv_are_declared_where_they_are_offered(spec):
    from app.kinds import ENTITY_KINDS

    for collection in ("articles", "events", *(kind.collection for kind in ENTITY_KINDS)):
        listed = spec["paths"][f"/v1/{collection}"]["get"]["responses"]["200"]["content"]
        assert {"application/json", "application/ld+json", "text/csv"} <= set(listed), collection
        one = spec["paths"][f"/v1/{collection}/{{ref}}"]["get"]["responses"]["200"]["content"]
        assert "application/ld+json" in one
        assert "text/csv" not in one
    search = spec["paths"]["/v1/search"]["get"]["responses"]["200"]["content"]
    assert "text/csv" in search
    assert "application/ld+json" not in search
