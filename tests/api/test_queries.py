"""A query parameter taken once is refused when repeated (FastAPI would keep the last value,
silently); list parameters may repeat."""

from tests.helpers import assert_problem


def test_a_repeated_include_is_a_422_naming_it(client):
    problem = assert_problem(client.get("/v1/persons/keith-kellogg?include=articles&include=events"), 422)
    assert problem["errors"][0]["loc"] == ["query", "include"]
    assert "include=a,b" in problem["errors"][0]["msg"]


def test_repeated_fields_and_limit_are_refused_too(client):
    problem = assert_problem(client.get("/v1/articles?fields=id&fields=title&limit=1&limit=2"), 422)
    assert [e["loc"] for e in problem["errors"]] == [["query", "fields"], ["query", "limit"]]


def test_one_value_each_and_a_list_parameter_repeated_are_answered(client):
    assert client.get("/v1/articles?fields=id,title&limit=2").status_code == 200
    assert client.get("/v1/changes?kind=person&kind=article").status_code == 200
