"""Conditional requests in-process: a PATCH with `If-Match`, and a GET revalidated to 304.

On a fresh SQLite database, migrated and seeded, through the whole ASGI stack (TestClient), the
PATCH sent with a write-scoped API key.
Each round: `PATCH /v1/events/{slug}` with the current ETag in If-Match (its answer carries the
new version, so the next tag is read with one GET outside the timing), then
`GET /v1/events/{slug}` with `If-None-Match` (a 304). Prints, for each, the median and p95 of the
process's CPU time (steadier than wall time on a shared machine) and the SQL statements it ran.
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))
URL = "/v1/events/kellogg-lukashenko-talks-minsk"


def main() -> None:
    directory = tempfile.mkdtemp(prefix="dipnews-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(directory) / 'bench.db'}"
    from fastapi.testclient import TestClient
    from sqlalchemy import event
    from sqlmodel import Session

    from app.config import get_settings
    from app.db import get_engine
    from app.ingest.seed import seed
    from app.main import create_app
    from app.migrate import upgrade
    from app.services.keys import create_key

    get_settings.cache_clear()
    get_engine.cache_clear()
    upgrade(os.environ["DATABASE_URL"])
    with Session(get_engine()) as session:
        seed(session)
        _, secret = create_key(session, "bench-conditional", "write")  # writes need a key
        session.commit()
    auth = {"Authorization": f"Bearer {secret}"}
    patches, revalidations = [], []
    statements = {"patch": 0, "304": 0, "now": 0}

    def count(*_args) -> None:
        statements["now"] += 1

    event.listen(get_engine(), "before_cursor_execute", count)
    with TestClient(create_app()) as client:
        for i in range(ROUNDS):
            tag = client.get(URL).headers["etag"]
            statements["now"], started = 0, time.process_time()
            response = client.patch(URL, json={"format": f"round {i}"},
                                    headers={"If-Match": tag, **auth})
            patches.append(time.process_time() - started)
            statements["patch"] = statements["now"]
            assert response.status_code == 200, response.text
            tag = client.get(URL).headers["etag"]
            statements["now"], started = 0, time.process_time()
            response = client.get(URL, headers={"If-None-Match": tag})
            revalidations.append(time.process_time() - started)
            statements["304"] = statements["now"]
            assert response.status_code == 304

    def summary(times: list[float]) -> str:
        ordered = sorted(times)
        return (f"median {statistics.median(ordered) * 1000:.2f} ms, "
                f"p95 {ordered[int(len(ordered) * 0.95)] * 1000:.2f} ms")

    print(f"PATCH with If-Match ({ROUNDS}x): CPU {summary(patches)}, {statements['patch']} SQL statements")
    print(f"GET with If-None-Match → 304 ({ROUNDS}x): CPU {summary(revalidations)}, "
          f"{statements['304']} SQL statements")


if __name__ == "__main__":
    main()
