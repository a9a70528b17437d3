"""The seed: what the documents state, found mentions, idempotency, rejected annotations."""

import shutil
from collections import Counter

import pytest
from sqlalchemy import select, text

from app.ingest.seed import SEED_DIR, SeedError, load_documents, seed
from app.models import Article, Mention, Person
from app.text.normalize import normalize


def test_seed_persons_with_english_names_and_offices(client):
    persons = {p["slug"]: p for p in client.get("/v1/persons?limit=100").json()["items"]}
    assert {s: persons[s]["name"] for s in persons} == {
        "keith-kellogg": "Кіт Келлог",
        "alexander-lukashenko": "Олександр Лукашенко",
        "mike-pompeo": "Майк Помпео",
        "donald-trump": "Дональд Трамп",
    }
    kellogg = persons["keith-kellogg"]
    assert kellogg["name_en"] == "Keith Kellogg"
    assert [o["title"] for o in kellogg["offices"]] == [
        "спеціальний представник президента США з питань України"
    ]
    assert {a["alias"] for a in kellogg["aliases"]} >= {"Keith Kellogg", "Kit Kelloh"}
    assert [o["title"] for o in persons["mike-pompeo"]["offices"]] == ["державний секретар США"]


def test_seed_organizations_and_places(client):
    orgs = {o["slug"] for o in client.get("/v1/organizations").json()["items"]}
    assert {"belta", "newsweek", "us-embassy-belarus"} <= orgs
    places = {p["slug"]: p for p in client.get("/v1/places?limit=100").json()["items"]}
    assert {"minsk", "belarus", "united-states", "ukraine", "russia", "washington"} <= set(places)
    assert places["belarus"]["kind"] == "country"
    assert places["belarus"]["country_code"] == "BY"


@pytest.mark.parametrize(
    ("slug", "type_", "date", "precision"),
    [
        ("kellogg-lukashenko-talks-minsk", "negotiation", None, "unknown"),
        ("pompeo-visit-minsk-2020", "visit", "2020", "year"),
        ("belarus-election-2020", "election", "2020", "year"),
        ("belarus-protests-after-election-2020", "protest", None, "unknown"),
        ("us-embassy-belarus-suspended-2022", "diplomatic_relations", "2022", "year"),
        ("belarus-grants-russia-military-infrastructure", "military_support", None, "unknown"),
    ],
)
def test_seed_events_keep_the_dates_the_text_states(client, slug, type_, date, precision):
    event = client.get(f"/v1/events/{slug}").json()
    assert (event["type"], event["date_start"], event["date_precision"]) == (type_, date, precision)
    article = client.get(f"/v1/articles/{event['sources'][0]['article']['id']}").json()
    for source in event["sources"]:
        assert article["body"][source["start"]:source["end"]] == source["quote"]


def test_talks_have_envoy_host_place_and_format(client):
    event = client.get("/v1/events/kellogg-lukashenko-talks-minsk").json()
    roles = {p["entity"]["slug"]: p["role"] for p in event["participants"]}
    assert roles == {"keith-kellogg": "envoy", "alexander-lukashenko": "host"}
    assert event["place"]["slug"] == "minsk"
    assert event["format"] == "closed-door"


def test_article_fields_from_the_document(client):
    article = client.get("/v1/articles?limit=1").json()["items"][0]
    assert article["title"].startswith("Спецпредставник США Кіт Келлог")
    assert article["lead"].startswith("У Мінську відбулася зустріч")
    source = (article["outlet"], article["original_source"], article["published_at"])
    assert source == ("NewsWeek", "Белта", None)


def test_mentions_found_in_every_case_with_exact_offsets(client):
    article = client.get("/v1/articles/kellogg-lukashenko-talks-minsk-newsweek").json()
    mentions = client.get(f"/v1/articles/{article['id']}/mentions").json()
    for m in mentions:
        assert article[m["field"]][m["start"]:m["end"]] == m["surface"]
    by_person = Counter(m["entity"]["slug"] for m in mentions if m["entity"]["kind"] == "person")
    assert by_person["keith-kellogg"] == 5
    assert by_person["alexander-lukashenko"] == 3
    kellogg_forms = {m["surface"] for m in mentions if m["entity"]["slug"] == "keith-kellogg"}
    assert kellogg_forms == {"Кіт Келлог", "Кітом Келлогом", "Кіта Келлога", "Келлог"}
    places = {m["surface"] for m in mentions if m["entity"]["slug"] == "minsk"}
    assert places == {"Мінську", "Мінськ", "Мінськом"}
    assert not any(normalize(m["surface"]) == "кіт" for m in mentions)


def _snapshot(session) -> dict[str, list]:
    tables = ["article", "person", "person_alias", "person_office", "organization", "organization_alias",
              "place", "place_alias", "event", "event_participant", "event_source", "mention"]
    return {t: session.execute(text(f"SELECT * FROM {t} ORDER BY id")).all() for t in tables}


def test_second_seed_changes_nothing(session):
    before = _snapshot(session)
    seed(session)
    session.flush()
    assert _snapshot(session) == before


def test_bad_annotation_is_rejected_with_file_field_and_reason(tmp_path, session):
    shutil.copytree(SEED_DIR, tmp_path / "seed")
    note = next((tmp_path / "seed" / "annotations").glob("*.yaml"))
    note.write_text(note.read_text().replace("type: visit", "type: picnic"))
    with pytest.raises(SeedError) as error:
        load_documents(tmp_path / "seed")
    assert note.name in str(error.value)
    assert "events.1.type" in str(error.value)


def test_quote_not_in_document_is_rejected_and_nothing_written(tmp_path, session):
    shutil.copytree(SEED_DIR, tmp_path / "seed")
    note = next((tmp_path / "seed" / "annotations").glob("*.yaml"))
    note.write_text(note.read_text().replace("США призупинили діяльність", "США відновили діяльність"))
    persons_before = session.execute(select(Person.id)).all()
    with pytest.raises(SeedError, match="evidence"):
        seed(session, load_documents(tmp_path / "seed"))
    assert session.execute(select(Person.id)).all() == persons_before


def test_seed_into_empty_tables_finds_mentions(session):
    """Mentions are computed, not stored in the annotation: wipe them and seed restores them."""
    count = len(session.execute(select(Mention.id)).all())
    session.execute(text("DELETE FROM mention"))
    seed(session)
    session.flush()
    assert len(session.execute(select(Mention.id)).all()) == count
    assert session.execute(select(Article.id)).all()
