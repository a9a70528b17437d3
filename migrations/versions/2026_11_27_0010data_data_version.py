"""data version: one row every writing transaction bumps before it commits, so each process
serves a cached response only while the data it was built from is current

Revision ID: 0010data
Revises: 0009keys
Create Date: 2026-11-27 00:10:00

"""
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010data'
down_revision: str | None = '0009keys'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        'data_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version')),
    )
    op.bulk_insert(table, [{'id': 1, 'version': 0, 'token': uuid.uuid4().hex}])


def downgrade() -> None:
    op.drop_table('data_version')
