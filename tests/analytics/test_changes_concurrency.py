"""The change feed under concurrent writers, against a real uvicorn server.

Writers create, edit (some edits refused with a stale If-Match) and delete persons at once,
while a follower reads the feed the way a mirroring client does: from its last cursor, over
and over. The follower must see every change exactly once (none committed behind its cursor),
refused edits must leave no entry, and each person's history must be exactly its own.
"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.helpers import WRITE_HEADERS
from tests.test_concurrency import server  # noqa: F401  (the uvicorn fixture)

WRITERS = 8
PERSONS_PER_WRITER = 3


def write(base_url: str, prefix: str, number: int) -> list[str]:
    failures = []
    with httpx.Client(base_url=base_url, timeout=60, headers=WRITE_HEADERS) as http:
        for i in range(PERSONS_PER_WRITER):
            slug = f"{prefix}-{number}-{i}"
            steps = [
                http.post("/v1/persons", json={"name": f"Qzx Feed {number} {i}", "slug": slug}),
                http.patch(f"/v1/persons/{slug}", json={"description": "перша правка"}),
                http.patch(f"/v1/persons/{slug}", json={"description": "застаріла"},
                           headers={"If-Match": '"1"'}),
                http.patch(f"/v1/persons/{slug}", json={"description": "друга правка"}),
                http.delete(f"/v1/persons/{slug}"),
            ]
            got = [r.status_code for r in steps]
            if got != [201, 200, 412, 200, 204]:
                failures.append(f"{slug}: {got} {steps[-1].text}")
    return failures


def follow(base_url: str, cursor: str, stop: threading.Event, seen: list[dict]) -> None:
    with httpx.Client(base_url=base_url, timeout=60, headers=WRITE_HEADERS) as http:
        while True:
            finishing = stop.is_set()
            page = http.get("/v1/changes", params={"since": cursor, "limit": 50}).json()
            seen.extend(page["items"])
            cursor = page["next_since"]
            if finishing and not page["has_more"]:
                return


def test_concurrent_writers_and_a_follower_agree_on_the_feed(server):  # noqa: F811
    prefix = f"feed-{uuid.uuid4().hex[:8]}"
    http = httpx.Client(base_url=server, timeout=60, headers=WRITE_HEADERS)
    start = http.get("/v1/changes", params={"since": 0, "limit": 1}).json()
    cursor = "0"
    while True:  # the feed's current end
        page = http.get("/v1/changes", params={"since": cursor, "limit": 1000}).json()
        cursor = page["next_since"]
        if not page["has_more"]:
            break
    assert start["items"]

    stop, seen = threading.Event(), []
    follower = threading.Thread(target=follow, args=(server, cursor, stop, seen))
    follower.start()
    with ThreadPoolExecutor(WRITERS) as pool:
        failures = [f for fs in pool.map(lambda n: write(server, prefix, n), range(WRITERS)) for f in fs]
    stop.set()
    follower.join(timeout=120)
    assert not failures, failures[:5]

    replay = http.get("/v1/changes", params={"since": cursor, "limit": 1000}).json()["items"]
    http.close()
    ours = [c for c in replay if c["ref"].startswith(prefix)]
    assert [c["seq"] for c in seen] == [c["seq"] for c in replay], "the follower missed or repeated a change"
    assert len(ours) == WRITERS * PERSONS_PER_WRITER * 4
    by_person: dict[str, list] = {}
    for change in ours:
        by_person.setdefault(change["ref"], []).append((change["op"], change["version"], change["deleted"]))
    assert {tuple(history) for history in by_person.values()} == {(
        ("create", 1, False), ("update", 2, False), ("update", 3, False), ("delete", 3, True),
    )}
