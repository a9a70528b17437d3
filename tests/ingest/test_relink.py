"""Creating a person, organization or place, or adding an alias, links existing articles —
only the articles that can contain the new name are re-matched."""

from sqlalchemy import select

from app.mentions import relink
from app.mentions.relink import articles_containing, form_prefix
from app.models import Article
from tests.ingest.docs import NEW_PEOPLE
from tests.ingest.test_documents import ingest


def mentions_of(client, article_id: int, slug: str) -> list[str]:
    rows = client.get(f"/v1/articles/{article_id}/mentions").json()
    return sorted(m["surface"] for m in rows if m["entity"]["slug"] == slug)


def test_a_new_person_is_linked_in_existing_articles_once(client):
    article = ingest(client, NEW_PEOPLE).json()["article"]
    response = client.post("/v1/persons", json={"name": "Ганна Кравчук", "family_name": "Кравчук"})
    assert response.status_code == 201, response.text
    slug = response.json()["slug"]
    assert mentions_of(client, article["id"], slug) == ["Ганною Кравчук", "Ганною Кравчук"]
    patched = client.patch(f"/v1/persons/{slug}", json={"description": "Дипломатка."})
    assert patched.status_code == 200
    again = client.patch(f"/v1/persons/{slug}", json={"aliases": []})
    assert again.status_code == 200
    assert mentions_of(client, article["id"], slug) == ["Ганною Кравчук", "Ганною Кравчук"]


def test_an_alias_links_its_case_forms_and_removing_it_unlinks(client):
    article = ingest(client, "Переговори у Варшаві\n\nУ Варшаві відбулися переговори.").json()["article"]
    created = client.post("/v1/places", json={"name": "Варшава", "kind": "city", "country_code": "PL"})
    slug = created.json()["slug"]
    assert mentions_of(client, article["id"], slug) == ["Варшаві", "Варшаві"]
    client.patch(f"/v1/places/{slug}", json={"aliases": [{"alias": "Warszawa", "language": "pl"}]})
    english = ingest(client, "Talks in Warszawa\n\nThe talks in Warszawa ended.").json()["article"]
    assert mentions_of(client, english["id"], slug) == ["Warszawa", "Warszawa"]
    client.patch(f"/v1/places/{slug}", json={"aliases": []})
    assert mentions_of(client, english["id"], slug) == []


def test_a_second_person_with_the_same_surname_makes_the_bare_surname_ambiguous(client):
    text = "Лукашенкові передали лист\n\nЛист передали Лукашенкові вчора."
    article = ingest(client, text).json()["article"]
    assert mentions_of(client, article["id"], "alexander-lukashenko") == ["Лукашенкові", "Лукашенкові"]
    client.post("/v1/persons", json={"name": "Віктор Лукашенко", "family_name": "Лукашенко"})
    assert mentions_of(client, article["id"], "alexander-lukashenko") == []


def test_only_articles_that_can_name_the_entity_are_rematched(client, session, monkeypatch):
    ingest(client, NEW_PEOPLE)
    ingest(client, "Переговори у Празі\n\nСторони обговорили торгівлю.")
    rematched: list[int] = []
    original = relink.link_articles

    def spy(session_, articles, matcher=None):
        articles = list(articles)
        rematched.extend(a.id for a in articles)
        return original(session_, articles, matcher)

    monkeypatch.setattr(relink, "link_articles", spy)
    client.post("/v1/persons", json={"name": "Ганна Кравчук", "family_name": "Кравчук"})
    titles = set(session.execute(select(Article.title).where(Article.id.in_(rematched))).scalars())
    assert titles == {"Посол Олег Петренко зустрівся з Ганною Кравчук у Варшаві"}


def test_name_prefixes_cover_every_case_form():
    assert form_prefix("Кіт Келлог") == "келлог"
    assert form_prefix("Олександр Лукашенко") == "олександр"  # the longer of олександр, лукашенк
    assert form_prefix("Київ") == "ки"  # Києва: the alternation shortens the shared prefix


def test_prefix_query_finds_case_forms_in_title_or_body(session):
    ids = set(session.execute(articles_containing(session, [form_prefix("Кіт Келлог")])).scalars())
    seed = session.execute(select(Article.id).where(Article.body.contains("Келлогом"))).scalar_one()
    assert seed in ids
    assert not set(session.execute(articles_containing(session, [form_prefix("Ганна Кравчук")])).scalars())
    # a prefix too short for the index (Київ, Києва: "ки") is looked for in the text itself
    kyiv = set(session.execute(articles_containing(session, [form_prefix("Київ")])).scalars())
    texts = session.execute(select(Article.id, Article.title, Article.body)).all()
    assert kyiv == {i for i, title, body in texts if "ки" in f"{title} {body}".lower()}


SHARED_SURNAME = """Олег Петренко прибув до Варшави

Олег Петренко провів переговори з польськими колегами. Петренко заявив про нові домовленості.
"""


def surname_alone_links(client, article_id: int) -> set[str]:
    mentions = client.get(f"/v1/articles/{article_id}/mentions").json()
    return {m["entity"]["slug"] for m in mentions if m["surface"] == "Петренко"}


def create(client, name: str, slug: str) -> None:
    given, family = name.split()
    response = client.post("/v1/persons", json={"name": name, "slug": slug, "given_name": given,
                                                "family_name": family})
    assert response.status_code == 201, response.text


def test_a_surname_two_persons_shared_links_once_one_of_them_is_deleted(client):
    create(client, "Олег Петренко", "oleh-petrenko")
    create(client, "Ігор Петренко", "ihor-petrenko")
    article = client.post("/v1/documents", content=SHARED_SURNAME.encode(),
                          headers={"content-type": "text/plain; charset=utf-8"}).json()["article"]
    assert surname_alone_links(client, article["id"]) == set()  # ambiguous: never linked
    assert client.delete("/v1/persons/ihor-petrenko").status_code == 204
    assert surname_alone_links(client, article["id"]) == {"oleh-petrenko"}


def test_renaming_away_from_a_shared_surname_links_it_to_the_other_person(client):
    create(client, "Олег Петренко", "oleh-petrenko")
    create(client, "Ігор Петренко", "ihor-petrenko")
    article = client.post("/v1/documents", content=SHARED_SURNAME.encode(),
                          headers={"content-type": "text/plain; charset=utf-8"}).json()["article"]
    renamed = client.patch("/v1/persons/ihor-petrenko", json={"name": "Ігор Коваленко",
                                                              "family_name": "Коваленко"})
    assert renamed.status_code == 200, renamed.text
    assert surname_alone_links(client, article["id"]) == {"oleh-petrenko"}
