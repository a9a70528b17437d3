"""References to persons, organizations and places: `{kind, id, slug, name}`."""

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session

from app.models import Organization, Person, Place

ENTITY_MODELS = {"person": Person, "organization": Organization, "place": Place}
EntityKey = tuple[str, int]


def entity_key(row) -> EntityKey:
    """The entity a mention or participant row points at."""
    if row.person_id is not None:
        return ("person", row.person_id)
    if row.organization_id is not None:
        return ("organization", row.organization_id)
    return ("place", row.place_id)


def entity_refs(session: Session, keys: Iterable[EntityKey]) -> dict[EntityKey, dict]:
    """{(kind, id): EntityRef} for the given entities, one query per kind."""
    wanted: dict[str, set[int]] = {kind: set() for kind in ENTITY_MODELS}
    for kind, id_ in keys:
        wanted[kind].add(id_)
    refs = {}
    for kind, ids in wanted.items():
        if not ids:
            continue
        model = ENTITY_MODELS[kind]
        for id_, slug, name in session.execute(
            select(model.id, model.slug, model.name).where(model.id.in_(ids))
        ):
            refs[(kind, id_)] = {"kind": kind, "id": id_, "slug": slug, "name": name}
    return refs
