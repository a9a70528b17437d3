"""US–Belarus on the seed: three events, each scored and quoted; the yearly summary."""

from tests.helpers import assert_problem


def test_us_and_belarus(client):
    body = client.get("/v1/relations/US/BY").json()
    assert (body["a"], body["b"], body["total"], body["truncated"]) == ("US", "BY", 3, False)
    assert [(e["event"]["slug"], e["undated"], e["cameo_code"], e["goldstein"]) for e in body["events"]] == [
        ("pompeo-visit-minsk-2020", False, "042", 1.9),
        ("us-embassy-belarus-suspended-2022", False, "161", -4.0),
        ("kellogg-lukashenko-talks-minsk", True, "046", 7.0),
    ]
    visit, embassy, talks = body["events"]
    assert [s["entity"]["slug"] for s in visit["a"]] == ["mike-pompeo", "united-states"]
    assert [(s["entity"]["slug"], s["role"]) for s in visit["b"]] == [("belarus", "host")]
    assert [(s["entity"]["slug"], s["role"]) for s in talks["a"]] == [("keith-kellogg", "envoy")]
    assert [(s["entity"]["slug"], s["role"]) for s in talks["b"]] == [("alexander-lukashenko", "host")]
    assert embassy["evidence"][0]["quote"] == "США призупинили діяльність свого посольства у 2022 році."
    summary = body["summary"]
    assert (summary["count"], summary["scored"], summary["mean_goldstein"]) == (3, 3, 1.63)
    assert [(y["year"], y["count"], y["mean_goldstein"], y["types"]) for y in summary["years"]] == [
        ("2020", 1, 1.9, {"visit": 1}), ("2022", 1, -4.0, {"diplomatic_relations": 1})]
    assert (summary["undated"]["count"], summary["undated"]["types"]) == (1, {"negotiation": 1})


def test_place_refs_and_order_of_sides(client):
    swapped = client.get("/v1/relations/belarus/united-states").json()
    assert (swapped["a"], swapped["b"], swapped["total"]) == ("BY", "US", 3)
    assert [s["entity"]["slug"] for s in swapped["events"][0]["a"]] == ["belarus"]
    russia = client.get("/v1/relations/BY/ru").json()
    assert [e["event"]["slug"] for e in russia["events"]] == ["belarus-grants-russia-military-infrastructure"]
    assert russia["events"][0]["goldstein"] == 7.4


def test_errors(client):
    assert_problem(client.get("/v1/relations/US/US"), 422)
    assert_problem(client.get("/v1/relations/US/atlantis"), 404)
    assert client.get("/v1/relations/US/FR").json()["total"] == 0
