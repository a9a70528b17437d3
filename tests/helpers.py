"""Assertions and fixtures-by-hand the tests share."""


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


def post_articles_naming_kellogg(client, n: int) -> None:
    """n dated articles that name Кіт Келлог (two of them on each day of January 2024)."""
    for i in range(n):
        created = client.post("/v1/articles", json={
            "title": f"Келлог, день {i}", "body": f"Кіт Келлог провів зустріч номер {i}.",
            "published_at": f"2024-01-{i % 28 + 1:02d}T00:00:00Z",
        })
        assert created.status_code == 201, created.text
