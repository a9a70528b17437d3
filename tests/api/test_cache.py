"""The response cache (app.api.cache) through a real server: two workers on a database of
their own, anonymous readers and keyed writers at the same time. A reader whose write has
committed never gets an answer from before it, whichever worker answers; a cached answer's ETag
still gives a 304."""

import threading

import httpx
import pytest

from tests.access.live import serve
from tests.helpers import DATABASE_URL, WRITE_KEY
from tests.scratch_db import migrated_with_key

KEYED = {"Authorization": f"Bearer {WRITE_KEY}"}
WRITERS = 3
ROUNDS = 12


@pytest.fixture(scope="module")
def server():
    with migrated_with_key(DATABASE_URL, "cache-writer", WRITE_KEY) as url:
        with serve(workers=2, DATABASE_URL=url, RATE_LIMIT_ANONYMOUS="1000000/minute",
                   RATE_LIMIT_KEY="1000000/minute") as live:
            yield live


def test_a_cached_answer_keeps_its_etag_and_answers_304(server):
    with httpx.Client(base_url=server.url) as client:
        created = client.post("/v1/persons", json={"name": "Марта Кешевич"}, headers=KEYED)
        assert created.status_code == 201
        ref = created.json()["slug"]
        first = client.get(f"/v1/persons/{ref}")
        assert first.headers["cache-status"] == "dipnews; fwd=uri-miss"
        again = [client.get(f"/v1/persons/{ref}") for _ in range(4)]
        assert all(r.status_code == 200 and r.content == first.content for r in again)
        assert {r.headers["cache-status"] for r in again} == {"dipnews; hit"}  # one connection: one worker
        assert {r.headers["etag"] for r in again} == {first.headers["etag"]}
        assert len({r.headers["x-request-id"] for r in again}) == 4  # the edge still runs per request
        assert "ratelimit" in again[-1].headers
        revalidated = client.get(f"/v1/persons/{ref}", headers={"If-None-Match": first.headers["etag"]})
        assert revalidated.status_code == 304
        assert revalidated.headers["etag"] == first.headers["etag"]
        assert revalidated.content == b""
        assert revalidated.headers["cache-status"] == "dipnews; hit"
        renamed = client.patch(f"/v1/persons/{ref}", json={"name_en": "Marta Keshevych"}, headers=KEYED)
        assert renamed.status_code == 200
        after = client.get(f"/v1/persons/{ref}")
        assert after.headers["cache-status"] == "dipnews; fwd=stale"  # built again, after the write
        assert after.json()["name_en"] == "Marta Keshevych"
        as_ld = client.get(f"/v1/persons/{ref}", headers={"Accept": "application/ld+json"})
        assert as_ld.headers["content-type"].startswith("application/ld+json")  # Accept is in the key


def test_after_a_write_commits_no_reader_sees_the_answer_from_before(server):
    with httpx.Client(base_url=server.url) as client:
        refs = []
        for i in range(WRITERS):
            created = client.post("/v1/persons", json={"name": f"Ярема Записенко {i}"}, headers=KEYED)
            assert created.status_code == 201
            refs.append(created.json()["slug"])
    failures: list[str] = []
    stop = threading.Event()

    def warm() -> None:  # keeps every worker's cache full of the lists and the persons
        with httpx.Client(base_url=server.url) as client:
            while not stop.is_set():
                for ref in refs:
                    client.get(f"/v1/persons/{ref}")
                client.get("/v1/persons", params={"limit": 100})

    def write(ref: str) -> None:
        with httpx.Client(base_url=server.url) as client:
            for round_ in range(ROUNDS):
                name_en = f"Yarema Zapysenko round {round_}"
                patched = client.patch(f"/v1/persons/{ref}", json={"name_en": name_en}, headers=KEYED)
                if patched.status_code != 200:
                    failures.append(f"PATCH {ref}: {patched.status_code} {patched.text}")
                    return
                for _ in range(3):  # new connections: either worker may answer
                    with httpx.Client(base_url=server.url) as fresh:
                        one = fresh.get(f"/v1/persons/{ref}").json()
                        listed = fresh.get("/v1/persons", params={"limit": 100}).json()["items"]
                    if one["name_en"] != name_en:
                        failures.append(f"{ref} read {one['name_en']!r} after writing {name_en!r}")
                    shown = next(p["name_en"] for p in listed if p["slug"] == ref)
                    if shown != name_en:
                        failures.append(f"the list showed {shown!r} after {name_en!r} was written")

    warmers = [threading.Thread(target=warm) for _ in range(2)]
    writers = [threading.Thread(target=write, args=(ref,)) for ref in refs]
    for thread in warmers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    for thread in warmers:
        thread.join()
    assert not failures, failures[:5]


def test_a_keyed_read_is_answered_by_the_app_itself(server):
    with httpx.Client(base_url=server.url) as client:
        created = client.post("/v1/persons", json={"name": "Орест Ключник"}, headers=KEYED)
        ref = created.json()["slug"]
        anonymous = client.get(f"/v1/persons/{ref}")
        keyed = client.get(f"/v1/persons/{ref}", headers=KEYED)
        assert keyed.status_code == anonymous.status_code == 200
        assert keyed.content == anonymous.content
        refused = client.get(f"/v1/persons/{ref}", headers={"Authorization": "Bearer dn_not-a-key"})
        assert refused.status_code == 401  # a key is still checked: never a cached answer


def test_an_ingested_document_is_listed_at_once(server):
    """POST /v1/documents writes in a savepoint before it commits: the whole write, and the data
    version it bumps, stay on the request's one connection, so the list cached before it shows
    the new article right after (and one worker never waits on a second connection)."""
    with httpx.Client(base_url=server.url) as client:
        before = client.get("/v1/articles", params={"limit": 5})
        assert before.status_code == 200
        assert before.json() == client.get("/v1/articles", params={"limit": 5}).json()  # cached
        posted = client.post("/v1/documents", headers={**KEYED, "content-type": "text/plain"},
                             content="Кешова перевірка: документ з'явився\n\nЗаява пролунала в Києві "
                                     "після зустрічі делегацій.".encode())
        assert posted.status_code == 201, posted.text
        slug = posted.json()["article"]["slug"]
        for _ in range(4):  # whichever worker answers
            listed = client.get("/v1/articles", params={"limit": 5})
            assert slug in [a["slug"] for a in listed.json()["items"]]
