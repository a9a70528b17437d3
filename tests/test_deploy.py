"""The Dockerfile and compose.yaml agree with what the suite runs (no Docker engine here).

Same install step as `make` (`uv sync --frozen` from uv.lock), same start command (the
`dipnews serve` console script), only settings the app knows, a /health check, a non-root
user, every path the app reads at run time copied in; and that start command, run here,
serves the seed from an empty database.
"""

import fnmatch
import json
import os
import shlex
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import httpx
import pytest
import yaml
from sqlalchemy.engine import make_url

from app.cli import build_parser
from app.config import Settings
from tests.helpers import DATABASE_URL
from tests.scratch_db import scratch_database
from tests.test_concurrency import free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
# Paths the image needs: the project and its lock (README is pyproject's readme), the app with
# its seed, and Alembic's config and scripts (app/migrate.py reads them beside the package).
NEEDED_PATHS = ["pyproject.toml", "uv.lock", "README.md", "alembic.ini", "migrations", "app", "app/seed"]
# Variables read by the server image or the tools in it, not by the app's Settings.
POSTGRES_IMAGE_VARS = {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB", "POSTGRES_INITDB_ARGS", "PGDATA"}
TOOL_VARS = {"PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "UV_LINK_MODE", "UV_COMPILE_BYTECODE"}


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined."""
    instructions, pending = [], ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line.rstrip().removesuffix("\\") + " "
        if not line.rstrip().endswith("\\"):
            keyword, _, args = pending.strip().partition(" ")
            instructions.append((keyword.upper(), args.strip()))
            pending = ""
    return instructions


def instruction_args(keyword: str) -> list[str]:
    return [args for kw, args in dockerfile() if kw == keyword]


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def dockerfile_env() -> dict[str, str]:
    env = {}
    for args in instruction_args("ENV"):
        for pair in shlex.split(args):
            name, _, value = pair.partition("=")
            env[name] = value
    return env


def test_image_installs_from_the_lock_like_make():
    runs = " ".join(instruction_args("RUN"))
    assert "uv sync --frozen" in runs
    makefile = (ROOT / "Makefile").read_text()
    assert "$(UV) sync --frozen" in makefile, "make installs the way the image does"


def test_image_starts_the_console_script_dipnews_serve():
    (cmd,) = instruction_args("CMD")
    argv = json.loads(cmd)
    assert argv[-2:] == ["dipnews", "serve"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["dipnews"] == "app.cli:main"
    assert build_parser().parse_args(["serve"]).func.__name__ == "cmd_serve"
    api = compose()["services"]["api"]
    assert not {"command", "entrypoint"} & set(api), "compose runs the image's own CMD"


def test_every_env_var_set_is_a_setting_or_a_known_variable():
    settings = {name.upper() for name in Settings.model_fields}
    services = compose()["services"]
    app_env = {**dockerfile_env(), **services["api"]["environment"]}
    unknown = set(app_env) - settings - TOOL_VARS
    assert not unknown, f"the app ignores {unknown}"
    assert not set(services["db"]["environment"]) - POSTGRES_IMAGE_VARS
    Settings(**{k.lower(): v for k, v in app_env.items() if k in settings})  # values parse


def test_image_checks_health_and_runs_as_non_root():
    (check,) = instruction_args("HEALTHCHECK")
    assert "/health" in check
    users = instruction_args("USER")
    assert users
    assert users[-1] not in {"root", "0"}
    order = [kw for kw, _ in dockerfile()]
    assert order.index("USER") < order.index("CMD")


def test_image_copies_every_path_the_app_needs():
    copied = set()
    for args in instruction_args("COPY"):
        *sources, _dest = shlex.split(args)
        copied |= {s for s in sources if not s.startswith("--")}
    ignored = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines()
               if p.strip() and not p.startswith("#")]
    for path in NEEDED_PATHS:
        assert (ROOT / path).exists(), path
        assert any(path == c or path.startswith(c.rstrip("/") + "/") for c in copied), f"{path} not copied"
        assert not any(fnmatch.fnmatch(path, pattern) for pattern in ignored), f"{path} is dockerignored"
    assert any((ROOT / "app/seed/documents").glob("*.txt"))


def test_compose_starts_the_api_after_a_healthy_postgres_15():
    services = compose()["services"]
    db, api = services["db"], services["api"]
    assert db["image"].split(":")[1].split(".")[0] == "15"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert api["depends_on"]["db"]["condition"] == "service_healthy"
    assert api["build"] == "."
    url = make_url(api["environment"]["DATABASE_URL"])
    assert url.drivername == "postgresql+psycopg"
    assert url.host == "db"
    assert url.database == db["environment"]["POSTGRES_DB"]
    assert "UTF8" in db["environment"]["POSTGRES_INITDB_ARGS"]
    assert "C.UTF-8" in db["environment"]["POSTGRES_INITDB_ARGS"]


@pytest.fixture
def empty_database_url():
    with scratch_database(DATABASE_URL) as url:
        yield url


def test_the_image_command_serves_the_seed_from_an_empty_database(tmp_path, empty_database_url):
    """The CMD run here on a new database of the suite's engine: migrate, seed, serve (also
    the cold start)."""
    dipnews = Path(sys.executable).parent / "dipnews"
    if not dipnews.exists():
        pytest.skip("the dipnews console script is not installed in this environment")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"READ_DATABASE_URL", "PORT", "HOST"}}
    env["DATABASE_URL"] = empty_database_url
    started = time.monotonic()
    process = subprocess.Popen([str(dipnews), "serve", "--port", str(port)], cwd=tmp_path, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, base_url)
        response = httpx.get(f"{base_url}/v1/persons/keith-kellogg", timeout=10)
        cold_start = time.monotonic() - started
        assert response.status_code == 200, response.text
        assert response.json()["name_en"] == "Keith Kellogg"
        assert httpx.get(f"{base_url}/ready", timeout=10).status_code == 200
        print(f"\ncold start (migrate + seed + serve) to first 200: {cold_start:.2f} s")
    finally:
        stop(process)
