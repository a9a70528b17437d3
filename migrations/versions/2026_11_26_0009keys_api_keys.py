"""api keys: named keys with a scope and an expiry; only the SHA-256 of each secret is stored

Revision ID: 0009keys
Revises: 0008places
Create Date: 2026-11-26 23:10:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009keys'
down_revision: str | None = '0008places'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'api_key',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('prefix', sa.String(length=16), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('scope', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("scope IN ('read', 'write', 'admin')", name=op.f('ck_api_key_scope')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_key')),
        sa.UniqueConstraint('name', name=op.f('uq_api_key_name')),
        sa.UniqueConstraint('secret_hash', name=op.f('uq_api_key_secret_hash')),
    )


def downgrade() -> None:
    op.drop_table('api_key')
