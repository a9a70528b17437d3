"""Places resolved to the gazetteer: GeoNames ids and coordinates, nulls where it is unsure."""


def test_seed_places_are_on_the_map(client):
    minsk = client.get("/v1/places/minsk").json()
    assert (minsk["geonames_id"], round(minsk["latitude"], 2), round(minsk["longitude"], 2)) == (
        625144, 53.9, 27.57)
    washington = client.get("/v1/places/washington").json()
    assert washington["geonames_id"] == 4140963  # the capital, not the other Washingtons of the US
    belarus = client.get("/v1/places/belarus").json()
    assert (belarus["geonames_id"], belarus["latitude"], belarus["longitude"]) == (630336, None, None)


def test_new_places_are_located_and_unknown_ones_keep_nulls(client):
    kyiv = client.post("/v1/places", json={"name": "Київ", "kind": "city", "country_code": "UA"}).json()
    assert (kyiv["geonames_id"], round(kyiv["latitude"], 1)) == (703448, 50.5)
    france = client.post("/v1/places", json={"name": "Франція", "kind": "country"}).json()
    assert (france["country_code"], france["geonames_id"]) == ("FR", 3017382)  # its Ukrainian name
    nowhere = client.post("/v1/places", json={"name": "Вигадане Місто", "kind": "city",
                                              "country_code": "UA"}).json()
    assert (nowhere["geonames_id"], nowhere["latitude"], nowhere["longitude"]) == (None, None, None)
    no_country = client.post("/v1/places", json={"name": "Париж", "name_en": "Paris", "kind": "city"}).json()
    assert no_country["geonames_id"] is None  # Paris, France or Paris, Texas: never guessed


def test_a_renamed_place_moves_in_one_version(client):
    place = client.post("/v1/places", json={"name": "Вигадане Місто", "kind": "city",
                                            "country_code": "UA"}).json()
    moved = client.patch(f"/v1/places/{place['id']}", json={"name": "Львів", "name_en": "Lviv"}).json()
    assert moved["geonames_id"] == 702550
    assert moved["version"] == 2
    changes = client.get("/v1/changes", params={"kind": "place", "since": 0, "limit": 1000}).json()["items"]
    mine = [(c["op"], c["version"]) for c in changes if c["id"] == place["id"]]
    assert mine == [("create", 1), ("update", 2)]
