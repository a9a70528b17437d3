"""A writing request keeps its whole transaction on the one connection it began with.

Ingesting a document writes inside a savepoint before it commits. The savepoint's release must
not move the rest of the transaction (and its commit's data-version bump) to another pooled
connection: under load every connection is held by a writer waiting for the write lock, so a
request that needs a second one while it holds the lock stalls them all until the pool gives
up (30 s, then 503 for everyone). A server with a pool of one connection shows it at once."""

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.access.live import serve
from tests.helpers import DATABASE_URL, WRITE_KEY
from tests.scratch_db import migrated_with_key


def test_a_document_is_ingested_on_one_connection():
    with migrated_with_key(DATABASE_URL, "one-connection", WRITE_KEY) as url:
        with serve(DATABASE_URL=url, DB_POOL_SIZE="1", THREADPOOL_SIZE="1") as live, \
                httpx.Client(base_url=live.url, timeout=120) as client:
            keyed = {"Authorization": f"Bearer {WRITE_KEY}", "content-type": "text/plain"}
            posted = client.post(
                "/v1/documents", headers=keyed,
                content="Делегації домовилися про нову зустріч\n\nПро це повідомило агентство "
                        "«Вісник». Наступна зустріч відбудеться у Львові.".encode())
            assert posted.status_code == 201, posted.text
            listed = client.get("/v1/articles")
            assert listed.status_code == 200, listed.text
            assert [a["slug"] for a in listed.json()["items"]] == [posted.json()["article"]["slug"]]


def test_more_requests_than_threads_do_not_wait_out_the_pool():
    """More requests in flight than pool threads: a write keeps its connection from its endpoint
    (reading its answer back after the commit) until its session closes, across the trip to the
    pool that validates the answer. With a connection pool no larger than the thread pool, every
    thread ended up waiting for a connection held by a request waiting for a thread: 30 s, then
    503 for everyone. SQLite's pool never makes a checkout wait; on PostgreSQL, whose pool stays
    bounded, the requests beyond it wait for their turn on the event loop."""
    with migrated_with_key(DATABASE_URL, "threads", WRITE_KEY) as url:
        keyed = {"Authorization": f"Bearer {WRITE_KEY}"}
        with serve(DATABASE_URL=url, THREADPOOL_SIZE="2", DB_POOL_SIZE="2",
                   RATE_LIMIT_ANONYMOUS="1000000/minute") as live, \
                httpx.Client(base_url=live.url, timeout=120) as client:

            def call(n: int) -> int:
                if n % 2:
                    return client.get("/v1/persons", params={"limit": 5}).status_code
                created = client.post("/v1/persons", headers=keyed, json={"name": f"Ірина Потокова {n}"})
                return created.status_code

            with ThreadPoolExecutor(max_workers=16) as pool:
                statuses = list(pool.map(call, range(64)))
    assert statuses == [201, 200] * 32
