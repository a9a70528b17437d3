"""A real `dipnews serve` on the suite's database (migrated and seeded by the `engine` fixture),
with the settings a test gives, and the access log it writes on stderr."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import orjson

from tests.helpers import DATABASE_URL

ROOT = Path(__file__).parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, log_path: Path) -> None:
        self.url = url
        self.log_path = log_path

    def access_log(self, until_request_id: str | None = None) -> list[dict]:
        """The JSON lines written so far (uvicorn's own messages are not JSON); with
        `until_request_id`, once that request's line is there (written after its response)."""
        for _ in range(100):
            lines = self._lines()
            if until_request_id is None or any(line["request_id"] == until_request_id for line in lines):
                return lines
            time.sleep(0.05)
        raise AssertionError(f"no access log line for {until_request_id}")

    def _lines(self) -> list[dict]:
        lines = []
        for line in self.log_path.read_bytes().splitlines():
            if line.startswith(b"{"):
                lines.append(orjson.loads(line))
        return lines


@contextmanager
def serve(workers: int = 1, **settings: str) -> Iterator[Server]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, **settings}
    env.pop("READ_DATABASE_URL", None)
    with tempfile.TemporaryDirectory(prefix="dipnews-live-") as tmp:
        log_path = Path(tmp) / "stderr.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())",
                 "serve", "--no-setup", "--host", "127.0.0.1", "--port", str(port),
                 "--workers", str(workers)],
                cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
            )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(1800):  # 3 minutes: each worker imports the app, 20-40 s on a loaded machine
                if process.poll() is not None:
                    raise RuntimeError(f"the server stopped: {log_path.read_text()[-2000:]}")
                started = log_path.read_bytes().count(b"Application startup complete")
                try:
                    if started >= workers and httpx.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
            yield Server(base, log_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
