"""References to persons, organizations and places: `{kind, id, slug, name}`."""

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session

from app.kinds import KINDS, EntityKey
from app.models.base import column_of


def entity_refs(session: Session, keys: Iterable[EntityKey]) -> dict[EntityKey, dict]:
    """{(kind, id): EntityRef} for the given entities, one query per kind."""
    wanted: dict[str, set[int]] = {name: set() for name in KINDS}
    for kind, id_ in keys:
        wanted[kind].add(id_)
    refs = {}
    for name, ids in wanted.items():
        if not ids:
            continue
        model = KINDS[name].model
        for id_, slug, title in session.execute(
            select(column_of(model, "id"), column_of(model, "slug"), column_of(model, "name"))
            .where(column_of(model, "id").in_(ids))
        ):
            refs[(name, id_)] = {"kind": name, "id": id_, "slug": slug, "name": title}
    return refs
