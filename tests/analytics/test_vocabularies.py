"""Vocabularies: every value the API accepts, labelled, with CAMEO and Goldstein."""

from typing import get_args

from app.models.event import EventType, Role

EVENT_TYPES, PARTICIPANT_ROLES = get_args(EventType), get_args(Role)


def test_event_types(client):
    terms = client.get("/v1/vocabularies/event-types").json()
    assert [t["value"] for t in terms] == list(EVENT_TYPES)
    visit = next(t for t in terms if t["value"] == "visit")
    assert visit == {"value": "visit", "label_uk": "візит", "label_en": "visit", "cameo_code": "042",
                     "cameo_root": "04", "cameo_root_label": "Consult", "goldstein": 1.9}
    sanction = next(t for t in terms if t["value"] == "sanction")
    assert (sanction["cameo_root"], sanction["goldstein"]) == ("16", -8.0)
    election = next(t for t in terms if t["value"] == "election")
    assert (election["cameo_code"], election["goldstein"]) == (None, None)


def test_roles(client):
    terms = client.get("/v1/vocabularies/roles").json()
    assert [t["value"] for t in terms] == list(PARTICIPANT_ROLES)
    assert all(t["label_uk"] and t["label_en"] for t in terms)
    mediator = next(t for t in terms if t["value"] == "mediator")
    assert (mediator["cameo_code"], mediator["goldstein"]) == ("045", 5.0)
