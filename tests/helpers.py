"""Assertions the tests share."""


def assert_problem(response, status: int) -> dict:
    """An RFC 9457 problem with the given status and a useful detail."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["type"]
    assert len(body["detail"]) > 10
    return body
