"""change log: one row per create, update, delete or restore, in commit order

Rows that exist when this runs are entered as creates at their current version, so a client
that reads the feed from the start mirrors everything.

Revision ID: 0006changes
Revises: 0006media
Create Date: 2026-11-26 23:10:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision: str = '0006changes'
down_revision: str | None = '0006media'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ('article', 'person', 'organization', 'place', 'event')


def upgrade() -> None:
    op.create_table('change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('op', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.CheckConstraint("kind IN ('article', 'person', 'organization', 'place', 'event')", name=op.f('ck_change_kind')),
    sa.CheckConstraint("op IN ('create', 'update', 'delete', 'restore')", name=op.f('ck_change_op')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('change', schema=None) as batch_op:
        batch_op.create_index('ix_change_kind_entity_id_id', ['kind', 'entity_id', 'id'], unique=False)
    for kind in KINDS:
        op.execute(
            "INSERT INTO change (at, kind, entity_id, ref, version, op) "
            f"SELECT created_at, '{kind}', id, slug, version, 'create' FROM {kind} ORDER BY id"
        )


def downgrade() -> None:
    with op.batch_alter_table('change', schema=None) as batch_op:
        batch_op.drop_index('ix_change_kind_entity_id_id')

    op.drop_table('change')
