"""Timelines on the seed: the year buckets, precision kept honest, undated counted apart."""

from tests.helpers import assert_problem


def slugs(bucket) -> list[str]:
    return [e["slug"] for e in bucket["events"]]


def test_years_hold_the_visit_and_the_election_in_2020(client):
    body = client.get("/v1/timeline").json()
    assert body["total"] == 6
    assert [(b["period"], b["count"]) for b in body["buckets"]] == [("2020", 2), ("2022", 1)]
    assert slugs(body["buckets"][0]) == ["pompeo-visit-minsk-2020", "belarus-election-2020"]
    assert slugs(body["buckets"][1]) == ["us-embassy-belarus-suspended-2022"]
    assert body["imprecise"] == []
    assert body["undated"]["count"] == 3
    assert set(slugs(body["undated"])) == {
        "kellogg-lukashenko-talks-minsk", "belarus-protests-after-election-2020",
        "belarus-grants-russia-military-infrastructure"}


def test_months_never_put_a_year_on_the_first_of_january(client):
    body = client.get("/v1/timeline", params={"granularity": "month"}).json()
    assert body["buckets"] == []
    assert [(b["period"], b["precision"], b["count"]) for b in body["imprecise"]] == [
        ("2020", "year", 2), ("2022", "year", 1)]
    assert body["undated"]["count"] == 3
    assert body["total"] == 6


def test_a_dated_event_lands_in_its_day_and_a_month_event_apart(client):
    for slug, date in (("day-event", "2021-03-05"), ("month-event", "2021-03")):
        created = client.post("/v1/events", json={"title": f"Подія {slug}", "type": "meeting", "slug": slug,
                                                  "date_start": date})
        assert created.status_code == 201, created.text
    days = client.get("/v1/timeline", params={"granularity": "day", "from": "2021", "to": "2021"}).json()
    assert [(b["period"], slugs(b)) for b in days["buckets"]] == [("2021-03-05", ["day-event"])]
    assert [(b["period"], b["precision"], slugs(b)) for b in days["imprecise"]] == [
        ("2021-03", "month", ["month-event"])]
    months = client.get("/v1/timeline", params={"granularity": "month", "from": "2021", "to": "2021"}).json()
    assert [(b["period"], b["count"]) for b in months["buckets"]] == [("2021-03", 2)]
    assert months["undated"]["count"] == 0  # `from` keeps dated events only


def test_filters_are_the_event_lists(client):
    by_person = client.get("/v1/timeline", params={"person": "mike-pompeo"}).json()
    assert [(b["period"], slugs(b)) for b in by_person["buckets"]] == [("2020", ["pompeo-visit-minsk-2020"])]
    by_country = client.get("/v1/timeline", params={"country": "RU"}).json()
    assert by_country["total"] == 1
    assert slugs(by_country["undated"]) == ["belarus-grants-russia-military-infrastructure"]
    by_text = client.get("/v1/timeline", params={"q": "візит"}).json()
    listed = client.get("/v1/events", params={"q": "візит"}).json()["items"]
    assert by_text["total"] == len(listed) == 2  # the visit, and the talks whose summary says "візиту"
    assert slugs(by_text["buckets"][0]) + slugs(by_text["undated"]) == sorted(
        (e["slug"] for e in listed), key=lambda s: s != "pompeo-visit-minsk-2020")
    few = client.get("/v1/timeline", params={"per_bucket": 1}).json()
    assert few["buckets"][0]["count"] == 2
    assert len(few["buckets"][0]["events"]) == 1
    assert_problem(client.get("/v1/timeline", params={"granularity": "week"}), 422)
    assert_problem(client.get("/v1/timeline", params={"person": "nobody-at-all"}), 404)


def test_lukashenko_in_the_news_per_month(client):
    for day in ("2024-01-10", "2024-01-20", "2024-03-02"):
        created = client.post("/v1/articles", json={
            "title": f"Лукашенко {day}", "body": f"Олександр Лукашенко заявив щось {day}.",
            "published_at": f"{day}T09:00:00Z"})
        assert created.status_code == 201, created.text
    body = client.get("/v1/articles/timeline",
                      params={"person": "alexander-lukashenko", "granularity": "month"}).json()
    assert body["buckets"] == [{"period": "2024-01", "count": 2}, {"period": "2024-03", "count": 1}]
    assert body["undated"] == {"count": 1}  # the seed article has no publication date
    assert body["total"] == 4
    days = client.get("/v1/articles/timeline", params={"person": "alexander-lukashenko", "granularity": "day",
                                                       "published_from": "2024-01-15T00:00:00Z"}).json()
    assert days["buckets"] == [{"period": "2024-01-20", "count": 1}, {"period": "2024-03-02", "count": 1}]
    assert days["total"] == 2
