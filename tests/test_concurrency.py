"""Concurrent editors against a real uvicorn server on the suite's database.

Twenty clients create persons and edit them at once, and all increment one shared counter
with If-Match: no 5xx (so no "database is locked" on SQLite), no lost write, every increment
applied exactly once. This test commits to the session's database, so it uses slugs of its
own and deletes every row it created.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from app.models import Person
from tests.helpers import DATABASE_URL, WRITE_HEADERS

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 20
PERSONS_PER_CLIENT = 3
EDITS_PER_PERSON = 3
INCREMENTS_PER_CLIENT = 5
MAX_ATTEMPTS = 500  # a bound on retries after 412, so a livelock fails instead of hanging


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(process: subprocess.Popen, base_url: str, deadline_s: float = 60) -> None:
    give_up = time.monotonic() + deadline_s
    while time.monotonic() < give_up:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not answer /health")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def server(engine) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": DATABASE_URL}
    env.pop("READ_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, base_url)
        yield base_url
    finally:
        stop(process)


def etag_of(response: httpx.Response) -> str:
    return response.headers.get("etag") or f'"{response.json()["version"]}"'


class Editor:
    """One client: its own persons, its own edits, its share of the shared counter."""

    def __init__(self, base_url: str, prefix: str, number: int):
        self.http = httpx.Client(base_url=base_url, timeout=60, headers=WRITE_HEADERS)
        self.prefix, self.number = prefix, number
        self.failures: list[str] = []
        self.statuses: list[int] = []

    def call(self, method: str, url: str, **kw) -> httpx.Response:
        response = self.http.request(method, url, **kw)
        self.statuses.append(response.status_code)
        if response.status_code >= 500:
            self.failures.append(f"{method} {url} -> {response.status_code}: {response.text}")
        return response

    def create_and_edit(self) -> dict[str, str]:
        """Slug -> the description it must end with."""
        final = {}
        for i in range(PERSONS_PER_CLIENT):
            slug = f"{self.prefix}-{self.number}-{i}"
            created = self.call("POST", "/v1/persons", json={"name": f"Qzx Concurrent {self.number} {i}",
                                                           "slug": slug})
            if created.status_code != 201:
                self.failures.append(f"create {slug} -> {created.status_code}: {created.text}")
                continue
            for edit in range(EDITS_PER_PERSON):
                description = f"edit {edit} by client {self.number}"
                patched = self.call("PATCH", f"/v1/persons/{slug}", json={"description": description})
                if patched.status_code != 200:
                    self.failures.append(f"patch {slug} -> {patched.status_code}: {patched.text}")
                final[slug] = description
        return final

    def increment(self, slug: str) -> None:
        for _ in range(MAX_ATTEMPTS):
            current = self.call("GET", f"/v1/persons/{slug}")
            count = int(current.json()["description"])
            patched = self.call("PATCH", f"/v1/persons/{slug}", json={"description": str(count + 1)},
                                headers={"If-Match": etag_of(current)})
            if patched.status_code == 200:
                return
            if patched.status_code != 412:
                self.failures.append(f"increment -> {patched.status_code}: {patched.text}")
                return
        self.failures.append(f"increment gave up after {MAX_ATTEMPTS} attempts")

    def run(self, counter_slug: str) -> dict[str, str]:
        final = self.create_and_edit()
        for _ in range(INCREMENTS_PER_CLIENT):
            self.increment(counter_slug)
        return final


def test_concurrent_editors_lose_no_write(server, engine):
    prefix = f"concurrency-{uuid.uuid4().hex[:8]}"
    counter = f"{prefix}-counter"
    http = httpx.Client(base_url=server, timeout=60, headers=WRITE_HEADERS)
    editors = [Editor(server, prefix, n) for n in range(CLIENTS)]
    try:
        created = http.post("/v1/persons", json={"name": "Qzx Counter", "slug": counter, "description": "0"})
        assert created.status_code == 201, created.text
        with ThreadPoolExecutor(CLIENTS) as pool:
            finals = list(pool.map(lambda editor: editor.run(counter), editors))

        failures = [f for editor in editors for f in editor.failures]
        assert not failures, "\n".join(failures[:10])
        assert not [s for editor in editors for s in editor.statuses if s >= 500]

        expected = {slug: text for final in finals for slug, text in final.items()}
        assert len(expected) == CLIENTS * PERSONS_PER_CLIENT
        for slug, description in expected.items():
            row = http.get(f"/v1/persons/{slug}").json()
            assert row["description"] == description, slug
            assert row["version"] == 1 + EDITS_PER_PERSON, slug

        shared = http.get(f"/v1/persons/{counter}").json()
        increments = CLIENTS * INCREMENTS_PER_CLIENT
        assert shared["description"] == str(increments), "an increment was lost or applied twice"
        assert shared["version"] == 1 + increments
    finally:
        for editor in editors:
            editor.http.close()
        with Session(engine) as session:
            slugs = session.execute(select(Person.slug).where(Person.slug.startswith(prefix))).scalars().all()
        for slug in slugs:
            http.delete(f"/v1/persons/{slug}")
        http.close()
    with Session(engine) as session:
        left = session.execute(select(func.count()).where(Person.slug.startswith(prefix))).scalar_one()
    assert left == 0, "the test left persons behind"
