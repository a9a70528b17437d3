"""Alembic, driven from the app: upgrade to head, and whether a database is there.

Importing alembic costs about 0.35 s, a sixth of the cold-start budget, so the question "is
this database at head?" is answered without it: the head is read off the revision files and
compared with the `alembic_version` table. Alembic itself is imported only when there is
something to migrate (`upgrade_if_behind`) or a command asks for it.
"""

import ast
import re
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, inspect, text

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ROOT / "migrations" / "versions"
REVISION_LINE = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.+?)\s*$", re.MULTILINE)


def alembic_config(url: str | None = None):
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


@lru_cache
def head_revisions() -> frozenset[str]:
    """The heads of the revision files: revisions no other revision names as its parent."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        fields = dict(REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        revisions.add(ast.literal_eval(fields["revision"]))
        down = ast.literal_eval(fields.get("down_revision", "None"))
        parents.update(down if isinstance(down, tuple | list) else [down] if down else [])
    return frozenset(revisions - parents)


def current_revisions(engine: Engine) -> frozenset[str]:
    """The revisions the database records; empty before its first migration. An unreachable
    database raises (SQLAlchemyError)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return frozenset()
        return frozenset(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def at_head(engine: Engine) -> bool:
    return current_revisions(engine) == head_revisions()


def upgrade_if_behind(engine: Engine, url: str | None = None) -> bool:
    """Upgrade the database to head unless it is there already; whether alembic ran."""
    if at_head(engine):
        return False
    upgrade(url)
    return True
