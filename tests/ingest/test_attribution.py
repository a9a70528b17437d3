"""Outlet and original source anywhere in a document, as organizations (POST /v1/documents)."""

import pytest

from tests.ingest.attribution_cases import CASES
from tests.ingest.test_documents import ingest


def document(sentence: str, n: int = 0) -> str:
    return (f"Посли обговорили консультації {n}\n\n"
            f"Посли двох країн провели консультації щодо візового режиму {n}.\n{sentence}\n"
            "Наступна зустріч запланована на осінь.")


@pytest.mark.parametrize(("sentence", "outlet", "source"), CASES,
                         ids=[f"sentence{i}" for i in range(len(CASES))])
def test_attribution_sentences_name_the_outlet_and_the_source(client, sentence, outlet, source):
    response = ingest(client, document(sentence))
    assert response.status_code == 201, response.text
    article = response.json()["article"]
    assert (article["outlet"], article["original_source"]) == (outlet, source)
    for name, ref in ((outlet, article["outlet_id"]), (source, article["original_source_id"])):
        if name is None:
            assert ref is None
            continue
        org = client.get(f"/v1/organizations/{ref}").json()
        names = {org["name"].casefold(), (org["name_en"] or "").casefold(),
                 *(a["alias"].casefold() for a in org["aliases"])}
        assert name.casefold() in names
        assert org["kind"] in ("media", "news_agency")


def test_one_agency_in_every_spelling_is_one_organization(client):
    belta = client.get("/v1/organizations/belta").json()
    spellings = ["Про це повідомляє «Главком» з посиланням на Белту.",
                 'Про це повідомляє білоруське держінформагентство "Белта".',
                 "Про це повідомляє BELTA.", "Про це повідомило агентство «БелТА»."]
    for n, sentence in enumerate(spellings):
        article = ingest(client, document(sentence, n)).json()["article"]
        assert article["original_source_id"] == belta["id"], sentence
    organizations = client.get("/v1/organizations", params={"q": "Белта"}).json()["items"]
    assert [o["slug"] for o in organizations] == ["belta"]


def test_a_new_outlet_becomes_a_media_organization_reused_by_the_next_document(client):
    first = ingest(client, document("Як пише «Вісник Полісся», делегація прибула.", 1)).json()
    second = ingest(client, document("Як пише Вісник Полісся, делегація поїхала.", 2)).json()
    assert first["article"]["outlet"] == "Вісник Полісся"
    assert first["article"]["outlet_id"] == second["article"]["outlet_id"] is not None
    org = client.get(f"/v1/organizations/{first['article']['outlet_id']}").json()
    assert (org["name"], org["kind"]) == ("Вісник Полісся", "media")
    linked = client.get(f"/v1/organizations/{org['id']}/articles").json()["items"]
    assert {a["id"] for a in linked} == {first["article"]["id"], second["article"]["id"]}


def test_a_url_names_the_outlet_only_when_its_host_spells_a_known_one(client):
    plain = "Посли провели консультації\n\nПосли двох країн провели консультації без журналістів."
    known = ingest(client, plain, url="https://www.belta.by/politics/view/1").json()["article"]
    belta = client.get("/v1/organizations/belta").json()
    assert (known["outlet"], known["outlet_id"]) == ("Белта", belta["id"])
    unknown = ingest(client, plain + " Вдруге.", url="https://news.example.com/a/1").json()["article"]
    assert (unknown["outlet"], unknown["outlet_id"]) == (None, None)
    named = ingest(client, document("Як пише Суспільне, делегація прибула.", 3),
                   url="https://www.belta.by/x").json()["article"]
    assert named["outlet"] == "Суспільне"  # the text's own attribution wins over the URL


def test_the_outlet_parameter_still_overrides_the_text(client):
    article = ingest(client, document("Як пише Суспільне, делегація прибула.", 4), outlet="NewsWeek").json()
    assert article["article"]["outlet"] == "NewsWeek"
    assert article["article"]["outlet_id"] == client.get("/v1/organizations/newsweek").json()["id"]


def test_the_set_covers_forty_sentences_and_a_dozen_outlets():
    outlets = {name for _, outlet, source in CASES for name in (outlet, source) if name}
    assert len(CASES) >= 40
    assert len(outlets) >= 12
