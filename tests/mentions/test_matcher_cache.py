"""The name matcher is cached per process under the database's names version: every entity
or alias write changes the version, so the next document sees the new names, on any worker."""

from sqlalchemy import select

from app.models import NamesVersion
from tests.ingest.test_documents import ingest


def names_version(session) -> tuple[int, str]:
    return tuple(session.execute(select(NamesVersion.version, NamesVersion.token)).one())


def surfaces(response, slug: str) -> list[str]:
    return sorted(m["surface"] for m in response.json()["mentions"] if m["entity"]["slug"] == slug)


def test_a_document_after_a_new_person_names_them(client, session):
    first = ingest(client, "Зустріч у Мінську\n\nУ Мінську зустрілися дипломати.")
    assert first.status_code == 201  # the matcher is built and cached for these names
    before = names_version(session)
    created = client.post("/v1/persons", json={"name": "Ярема Довгополюк", "family_name": "Довгополюк"})
    assert created.status_code == 201, created.text
    assert names_version(session)[0] > before[0]
    slug = created.json()["slug"]
    second = ingest(client, "Ярема Довгополюк у Мінську\n\nЯрему Довгополюка зустріли в Мінську.")
    assert surfaces(second, slug) == ["Ярема Довгополюк", "Ярему Довгополюка"]


def test_an_alias_added_or_removed_changes_what_the_next_document_links(client, session):
    created = client.post("/v1/places", json={"name": "Вільнюс", "kind": "city", "country_code": "LT"})
    slug = created.json()["slug"]
    ingest(client, "Переговори у Вільнюсі\n\nУ Вільнюсі тривають переговори.")
    before = names_version(session)
    client.patch(f"/v1/places/{slug}", json={"aliases": [{"alias": "Wilno", "language": "pl"}]})
    assert names_version(session) != before
    polish = ingest(client, "Rozmowy w Wilno\n\nDelegacje spotkały się w Wilno.")
    assert surfaces(polish, slug) == ["Wilno", "Wilno"]
    client.patch(f"/v1/places/{slug}", json={"aliases": []})  # removed by a bulk delete
    again = ingest(client, "Wilno znowu\n\nDelegacje spotkały się znowu w Wilno.")
    assert surfaces(again, slug) == []


def test_a_write_that_changes_no_name_keeps_the_version(client, session):
    before = names_version(session)
    patched = client.patch("/v1/persons/keith-kellogg", json={"description": "Спецпредставник."})
    assert patched.status_code == 200, patched.text
    assert names_version(session) == before
