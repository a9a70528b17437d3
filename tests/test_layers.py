"""Layers point one way: api → services → (mentions, search, text) → models.

Each package of `app` may import only the packages listed for it here (its own modules always);
any import written anywhere in a module counts, at the top or inside a function. Shared
foundations sit beside the layers: `kinds` (the entity-kind registry, over the models),
`errors`, `config`, `pagination` (keyset pages and the one cursor codec), and `db`, which
makes engines and therefore registers what every write keeps in step (the full-text shadow,
the names version): the one module below the services that imports search and mentions.
"""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"
FOUNDATIONS = {"errors", "config", "pagination", "kinds", "changelog", "data"}
BELOW_SERVICES = {"mentions", "search", "text", "schemas", "models", *FOUNDATIONS}
ALLOWED: dict[str, set[str]] = {
    # entry points: may use any layer
    "main": {"api", "config", "errors", "memory"},
    "cli": {"config", "db", "errors", "ingest", "migrate", "models", "api", "services"},
    "api": {"services", "db", "seed", "migrate", *BELOW_SERVICES},
    "ingest": {"services", "seed", *BELOW_SERVICES},
    # the service layer and below
    "services": BELOW_SERVICES,
    "mentions": {"text", "models", "kinds"},
    "search": {"text", "models", "kinds", "schemas", "pagination", "errors"},
    "schemas": {"text", "models", "kinds"},
    "text": set(),
    "models": set(),
    # foundations
    "kinds": {"models"},
    "changelog": {"models", "kinds"},  # the change log, written by every session (app.db registers it)
    "data": set(),  # reference data files (Goldstein scores)
    "pagination": {"errors"},
    "errors": set(),
    "config": set(),
    "db": {"config", "search", "mentions", "changelog"},
    "migrate": {"config"},
    "memory": set(),  # the worker's malloc arenas and trimming (app.main starts it)
    "seed": set(),
}


def _package(module: Path) -> str:
    parts = module.relative_to(APP).with_suffix("").parts
    return parts[0]


def _app_imports(module: Path) -> set[str]:
    """The `app` packages a module imports (`app.search.shadow` → `search`)."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "app" and len(parts) > 1:
                found.add(parts[1])
    return found


MODULES = sorted(p for p in APP.rglob("*.py") if p.name != "__init__.py" or p.parent != APP)


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(APP)))
def test_imports_point_down_the_layers(module: Path):
    package = _package(module)
    assert package in ALLOWED, f"{package}: give the new package its place in ALLOWED"
    upward = _app_imports(module) - ALLOWED[package] - {package}
    assert not upward, f"app/{module.relative_to(APP)} imports {sorted(upward)}, above its layer"


def test_every_package_is_placed():
    packages = {p.name for p in APP.iterdir() if p.is_dir() and not p.name.startswith("__")}
    modules = {p.stem for p in APP.glob("*.py") if p.name != "__init__.py"}
    assert packages | modules <= set(ALLOWED)
