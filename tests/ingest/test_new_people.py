"""New people with feminine or non-dictionary surnames are proposed in the nominative; an accepted
one is found by its Latin transliteration (POST /v1/documents, /v1/candidates, /v1/persons)."""

from tests.ingest.test_candidates import pending
from tests.ingest.test_documents import ingest

NEW_NAMES = """Правозахисники обговорили долю політв'язнів

Журналіст Ігор Лосик провів у колонії кілька років. Про звільнення Ігоря Лосика говорили дипломати.
Наталія Дуліна розповіла про тиск на викладачів. Слова Наталії Дуліної процитували посли.
Голова Європарламенту зустрілася з Робертою Мецолою? Ні: делегація зустрілася з Робертою Мецолою.
Британський дипломат Джон Коул приїхав пізніше; Джона Коула запросили на вечерю.
У Мінську та Києві пройшли акції. Олена Київ — не людина, а рядок для перевірки.
Посол Марія Україна теж не людина. Учора Рудий Кіт спав. Європейська Рада засідала.
"""

EXPECTED = {"Ігор Лосик", "Наталія Дуліна", "Роберта Мецола", "Джон Коул"}


def test_feminine_and_unknown_surnames_are_proposed_in_the_nominative(client):
    ingest(client, NEW_NAMES)
    candidates = pending(client)
    assert EXPECTED <= set(candidates)
    assert set(candidates) - EXPECTED == set()  # no junk
    mecola = candidates["Роберта Мецола"]
    assert (mecola["given_name"], mecola["family_name"]) == ("Роберта", "Мецола")
    assert {m["surface"] for m in mecola["mentions"]} == {"Робертою Мецолою"}
    assert {m["surface"] for m in candidates["Ігор Лосик"]["mentions"]} == {"Ігор Лосик", "Ігоря Лосика"}
    assert {m["surface"] for m in candidates["Наталія Дуліна"]["mentions"]} == {
        "Наталія Дуліна", "Наталії Дуліної"}


def test_an_accepted_candidate_is_found_by_its_latin_transliteration(client):
    ingest(client, NEW_NAMES)
    cole = pending(client)["Джон Коул"]
    person = client.post(f"/v1/candidates/{cole['id']}/accept").json()
    assert person["slug"] == "dzhon-koul"
    assert "Dzhon Koul" in {a["alias"] for a in person["aliases"] if a["kind"] == "transliteration"}
    for q in ("Koul", "Dzhon Koul", "Коул", "Коулом"):
        found = client.get("/v1/persons", params={"q": q}).json()["items"]
        assert person["id"] in [p["id"] for p in found], q
