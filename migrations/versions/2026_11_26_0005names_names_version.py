"""names version: one row every entity or alias write bumps, so each process rebuilds its name
matcher only when the known names changed (and every worker and container agrees when)

Revision ID: 0005names
Revises: 0004order
Create Date: 2026-11-26 23:30:00

"""
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005names'
down_revision: str | None = '0004order'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        'names_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_names_version')),
    )
    op.bulk_insert(table, [{'id': 1, 'version': 0, 'token': uuid.uuid4().hex}])


def downgrade() -> None:
    op.drop_table('names_version')
