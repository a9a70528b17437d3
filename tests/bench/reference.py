"""A fixed workload's CPU time, printed before and after every benchmark.

On a machine of shared cores the same code runs at different speeds from one hour to the next
(seen here: a depth-2 graph at 62 ms of CPU one day and 122 ms the next, code unchanged), so a
benchmark's figures are read with this reference taken in the same minutes beside them. It is a
partial witness: in one slow hour it read 34–47 ms while the graph took 108–120 ms of CPU (72
in a fast minute of that hour), so a steady reference does not prove a steady machine; compare
figures within one run."""

import sqlite3
import statistics
import time

import orjson

RUNS = 7


def _work() -> None:
    """A little of what a request does: Python objects, a SQLite query, JSON, a sort."""
    rows = [(i, f"назва {i}") for i in range(20_000)]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
    db.executemany("INSERT INTO t VALUES (?, ?)", rows)
    db.execute("SELECT count(*), max(name) FROM t WHERE name LIKE '%9%'").fetchone()
    db.close()
    orjson.dumps([{"id": i, "name": name} for i, name in rows])
    sorted(rows, key=lambda row: row[1])


def reference_ms() -> tuple[float, float]:
    """(median, fastest) CPU milliseconds of the workload over RUNS runs."""
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        _work()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times), min(times)


def report(when: str) -> None:
    median, fastest = reference_ms()
    print(f"machine reference {when}: {median:.1f} ms CPU (fastest {fastest:.1f}) for a fixed workload; "
          "compare figures within one run", flush=True)
