"""ingest candidates: people proposed by ingest and where articles name them

Revision ID: 0003ingest
Revises: 0002search
Create Date: 2026-11-25 21:44:24.448258

"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate renders sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision: str = '0003ingest'
down_revision: str | None = '0002search'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('candidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('given_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('family_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'rejected')", name=op.f('ck_candidate_status')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_candidate_person_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate')),
    sa.UniqueConstraint('key', name=op.f('uq_candidate_key'))
    )
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.create_index('ix_candidate_status_id', ['status', 'id'], unique=False)

    op.create_table('candidate_mention',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('surface', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.CheckConstraint("field IN ('title', 'body')", name=op.f('ck_candidate_mention_field')),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_candidate_mention_article_id_article'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_candidate_mention_candidate_id_candidate'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_mention')),
    sa.UniqueConstraint('candidate_id', 'article_id', 'field', 'start', name=op.f('uq_candidate_mention_candidate_id_article_id_field_start'))
    )
    with op.batch_alter_table('candidate_mention', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidate_mention_article_id'), ['article_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('candidate_mention', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_mention_article_id'))

    op.drop_table('candidate_mention')
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_index('ix_candidate_status_id')

    op.drop_table('candidate')
