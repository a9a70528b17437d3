"""Quick SQLite reads are answered on the event loop, not behind the thread pool.

One resource, or one page of a plain list, runs on the loop (`app.api.deps.quick_read`): it
costs less than its trips to the pool. The user-visible side: when every pool thread is busy (a
write waiting for the database's write lock, here the only thread of the pool), such reads are
still answered; before, they queued behind the writer for as long as its lock wait lasted."""

import sqlite3
import threading
import time

import httpx
import pytest
from sqlalchemy.engine import make_url

from app.db import is_sqlite
from tests.access.live import serve
from tests.helpers import DATABASE_URL, WRITE_KEY
from tests.scratch_db import migrated_with_key

pytestmark = pytest.mark.skipif(not is_sqlite(DATABASE_URL),
                                reason="reads run on the loop on SQLite only; PostgreSQL keeps the pool")

ARTICLE = {
    "title": "Посли обговорили відкриття консульства у Львові",
    "body": "Посли двох країн обговорили у Києві відкриття консульства у Львові.\n"
            "Зустріч тривала дві години.",
    "outlet": "Дипломатичний вісник",
    "published_at": "2025-04-02T09:30:00+03:00",
}


def test_quick_reads_are_answered_while_the_only_pool_thread_waits_on_a_write():
    with migrated_with_key(DATABASE_URL, "quick-reads", WRITE_KEY) as url:
        keyed = {"Authorization": f"Bearer {WRITE_KEY}"}
        with serve(DATABASE_URL=url, THREADPOOL_SIZE="1", SQLITE_BUSY_TIMEOUT_MS="60000") as live, \
                httpx.Client(base_url=live.url, timeout=20) as client, \
                httpx.Client(base_url=live.url, timeout=120) as writer_client:
            created = client.post("/v1/articles", headers=keyed, json=ARTICLE)
            assert created.status_code == 201, created.text
            slug = created.json()["slug"]

            # Another process holds the write lock: the PATCH below waits for it in the pool's
            # only thread (busy timeout 60 s, longer than this client's 20 s).
            holder = sqlite3.connect(make_url(url).database, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            patched: list[httpx.Response] = []
            writer = threading.Thread(target=lambda: patched.append(writer_client.patch(
                f"/v1/articles/{slug}", headers=keyed, json={"outlet": "Інше видання"})))
            try:
                writer.start()
                time.sleep(1)  # let the PATCH reach its lock wait (if it is late, nothing fails)
                one = client.get(f"/v1/articles/{slug}")
                page = client.get("/v1/articles", params={"limit": 5})
                assert writer.is_alive(), "the PATCH should still be waiting for the lock"
            finally:
                holder.execute("ROLLBACK")
                holder.close()
                writer.join(timeout=120)
            assert one.status_code == 200, one.text
            assert one.json()["outlet"] == ARTICLE["outlet"]  # read before the write committed
            assert page.status_code == 200, page.text
            assert [a["slug"] for a in page.json()["items"]] == [slug]
            assert len(patched) == 1
            assert patched[0].status_code == 200, patched[0].text
            assert client.get(f"/v1/articles/{slug}").json()["outlet"] == "Інше видання"
