"""list order indexes: newest first with unknown dates last, read straight off an index

Lists order by `coalesce(published_at, '0001-01-01 00:00:00+00')` (events: `date_start`,
`'0001-01-01'`) so that unknown dates sort last and keyset cursors stay total; indexes on the
plain columns cannot serve that order, so every list page sorted the whole table. These
expression indexes match the ORDER BY text exactly (`app.models.base.unknown_first`).
Persons, organizations and places list by (name, id): an index on the name alone leaves
PostgreSQL to sort equal names by id (SQLite's indexes end in the rowid anyway).

Revision ID: 0004order
Revises: 0003ingest
Create Date: 2026-11-26 04:10:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004order'
down_revision: str | None = '0003ingest'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PUBLISHED = sa.text("coalesce(published_at, '0001-01-01 00:00:00+00')")
DATE_START = sa.text("coalesce(date_start, '0001-01-01')")


NAMED = ('person', 'organization', 'place')


def upgrade() -> None:
    for table in NAMED:
        op.drop_index(f'ix_{table}_name', table_name=table)
        op.create_index(f'ix_{table}_name_id', table, ['name', 'id'])
    op.drop_index('ix_article_outlet_published_at', table_name='article')
    op.create_index('ix_article_published_order', 'article', [PUBLISHED, 'id'])
    op.create_index('ix_article_outlet_published_order', 'article', ['outlet', PUBLISHED, 'id'])
    op.drop_index('ix_event_type_date_start', table_name='event')
    op.create_index('ix_event_date_order', 'event', [DATE_START, 'id'])
    op.create_index('ix_event_type_date_order', 'event', ['type', DATE_START, 'id'])


def downgrade() -> None:
    op.drop_index('ix_event_type_date_order', table_name='event')
    op.drop_index('ix_event_date_order', table_name='event')
    op.create_index('ix_event_type_date_start', 'event', ['type', 'date_start'])
    op.drop_index('ix_article_outlet_published_order', table_name='article')
    op.drop_index('ix_article_published_order', table_name='article')
    op.create_index('ix_article_outlet_published_at', 'article', ['outlet', 'published_at'])
    for table in NAMED:
        op.drop_index(f'ix_{table}_name_id', table_name=table)
        op.create_index(f'ix_{table}_name', table, ['name'])
