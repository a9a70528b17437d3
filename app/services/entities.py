"""What persons, organizations and places share: named rows with aliases, linked by mentions."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlmodel import Session

from app.errors import Conflict
from app.kinds import EntityKind
from app.mentions.matcher import NAME_FIELDS
from app.mentions.relink import entity_forms, relink_entity
from app.models import EventParticipant
from app.pagination import SortKey
from app.schemas.common import AliasIn
from app.services.aliases import aliases_of, replace_aliases
from app.services.common import (
    Listing,
    M,
    assign,
    check_version,
    claim_slug,
    get_by_ref,
    reject_nulls,
    touch,
)


def get_entity(session: Session, kind: EntityKind, ref: str) -> Any:
    return get_by_ref(session, kind.model, ref, kind.name)


def entity_aliases(session: Session, kind: EntityKind, ids: list[int]) -> dict[int, list]:
    return aliases_of(session, kind.alias_model, kind.owner_field, ids)


def named_listing(model: type[M]) -> Listing[M]:
    """Persons, organizations and places list by name (the default), creation time or id."""
    return Listing(model, {
        "name": SortKey(model.name, str),
        "created_at": SortKey(model.created_at, datetime),
        "id": SortKey(model.id, int),
    }, default_sort="name")


def create_entity(
    session: Session, kind: EntityKind, data: BaseModel, extra_exclude=(), derived: dict | None = None,
) -> Any:
    """`derived`: column values computed from the data (a place's coordinates), set before the insert."""
    values = data.model_dump(exclude={"slug", "aliases", *extra_exclude})
    row = kind.model(
        **values, **(derived or {}),
        slug=claim_slug(session, kind.model, data.slug, data.name_en or data.name, kind.name),
    )
    session.add(row)
    session.flush()
    replace_aliases(session, kind.alias_model, kind.owner_field, row.id, data.aliases, row.name, row.name_en)
    session.flush()
    relink_entity(session, kind.name, row.id)
    return row


def update_entity(
    session: Session, kind: EntityKind, row: Any, data: BaseModel, if_match: int | None,
    extra_exclude=(),
) -> tuple[Any, bool]:
    check_version(row, if_match, kind.name)
    values = data.model_dump(exclude_unset=True, exclude={"aliases", *extra_exclude})
    if "slug" in values:
        values["slug"] = claim_slug(session, kind.model, values["slug"], row.name, kind.name, row.id)
    reject_nulls(values, kind.required)
    renaming = data.aliases is not None or any(f in values for f in NAME_FIELDS)
    old_forms = entity_forms(session, kind.name, row.id) if renaming else []
    changed = assign(row, values)
    names_changed = changed and any(f in values for f in NAME_FIELDS)
    if data.aliases is not None or names_changed:
        given = data.aliases
        if given is None:
            given = [
                AliasIn(alias=a.alias, language=a.language, kind=a.kind, source=a.source)
                for a in entity_aliases(session, kind, [row.id])[row.id]
                if a.kind not in ("native", "transliteration", "english")
            ]
        aliases_changed = replace_aliases(
            session, kind.alias_model, kind.owner_field, row.id, list(given), row.name, row.name_en
        )
        changed = changed or aliases_changed
        names_changed = names_changed or aliases_changed
    if changed:
        touch(row)
        session.flush()
    if names_changed:
        relink_entity(session, kind.name, row.id, old_forms)
    return row, changed


def ensure_no_events(session: Session, kind: EntityKind, row: Any, extra_uses: int = 0) -> None:
    column = getattr(EventParticipant, kind.owner_field)
    uses = session.execute(select(func.count()).where(column == row.id)).scalar_one() + extra_uses
    if uses:
        raise Conflict(
            f"The {kind.name} {row.slug!r} takes part in {uses} event(s); "
            "remove it from those events first."
        )


def delete_entity(
    session: Session, kind: EntityKind, row: Any, if_match: int | None, extra_uses: int = 0,
) -> None:
    check_version(row, if_match, kind.name)
    ensure_no_events(session, kind, row, extra_uses)
    old_forms = entity_forms(session, kind.name, row.id)
    session.delete(row)
    session.flush()
    relink_entity(session, kind.name, row.id, old_forms)
