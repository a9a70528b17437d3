"""Places and events on a map: Accept: application/geo+json on their lists."""

from tests.helpers import assert_problem

GEO = {"Accept": "application/geo+json"}


def test_places_as_a_feature_collection(client):
    response = client.get("/v1/places", params={"limit": 100}, headers=GEO)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection"
    by_slug = {f["properties"]["slug"]: f for f in body["features"]}
    minsk = by_slug["minsk"]
    assert minsk["geometry"]["type"] == "Point"
    lon, lat = minsk["geometry"]["coordinates"]
    assert (round(lon, 2), round(lat, 2)) == (27.57, 53.9)  # GeoJSON order: longitude first
    assert by_slug["belarus"]["geometry"] is None  # a country: GeoNames gives no point, none is guessed
    assert len(body["features"]) == len(client.get("/v1/places", params={"limit": 100}).json()["items"])


def test_events_at_the_place_they_were_held(client):
    body = client.get("/v1/events", params={"limit": 100}, headers=GEO).json()
    by_slug = {f["properties"]["slug"]: f for f in body["features"]}
    assert len(by_slug) == 6
    talks = by_slug["kellogg-lukashenko-talks-minsk"]
    assert [round(c, 2) for c in talks["geometry"]["coordinates"]] == [27.57, 53.9]
    assert talks["properties"]["sources"][0]["quote"].startswith("У Мінську")
    assert by_slug["us-embassy-belarus-suspended-2022"]["geometry"] is None  # no place given
    assert by_slug["belarus-election-2020"]["geometry"] is None  # held in a country: no point
    minsk_events = client.get("/v1/places/minsk/events", headers=GEO).json()
    assert {f["properties"]["slug"] for f in minsk_events["features"]} == {
        "kellogg-lukashenko-talks-minsk", "pompeo-visit-minsk-2020"}


def test_geojson_only_where_there_is_a_map(client):
    assert_problem(client.get("/v1/persons", headers=GEO), 406)
    assert_problem(client.get("/v1/places/minsk", headers=GEO), 406)
    assert_problem(client.get("/v1/timeline", headers=GEO), 406)
