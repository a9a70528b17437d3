"""search index: lemma shadows of articles and events

Revision ID: 0002search
Revises: eb215dfc571c
Create Date: 2026-11-25 21:50:00

SQLite: FTS5 tables (unicode61, diacritics kept: "й" is not "и"), rowid = the row's id,
and a delete trigger. PostgreSQL: plain tables with a generated weighted tsvector under a
GIN index, deleted by cascade. The app writes the lemmas (app/search/shadow.py); existing
rows are indexed here.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002search"
down_revision: str | None = "eb215dfc571c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHADOWS = {"article_fts": ("article", "title", "body"), "event_fts": ("event", "title", "summary")}


def _create_sqlite(table: str, source: str) -> None:
    op.execute(
        f"CREATE VIRTUAL TABLE {table} USING fts5(title, body, "
        "tokenize = 'unicode61 remove_diacritics 0')"
    )
    op.execute(
        f"CREATE TRIGGER {table}_after_delete AFTER DELETE ON {source} "
        f"BEGIN DELETE FROM {table} WHERE rowid = old.id; END"
    )


def _create_postgres(table: str, source: str) -> None:
    op.execute(
        f"CREATE TABLE {table} ("
        f" id integer PRIMARY KEY REFERENCES {source}(id) ON DELETE CASCADE,"
        " title text NOT NULL DEFAULT '', body text NOT NULL DEFAULT '',"
        " tsv tsvector GENERATED ALWAYS AS ("
        "  setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B')"
        " ) STORED)"
    )
    op.execute(f"CREATE INDEX ix_{table}_tsv ON {table} USING gin (tsv)")


def _backfill(table: str, source: str, title: str, body: str) -> None:
    from app.text.morph import lemma_text

    connection = op.get_bind()
    key = "rowid" if connection.dialect.name == "sqlite" else "id"
    rows = connection.execute(sa.text(f"SELECT id, {title}, {body} FROM {source}")).all()
    for row_id, title_text, body_text in rows:
        connection.execute(
            sa.text(f"INSERT INTO {table} ({key}, title, body) VALUES (:id, :t, :b)"),
            {"id": row_id, "t": lemma_text(title_text or ""), "b": lemma_text(body_text or "")},
        )


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, (source, title, body) in SHADOWS.items():
        (_create_sqlite if sqlite else _create_postgres)(table, source)
        _backfill(table, source, title, body)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in SHADOWS:
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_after_delete")
        op.execute(f"DROP TABLE IF EXISTS {table}")
