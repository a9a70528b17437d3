"""/docs and /redoc work offline: every script and style comes from the app itself."""

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.contract.node_tools import CHROMIUM, NODE_DIR, require_node_tools

ARTIFACTS = Path(__file__).parents[1] / "artifacts"
ASSET = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_reference_only_local_assets_and_they_are_served(client, page):
    html = client.get(page)
    assert html.status_code == 200
    assets = [url for url in ASSET.findall(html.text) if not url.startswith("#")]
    assert any(url.endswith(".js") for url in assets)
    for url in assets:
        assert url.startswith("/"), f"{page} loads {url} from elsewhere"
        served = client.get(url)
        assert served.status_code == 200, url
        assert len(served.content) > 1000, url
    assert "cdn" not in html.text.lower()
    assert "googleapis" not in html.text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(tmp_path):
    """A real uvicorn serving a freshly migrated and seeded SQLite file."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/docs.db"}
    env.pop("READ_DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())",
         "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, cwd=Path(__file__).parents[2], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if server.poll() is not None:
                pytest.fail(f"the server stopped: {server.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def create_key(database_url: str, scope: str) -> str:
    """A key made the way an operator makes one: `dipnews keys create`, which prints the secret."""
    made = subprocess.run(
        [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())",
         "keys", "create", "--name", f"docs-{scope}", "--scope", scope],
        env={**os.environ, "DATABASE_URL": database_url}, capture_output=True, text=True, timeout=60,
        cwd=Path(__file__).parents[2],
    )
    assert made.returncode == 0, made.stderr
    return made.stdout.strip()


def test_authorize_then_try_it_out_in_swagger_ui_and_redoc_under_the_csp(live_server, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing; `make node-deps` installs Debian's chromium")
    require_node_tools("playwright-core")
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "docs-try-it-out.png"
    key = create_key(f"sqlite:///{tmp_path}/docs.db", "write")
    new_person = json.dumps({"name": "Орест Браузерний", "slug": "orest-brauzernyi"}, ensure_ascii=False)
    result = subprocess.run(
        ["node", str(NODE_DIR / "try-docs.mjs"), live_server, str(screenshot),
         "articles-listArticles", "persons-getPerson", "persons-createPerson"],
        capture_output=True, text=True, timeout=180, cwd=NODE_DIR,
        env={**os.environ, "DOCS_API_KEY": key,
             "DOCS_BODIES": json.dumps({"persons-createPerson": new_person})},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert "Спецпредставник США Кіт Келлог провів переговори" in seen["bodies"]["articles-listArticles"]
    # the path parameter comes filled in with the seed's example: Execute works untouched
    assert '"name": "Кіт Келлог"' in seen["bodies"]["persons-getPerson"]
    # Authorize took the key, and the create it allowed reached the database
    assert seen["authorized"]
    assert seen["statuses"]["persons-createPerson"] == "201", seen["bodies"]["persons-createPerson"]
    created = httpx.get(f"{live_server}/v1/persons/orest-brauzernyi", timeout=10)
    assert created.status_code == 200
    assert created.json()["name"] == "Орест Браузерний"
    # both pages work under their Content-Security-Policy: nothing of theirs refused, ReDoc
    # rendered; only offsite loads are refused (ReDoc's footer logo from its CDN)
    assert seen["violations"] == []
    assert all(not url.startswith(live_server) for url in seen["blockedOffsite"])
    assert seen["redocRendered"]
    assert seen["offsite"] == []
    assert screenshot.stat().st_size > 10_000

