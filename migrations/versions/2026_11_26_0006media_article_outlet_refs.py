"""article outlet and original source link to organizations; content hashes ignore quote styles

`article.outlet_id` and `article.original_source_id` hold the id of the organization (kind
`media` when ingest created it) that `outlet` / `original_source` name; deleting the
organization leaves the text and nulls the link. Content hashes are recomputed because the hash now treats
«», “”, „“ and "" alike (app.text.normalize.content_hash).

Revision ID: 0006media
Revises: 0005names
Create Date: 2026-11-26 23:30:00

"""
import hashlib
import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006media'
down_revision: str | None = '0005names'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of the hash at this revision (migrations never import app code that may change).
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'", "ʹ": "'"})
_QUOTES = str.maketrans(dict.fromkeys("«»“”„‟″‹›", '"'))
_SPACES = re.compile(r"\s+")


def _hash(title: str, body: str) -> str:
    text = unicodedata.normalize("NFC", f"{title}\n\n{body}".lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    canonical = _SPACES.sub(" ", text.translate(_APOSTROPHES).translate(_QUOTES))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


COLUMNS = ('outlet_id', 'original_source_id')


def upgrade() -> None:
    # Plain indexed columns, no foreign key: SQLite cannot add one in place, and copying
    # `article` (batch mode) would lose its search trigger and expression indexes. Deleting an
    # organization nulls them (services.organizations).
    for column in COLUMNS:
        op.add_column('article', sa.Column(column, sa.Integer(), nullable=True))
        op.create_index(f'ix_article_{column}', 'article', [column])
    bind = op.get_bind()
    article = sa.table('article', sa.column('id'), sa.column('title'), sa.column('body'),
                       sa.column('content_hash'))
    rows = bind.execute(sa.select(article.c.id, article.c.title, article.c.body, article.c.content_hash)).all()
    taken = {row.content_hash for row in rows}
    for row in rows:
        digest = _hash(row.title, row.body)
        if digest not in taken:  # two stored copies differing only in quotes keep their old hashes
            taken.add(digest)
            bind.execute(article.update().where(article.c.id == row.id).values(content_hash=digest))


def downgrade() -> None:
    for column in COLUMNS:
        op.drop_index(f'ix_article_{column}', table_name='article')
        op.drop_column('article', column)
