"""search phrase positions: lemma blocks per word, so phrases match in the engine

Revision ID: 0012search
Revises: 0011record
Create Date: 2026-11-27 02:10:00

The shadows now keep word order (app/search/shadow.py): "a|b c" is a word with lemmas a and
b followed by a word c. PostgreSQL: `tsv` is built by `search_shadow_tsvector` with every
lemma of a word at that word's position (the body starts one position after the title's
end, so no phrase spans both), and `(a | b) <-> c` is an exact phrase. SQLite: the FTS5
tables gain a `pairs` column of adjacent-lemma pairs. Every shadow row is rebuilt from its
row's text, as 0002search first built them.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012search"
down_revision: str | None = "0011record"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHADOWS = {"article_fts": ("article", "title", "body"), "event_fts": ("event", "title", "summary")}

# Lemmas of a word share its position; positions stop at tsvector's maximum, 16383.
SHADOW_TSVECTOR = r"""
CREATE FUNCTION search_shadow_tsvector(shadow text, first_position integer) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(
           '''' || replace(replace(lemma, '\', '\\'), '''', '''''') || ''':'
           || least(position + first_position - 1, 16383), ' '), '')::tsvector
  FROM unnest(string_to_array(shadow, ' ')) WITH ORDINALITY AS word(block, position),
       unnest(string_to_array(block, '|')) AS lemma
  WHERE lemma <> ''
$$
"""
TSV = ("setweight(search_shadow_tsvector(title, 1), 'A') || "
       "setweight(search_shadow_tsvector(body, 2), 'B')")
OLD_TSV = "setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B')"


def _create_sqlite(table: str, source: str, with_pairs: bool) -> None:
    op.execute(f"DROP TRIGGER IF EXISTS {table}_after_delete")
    op.execute(f"DROP TABLE IF EXISTS {table}")
    columns = "title, body, pairs" if with_pairs else "title, body"
    op.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({columns}, tokenize = 'unicode61 remove_diacritics 0')")
    op.execute(
        f"CREATE TRIGGER {table}_after_delete AFTER DELETE ON {source} "
        f"BEGIN DELETE FROM {table} WHERE rowid = old.id; END"
    )


def _create_postgres(table: str, source: str, tsv: str) -> None:
    op.execute(f"DROP TABLE IF EXISTS {table}")
    op.execute(
        f"CREATE TABLE {table} ("
        f" id integer PRIMARY KEY REFERENCES {source}(id) ON DELETE CASCADE,"
        " title text NOT NULL DEFAULT '', body text NOT NULL DEFAULT '',"
        f" tsv tsvector GENERATED ALWAYS AS ({tsv}) STORED)"
    )
    op.execute(f"CREATE INDEX ix_{table}_tsv ON {table} USING gin (tsv)")


def _backfill(table: str, source: str, title: str, body: str, shadow_format: str) -> None:
    from app.search.shadow import shadow_of
    from app.text.morph import lemma_text

    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    key = "rowid" if sqlite else "id"
    rows = connection.execute(sa.text(f"SELECT id, {title}, {body} FROM {source}")).all()
    for row_id, title_text, body_text in rows:
        if shadow_format == "blocks":
            shadow = shadow_of(title_text or "", body_text or "")
            values = {"id": row_id, "t": shadow.title, "b": shadow.body, "p": shadow.pairs}
        else:
            values = {"id": row_id, "t": lemma_text(title_text or ""), "b": lemma_text(body_text or "")}
        columns, params = (f"{key}, title, body", ":id, :t, :b")
        if sqlite and shadow_format == "blocks":
            columns, params = columns + ", pairs", params + ", :p"
        connection.execute(sa.text(f"INSERT INTO {table} ({columns}) VALUES ({params})"), values)


def _rebuild(sqlite: bool, shadow_format: str) -> None:
    """Every shadow table made anew in `shadow_format` ("blocks" with pairs, or the old "words")."""
    blocks = shadow_format == "blocks"
    for table, (source, title, body) in SHADOWS.items():
        if sqlite:
            _create_sqlite(table, source, with_pairs=blocks)
        else:
            _create_postgres(table, source, TSV if blocks else OLD_TSV)
        _backfill(table, source, title, body, shadow_format)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.execute(SHADOW_TSVECTOR)
    _rebuild(sqlite, "blocks")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _rebuild(sqlite, "words")
    if not sqlite:
        op.execute("DROP FUNCTION search_shadow_tsvector(text, integer)")
