"""Lemma shadows of searchable text, kept in step with every write of an article or event.

`article_fts` and `event_fts` hold, per row, the lemmas of its title and of its body (an
event's summary). SQLite indexes them with FTS5, PostgreSQL with a generated `tsvector` and
GIN (migration 0002search). Mapper events write the shadow inside the same flush as the
row, so every writer (services, ingest, seed) keeps it current; deletes also cascade in SQL.
`keep_in_step()` registers them; app.db does so for every engine it makes.
"""

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection

from app.models import Article, Event
from app.text.morph import lemmas
from app.text.tokens import words


@lru_cache(maxsize=200_000)
def _shadow_of_word(word: str) -> str:
    return " ".join(sorted(lemmas(word)))


def lemma_text(text: str) -> str:
    """app.text.morph.lemma_text, with each word's part cached whole: indexing's hot loop."""
    return " ".join(_shadow_of_word(word) for word in words(text))


@dataclass(frozen=True)
class ShadowIndex:
    table: str  # "article_fts"
    model: type
    title_field: str
    body_field: str

    def lemmas_of(self, row) -> tuple[str, str]:
        return (lemma_text(getattr(row, self.title_field) or ""),
                lemma_text(getattr(row, self.body_field) or ""))

    def write(self, connection: Connection, row_id: int, title: str, body: str, *, new: bool = False) -> None:
        if not new:  # a new row has no shadow yet: skip the delete
            self.delete(connection, row_id)
        if connection.dialect.name == "sqlite":
            sql = f"INSERT INTO {self.table} (rowid, title, body) VALUES (:id, :title, :body)"
        else:
            sql = f"INSERT INTO {self.table} (id, title, body) VALUES (:id, :title, :body)"
        connection.execute(text(sql), {"id": row_id, "title": title, "body": body})

    def delete(self, connection: Connection, row_id: int) -> None:
        key = "rowid" if connection.dialect.name == "sqlite" else "id"
        connection.execute(text(f"DELETE FROM {self.table} WHERE {key} = :id"), {"id": row_id})

    def index_row(self, connection: Connection, row, *, new: bool = False) -> None:
        self.write(connection, row.id, *self.lemmas_of(row), new=new)


ARTICLES = ShadowIndex("article_fts", Article, "title", "body")
EVENTS = ShadowIndex("event_fts", Event, "title", "summary")


def _text_changed(index: ShadowIndex, row) -> bool:
    state = inspect(row)
    return any(state.attrs[f].history.has_changes() for f in (index.title_field, index.body_field))


INDEXES = (ARTICLES, EVENTS)
_INDEX_OF = {index.model: index for index in INDEXES}


def _inserted(_mapper, connection: Connection, row) -> None:
    _INDEX_OF[type(row)].index_row(connection, row, new=True)


def _updated(_mapper, connection: Connection, row) -> None:
    index = _INDEX_OF[type(row)]
    if _text_changed(index, row):
        index.index_row(connection, row)


def _deleted(_mapper, connection: Connection, row) -> None:
    _INDEX_OF[type(row)].delete(connection, row.id)


LISTENERS = (("after_insert", _inserted), ("after_update", _updated), ("after_delete", _deleted))


def keep_in_step() -> None:
    """Write the shadow in the same flush as every insert, update and delete of its rows.

    Called where engines are made (app.db.make_engine), so every writer (API, CLI, seed, a
    script) keeps the index current; idempotent.
    """
    for index in INDEXES:
        for name, listener in LISTENERS:
            if not event.contains(index.model, name, listener):
                event.listen(index.model, name, listener)
