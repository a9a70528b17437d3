"""search index (filled in by the search issue)

Revision ID: 0002search
Revises: eb215dfc571c
Create Date: 2026-11-25 21:50:00

"""
from collections.abc import Sequence

revision: str = "0002search"
down_revision: str | None = "eb215dfc571c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
