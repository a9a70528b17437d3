"""The change log: every create, update, delete (and restore) of an article, person,
organization, place or event, written in the transaction that makes the change.

How (registered once on the Session class by `record_changes`, called in app.db; read by
app.services.changes):
- flushes note what changed: `before_flush` reads a deleted row and its links (aliases,
  offices, mentions, participants, sources) before the database cascades them away;
  `after_flush` notes creates (their ids are known by then) and updates (any changed column);
- `before_commit` writes the noted entries to `change` as the transaction's last statements.
  On PostgreSQL it first takes a transaction-scoped advisory lock, held until commit, so
  writers append one at a time and ids (feed order) follow commit order: a reader that has
  seen id n never later finds an id below n appear. SQLite has one writer at a time anyway.
- a rollback drops what was noted; nothing is written outside the change's own transaction,
  so the feed can neither miss a committed change nor show one that was rolled back.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect, select, text
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from app.kinds import ENTITY_KINDS
from app.models import (
    Article,
    Change,
    Event,
    EventParticipant,
    EventSource,
    Mention,
    PersonOffice,
)
from app.models.base import utcnow

# Who is writing: the API key's name. The access layer sets it per request.
current_actor: ContextVar[str | None] = ContextVar("current_actor", default=None)

FEED_LOCK = 0x64697063  # pg_advisory_xact_lock key of the change feed ("dipc")
_PENDING = "dipnews.changes"  # session.info key: entries noted, not yet written
_CREATE_OP = "dipnews.changes.create_op"  # session.info key: "restore" while restoring

TRACKED: dict[type[SQLModel], str] = {Article: "article", Event: "event"}
TRACKED.update((kind.model, kind.name) for kind in ENTITY_KINDS)

# What a delete takes with it: (name in `before.links`, model, column naming the deleted row).
LINKS: dict[str, tuple[tuple[str, type[SQLModel], str], ...]] = {
    "article": (("mentions", Mention, "article_id"), ("sources", EventSource, "article_id")),
    "event": (("participants", EventParticipant, "event_id"), ("sources", EventSource, "event_id")),
} | {
    kind.name: (
        ("aliases", kind.alias_model, kind.owner_field),
        *((("offices", PersonOffice, kind.owner_field),) if hasattr(PersonOffice, kind.owner_field) else ()),
        ("mentions", Mention, kind.owner_field),
    )
    for kind in ENTITY_KINDS
}


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def previous_state(row: Any) -> dict[str, Any]:
    """The row's columns as the database held them before this flush (JSON-ready)."""
    state = inspect(row)
    values = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        value = history.deleted[0] if history.deleted else getattr(row, attr.key)
        values[attr.key] = _jsonable(value)
    return values


def _links(session: Session, kind: str, id_: int) -> dict[str, list[dict]]:
    links = {}
    for name, model, column in LINKS[kind]:
        table = SQLModel.metadata.tables[model.__tablename__]  # type: ignore[index]
        rows = session.execute(select(table).where(table.c[column] == id_).order_by(table.c.id))
        links[name] = [{k: _jsonable(v) for k, v in row._mapping.items()} for row in rows]
    return links


def _note(session: Session, kind: str, entity_id: int, ref: str, version: int, op: str, before) -> None:
    pending = session.info.setdefault(_PENDING, [])
    if op == "update":
        # Autoflush may write one change in steps; a transaction is one change per resource:
        # the first entry keeps the old state (`before`), and takes the final version and slug.
        last = next((e for e in reversed(pending) if (e["kind"], e["entity_id"]) == (kind, entity_id)), None)
        if last is not None and last["op"] != "delete":
            last.update(version=version, ref=ref)
            return
    pending.append({
        "kind": kind, "entity_id": entity_id, "ref": ref, "version": version, "op": op,
        "before": before, "actor": current_actor.get(),
    })


def _before_flush(session: Session, _context, _instances) -> None:
    for row in session.deleted:
        kind = TRACKED.get(type(row))
        if kind is None:
            continue
        state = previous_state(row)
        _note(session, kind, state["id"], state["slug"], state["version"], "delete",
              {"row": state, "links": _links(session, kind, state["id"])})


def _after_flush(session: Session, _context) -> None:
    create_op = session.info.get(_CREATE_OP, "create")
    for row in session.new:
        kind = TRACKED.get(type(row))
        if kind is not None:
            _note(session, kind, row.id, row.slug, row.version, create_op, None)
    for row in session.dirty:
        kind = TRACKED.get(type(row))
        if kind is None or not session.is_modified(row, include_collections=False):
            continue
        _note(session, kind, row.id, row.slug, row.version, "update", {"row": previous_state(row)})


def _before_commit(session: Session) -> None:
    session.flush()  # commit flushes after this hook: flush first so every change is noted
    entries = session.info.pop(_PENDING, None)
    if not entries:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FEED_LOCK})
    at = utcnow()
    connection.execute(insert(Change), [{**entry, "at": at} for entry in entries])


def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is None:  # the session's own transaction ended: drop anything unwritten
        session.info.pop(_PENDING, None)


def record_changes(session_class: type[Session]) -> None:
    """Write the change log from every session of `session_class` (idempotent)."""
    for name, hook in (
        ("before_flush", _before_flush), ("after_flush", _after_flush),
        ("before_commit", _before_commit), ("after_transaction_end", _after_transaction_end),
    ):
        if not event.contains(session_class, name, hook):
            event.listen(session_class, name, hook)


@contextmanager
def recording_restores(session: Session) -> Iterator[None]:
    """Rows added to `session` inside this block are logged as `restore`, not `create`."""
    session.info[_CREATE_OP] = "restore"
    try:
        yield
    finally:
        session.info.pop(_CREATE_OP, None)

