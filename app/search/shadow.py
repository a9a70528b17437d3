"""Lemma shadows of searchable text, kept in step with every write of an article or event.

`article_fts` and `event_fts` hold, per row, the lemmas of its title and of its body (an
event's summary), one block per word: "мінськ|мінський|мінську зустріч" (lemmas of a word
joined by "|", words by " "). The blocks keep word order, so phrases match in the engine:
- PostgreSQL (migration 0012search) builds a `tsvector` from the blocks with every lemma of
  a word at that word's position, so `(a | b) <-> (c)` is an exact phrase of lemma sets.
- SQLite FTS5 cannot put several tokens at one position, so its shadow has a third column,
  `pairs`: for every two adjacent words of a field, each pair of their lemmas as one token
  ("зеленийǀчай", dictionary lemmas only: `pair_lemmas`). A two-word phrase is then exact;
  a longer one matches where each adjacent pair of its words stands together
  (app/search/sqlite.py).
Mapper events write the shadow inside the same flush as the row, so every writer (services,
ingest, seed) keeps it current; deletes also cascade in SQL. `keep_in_step()` registers
them; app.db does so for every engine it makes.
"""

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from app.models import Article, Event
from app.text.morph import lemmas, safe_parse
from app.text.normalize import normalize
from app.text.tokens import words

LEMMA_JOIN = "|"  # between the lemmas of one word: a separator to FTS5, so each is a token
MAX_POSITION = 16_383  # tsvector's last position: every word past it shares it
TSVECTOR_TEXT_BYTES = 900_000  # PostgreSQL refuses to read a tsvector from more than 1 MB of text
PAIR_JOIN = "ǀ"  # U+01C0, a letter to FTS5's unicode61: a pair of lemmas stays one token


@lru_cache(maxsize=200_000)
def _lemmas_of_word(word: str) -> tuple[str, ...]:
    return tuple(sorted(lemmas(word)))


@lru_cache(maxsize=200_000)
def pair_lemmas(word: str) -> tuple[str, ...]:
    """The lemmas a word takes part in pairs with: its dictionary lemmas only (not the word as
    written, which shares them), so a page of text makes a quarter of the pairs; a word the
    dictionary cannot parse pairs as written."""
    found = {parse.normal_form.replace("ʼ", "'").replace("’", "'") for parse in safe_parse(normalize(word))}
    return tuple(sorted(found)) or _lemmas_of_word(word)


def pair_token(first: str, second: str) -> str:
    return f"{first}{PAIR_JOIN}{second}"


@dataclass(frozen=True)
class Shadow:
    """What the index holds for one row: lemma blocks of the title and body, and (SQLite) pairs."""

    title: str
    body: str
    pairs: str


def _blocks(found: list[str]) -> str:
    return " ".join(LEMMA_JOIN.join(_lemmas_of_word(word)) for word in found)


def _pairs(found: list[str]) -> list[str]:
    paired = [pair_lemmas(word) for word in found]
    return [pair_token(a, b) for first, second in zip(paired, paired[1:], strict=False)
            for a in first for b in second]


def tsvector_blocks(blocks: str) -> str:
    """The body's blocks as PostgreSQL's tsvector can take them (`search_shadow_tsvector` reads
    them as one text of `'lemma':position` items, at most 1 MB): every block up to the last
    position, then only blocks not seen yet (past it they all share that position, so a repeat
    adds nothing), within a byte budget. Only a text of hundreds of thousands of distinct words
    reaches it; its words past the budget are not found by search."""
    found = blocks.split(" ")
    if len(blocks) * 2 + len(found) * 8 < TSVECTOR_TEXT_BYTES:  # UTF-8 Cyrillic: 2 bytes a letter
        return blocks
    kept, seen, size = [], set(), 0
    for n, block in enumerate(found):
        if n >= MAX_POSITION and block in seen:
            continue
        seen.add(block)
        size += sum(len(lemma.encode()) + 10 for lemma in block.split(LEMMA_JOIN))  # 'lemma':16383
        if size > TSVECTOR_TEXT_BYTES:
            break
        kept.append(block)
    return " ".join(kept)


def shadow_of(title: str, body: str) -> Shadow:
    """The shadow of a row's texts; a phrase never spans the title and the body."""
    title_words, body_words = words(title), words(body)
    return Shadow(_blocks(title_words), _blocks(body_words),
                  " ".join(_pairs(title_words) + _pairs(body_words)))


@dataclass(frozen=True)
class ShadowIndex:
    table: str  # "article_fts"
    model: type[SQLModel]
    title_field: str
    body_field: str

    def shadow_of(self, row) -> Shadow:
        return shadow_of(getattr(row, self.title_field) or "", getattr(row, self.body_field) or "")

    def write(self, connection: Connection, row_id: int, shadow: Shadow, *, new: bool = False) -> None:
        if not new:  # a new row has no shadow yet: skip the delete
            self.delete(connection, row_id)
        values = {"id": row_id, "title": shadow.title, "body": shadow.body}
        if connection.dialect.name == "sqlite":
            sql = f"INSERT INTO {self.table} (rowid, title, body, pairs) VALUES (:id, :title, :body, :pairs)"
            values["pairs"] = shadow.pairs
        else:  # PostgreSQL derives its positions from the blocks (a generated tsvector)
            sql = f"INSERT INTO {self.table} (id, title, body) VALUES (:id, :title, :body)"
            values["body"] = tsvector_blocks(shadow.body)
        connection.execute(text(sql), values)

    def delete(self, connection: Connection, row_id: int) -> None:
        key = "rowid" if connection.dialect.name == "sqlite" else "id"
        connection.execute(text(f"DELETE FROM {self.table} WHERE {key} = :id"), {"id": row_id})

    def index_row(self, connection: Connection, row, *, new: bool = False) -> None:
        self.write(connection, row.id, self.shadow_of(row), new=new)


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
