"""analytics indexes: participants read off covering indexes from each side (graph, relations,
country and place filters), the timeline index covers where an event was held

Revision ID: 0011record
Revises: 0010data
Create Date: 2026-11-27 02:10:00

"""
from collections.abc import Sequence

from alembic import op

revision: str = '0011record'
down_revision: str | None = '0010data'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('event_participant', schema=None) as batch_op:
        batch_op.drop_index('ix_event_participant_event_id')
        batch_op.drop_index('ix_event_participant_organization_id')
        batch_op.drop_index('ix_event_participant_place_id')
        batch_op.create_index('ix_event_participant_event_entities',
                              ['event_id', 'person_id', 'organization_id', 'place_id'], unique=False)
        batch_op.create_index('ix_event_participant_organization_event', ['organization_id', 'event_id'],
                              unique=False)
        batch_op.create_index('ix_event_participant_place_event', ['place_id', 'event_id'], unique=False)
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_date_start_precision_id')
        batch_op.create_index('ix_event_timeline', ['date_start', 'date_precision', 'place_id', 'id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_timeline')
        batch_op.create_index('ix_event_date_start_precision_id', ['date_start', 'date_precision', 'id'],
                              unique=False)
    with op.batch_alter_table('event_participant', schema=None) as batch_op:
        batch_op.drop_index('ix_event_participant_place_event')
        batch_op.drop_index('ix_event_participant_organization_event')
        batch_op.drop_index('ix_event_participant_event_entities')
        batch_op.create_index('ix_event_participant_place_id', ['place_id'], unique=False)
        batch_op.create_index('ix_event_participant_organization_id', ['organization_id'], unique=False)
        batch_op.create_index('ix_event_participant_event_id', ['event_id'], unique=False)
