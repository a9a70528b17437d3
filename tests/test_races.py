"""Races a real server must settle, on the suite's database (both engines): one winner when a
candidate is accepted and rejected at once, and one article when a document is posted twenty
times at once (the others answer 200 with it, as the README promises). Every row these tests
commit is deleted afterwards."""

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import delete
from sqlmodel import Session, col

from app.models import Candidate
from tests.helpers import WRITE_HEADERS
from tests.test_concurrency import server  # noqa: F401  (the uvicorn fixture)

TEXT = {"content-type": "text/plain; charset=utf-8"}
TRIALS = 6
POSTS = 20
# New people (no seed person), one per trial, and the keys their candidates get.
SURNAMES = ["Гаврилюк", "Остапчук", "Семенюк", "Климчук", "Мельничук", "Дорошенко"]


def document(i: int) -> str:
    return (f"Посол Тарас {SURNAMES[i]} прибув до Варшави\n\n"
            f"Посол Тарас {SURNAMES[i]} провів у Варшаві консультації щодо безпеки, номер {i}.\n")


@pytest.fixture
def http(server: str) -> Iterator[httpx.Client]:  # noqa: F811
    with httpx.Client(base_url=server, timeout=60, headers=WRITE_HEADERS) as client:
        yield client


@pytest.fixture
def cleanup(engine, http) -> Iterator[list[str]]:
    """Paths to DELETE afterwards; candidates of these names are deleted too."""
    paths: list[str] = []
    yield paths
    for path in reversed(paths):
        http.delete(path)
    with Session(engine) as session:
        keys = [f"тарас {surname.lower()}" for surname in SURNAMES]
        session.execute(delete(Candidate).where(col(Candidate.key).in_(keys)))
        session.commit()


def test_accept_and_reject_of_one_candidate_at_once_have_one_winner(http, cleanup):
    for trial in range(TRIALS):
        ingested = http.post("/v1/documents", content=document(trial).encode(), headers=TEXT)
        assert ingested.status_code == 201, ingested.text
        cleanup.append(f"/v1/articles/{ingested.json()['article']['id']}")
        [candidate] = ingested.json()["candidates"]
        start = threading.Barrier(2)

        def act(action: str, candidate_id: int = candidate["id"], start=start) -> httpx.Response:
            start.wait()
            return http.post(f"/v1/candidates/{candidate_id}/{action}")

        with ThreadPoolExecutor(2) as pool:
            accepted, rejected = pool.map(act, ["accept", "reject"])
        assert sorted([accepted.status_code, rejected.status_code]) == [200, 409], (
            accepted.text, rejected.text)
        loser = rejected if rejected.status_code == 409 else accepted
        assert loser.headers["content-type"].startswith("application/problem+json")
        if accepted.status_code == 200:
            cleanup.append(f"/v1/persons/{accepted.json()['id']}")
        final = http.get(f"/v1/candidates/{candidate['id']}").json()
        assert final["status"] == ("accepted" if accepted.status_code == 200 else "rejected")


def test_one_document_posted_twenty_times_at_once_is_stored_once(http, cleanup):
    body = document(0).encode()
    start = threading.Barrier(POSTS)

    def post(_: int) -> httpx.Response:
        start.wait()
        return http.post("/v1/documents", content=body, headers=TEXT)

    with ThreadPoolExecutor(POSTS) as pool:
        responses = list(pool.map(post, range(POSTS)))
    for response in responses:
        if response.status_code == 201:
            cleanup.append(f"/v1/articles/{response.json()['article']['id']}")
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * (POSTS - 1) + [201], [r.text for r in responses if r.status_code >= 300]
    assert len({response.json()["article"]["id"] for response in responses}) == 1
    assert all(response.json()["created"] is False for response in responses if response.status_code == 200)


def test_a_slow_document_upload_does_not_hold_up_other_writers(http, cleanup):
    """The key of a write is checked before its body arrives; that check must not take the
    database's write lock (SQLite), or one slow upload stalls every other writer until their
    busy timeout (503)."""
    title, rest = f"Посол Тарас {SURNAMES[1]} у Варшаві\n\n".encode(), document(1).split("\n", 1)[1].encode()
    person_answered = threading.Event()

    def slow_body() -> Iterator[bytes]:
        yield title
        person_answered.wait(120)  # bounded: a regression fails below instead of hanging here
        yield rest

    with ThreadPoolExecutor(1) as pool:
        upload = pool.submit(http.post, "/v1/documents", content=slow_body(), headers=TEXT)
        time.sleep(0.5)  # let the server take the upload's headers and check its key
        try:
            person = http.post("/v1/persons", json={"name": "Тарас Повільний", "slug": "slow-upload-peer"})
        finally:
            person_answered.set()
        ingested = upload.result()
    if person.status_code == 201:
        cleanup.append("/v1/persons/slow-upload-peer")
    if ingested.status_code == 201:
        cleanup.append(f"/v1/articles/{ingested.json()['article']['id']}")
    assert person.status_code == 201, person.text
    assert ingested.status_code == 201, ingested.text
