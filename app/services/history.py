"""A resource's history, the audit log, and restoring a deleted resource from its history.

Everything here reads the change log (`app.changelog`): each update keeps the row as it
was, each delete the row and its links (aliases, offices, mentions, participants, sources).
Restoring puts the row back with its id, slug and version, then its links, in one transaction
that the change log records as `restore`.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, TypeDecorator, insert, select
from sqlalchemy.types import TypeEngine
from sqlmodel import Session, SQLModel, col

from app.changelog import LINKS, TRACKED, recording_restores
from app.errors import Conflict, NotFound
from app.kinds import ENTITY_KINDS
from app.models import Change
from app.models.base import column_of, table_of

MODELS: dict[str, type[SQLModel]] = {kind: model for model, kind in TRACKED.items()}
COLLECTIONS: dict[str, str] = {"articles": "article", "events": "event"} | {
    kind.collection: kind.name for kind in ENTITY_KINDS
}


def _changes_of(session: Session, kind: str, ref: str) -> list[Change]:
    """Every change of the resource `ref` names (id or slug, current or last known), newest first."""
    is_id = ref.isascii() and ref.isdigit() and len(ref) < 19  # "¹" is a digit but no id
    where = col(Change.entity_id) == int(ref) if is_id else col(Change.ref) == ref
    latest = session.execute(
        select(col(Change.entity_id)).where(col(Change.kind) == kind, where)
        .order_by(col(Change.id).desc()).limit(1)
    ).scalar()
    if latest is None:
        raise NotFound(f"No {kind} with id or slug {ref!r} has a history.")
    return list(session.execute(
        select(Change).where(col(Change.kind) == kind, col(Change.entity_id) == latest)
        .order_by(col(Change.id).desc())
    ).scalars())


def history(session: Session, kind: str, ref: str, limit: int) -> list[Change]:
    return _changes_of(session, kind, ref)[:limit]


def audit(session: Session, *, actor: str | None, kind: str | None, op: str | None,
          before: int | None, limit: int) -> tuple[list[Change], int | None]:
    """The change log newest first, with who made each change; the cursor of the next page."""
    statement = select(Change)
    for column, value in ((col(Change.actor), actor), (col(Change.kind), kind), (col(Change.op), op)):
        if value is not None:
            statement = statement.where(column == value)
    if before is not None:
        statement = statement.where(col(Change.id) < before)
    rows = list(session.execute(statement.order_by(col(Change.id).desc()).limit(limit + 1)).scalars())
    return rows[:limit], (rows[limit - 1].id if len(rows) > limit else None)


def _python_type(type_: TypeEngine) -> type | None:
    if isinstance(type_, TypeDecorator):
        type_ = type_.impl_instance
    try:
        return type_.python_type
    except NotImplementedError:
        return None


def _revive(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """Column values as the change log stored them (dates as ISO text) back in Python types."""
    out = {}
    for column in table.columns:
        if column.key not in values:
            continue
        value = values[column.key]
        kind = _python_type(column.type)
        if isinstance(value, str) and kind is datetime:
            value = datetime.fromisoformat(value)
        elif isinstance(value, str) and kind is date:
            value = date.fromisoformat(value)
        out[column.key] = value
    return out


def _still_there(session: Session, table: Table, row: dict[str, Any], skip: str) -> bool:
    """Whether every other row this link points at still exists (a person deleted since, no)."""
    for fk in table.foreign_keys:
        column = fk.parent.key
        if column == skip or row.get(column) is None:
            continue
        target = fk.column
        if session.execute(select(target).where(target == row[column])).first() is None:
            return False
    return True


def _fresh_ids(rows: list[dict[str, Any]], table: Table, session: Session) -> list[dict[str, Any]]:
    """Links keep their old ids, except one another row holds by now (SQLite reuses the highest
    rowid): that one gets a new id. PostgreSQL sequences never hand out an old id again."""
    if "id" not in table.c or not rows:
        return rows
    taken = set(session.execute(select(table.c.id).where(table.c.id.in_([r["id"] for r in rows]))).scalars())
    return [{k: v for k, v in r.items() if k != "id"} if r["id"] in taken else r for r in rows]


def restore(session: Session, kind: str, ref: str) -> tuple[Any, dict[str, int], dict[str, int]]:
    """Bring back a deleted resource and its links; the links restored and those left out
    because what they pointed at is gone too."""
    last = _changes_of(session, kind, ref)[0]
    if last.op != "delete" or not last.before:
        raise Conflict(f"The {kind} {last.ref!r} is not deleted (its last change is a {last.op}).")
    model = MODELS[kind]
    row = _revive(table_of(model), last.before["row"])
    same_slug = select(column_of(model, "id")).where(column_of(model, "slug") == row["slug"])
    if session.execute(same_slug).first() is not None:
        raise Conflict(f"Another {kind} has the slug {row['slug']!r} now; rename it before restoring.")
    restored: dict[str, int] = {}
    skipped: dict[str, int] = {}
    with recording_restores(session):
        resource = model(**row)
        session.add(resource)
        session.flush()
        for name, link_model, column in LINKS[kind]:
            table = table_of(link_model)
            rows = [_revive(table, link) for link in last.before.get("links", {}).get(name, [])]
            kept = _fresh_ids([r for r in rows if _still_there(session, table, r, column)], table, session)
            for same_keys in (
                [r for r in kept if "id" in r], [r for r in kept if "id" not in r],
            ):
                if same_keys:
                    session.execute(insert(table), same_keys)
            restored[name] = len(kept)
            skipped[name] = len(rows) - len(kept)
    return resource, restored, {k: v for k, v in skipped.items() if v}
