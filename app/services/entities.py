"""What persons, organizations and places share: named rows with aliases, linked by mentions.

Each kind's module (`persons`, `organizations`, `places`) adds only what is its own and ends
with an `EntityService`: what the routes made for every kind (`app.api.routers.entities`) call.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col

from app.errors import Conflict
from app.kinds import EntityKind
from app.mentions.matcher import NAME_FIELDS
from app.mentions.relink import entity_forms, relink_entity
from app.models import EventParticipant
from app.models.base import column_of, id_of
from app.pagination import PageParams, PageResult, SortKey
from app.schemas.common import AliasIn, NamedFilters
from app.schemas.organization import OrganizationCreate, OrganizationUpdate
from app.schemas.person import PersonCreate, PersonUpdate
from app.schemas.place import PlaceCreate, PlaceUpdate
from app.search.entities import NameSearch
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

E = TypeVar("E")
P = TypeVar("P", bound=BaseModel)


@dataclass(frozen=True)
class EntityService(Generic[E]):
    """One kind's service as the generated routes call it. Get and the sort keys are the same
    for every kind; listing, writes and presenting are the kind's own functions (mostly thin
    calls of the generic ones below)."""

    kind: EntityKind
    list_page: Callable[[Session, Any, str | None, PageParams], PageResult[E]]
    create: Callable[[Session, Any], E]
    update: Callable[[Session, E, Any, int | None], E]
    delete: Callable[[Session, E, int | None], None]
    present: Callable[[Session, list[E]], list[Any]]
    create_schema: type[BaseModel]  # the bodies `create` and `update` take
    update_schema: type[BaseModel]

    def get(self, session: Session, ref: str) -> E:
        return get_entity(session, self.kind, ref)

    @property
    def sort_pattern(self) -> str:
        return named_listing(self.kind.model).sort_pattern


def get_entity(session: Session, kind: EntityKind, ref: str) -> Any:
    return get_by_ref(session, kind.model, ref, kind.name)


def entity_aliases(session: Session, kind: EntityKind, ids: list[int]) -> dict[int, list]:
    return aliases_of(session, kind.alias_model, kind.owner_field, ids)


@cache
def named_listing(model: type[M]) -> Listing[M]:
    """Persons, organizations and places list by name (the default), creation time or id."""
    return Listing(model, {
        "name": SortKey(column_of(model, "name"), str),
        "created_at": SortKey(column_of(model, "created_at"), datetime),
        "id": SortKey(column_of(model, "id"), int),
    }, default_sort="name")


def list_entities(
    session: Session, kind: EntityKind, filters: NamedFilters, sort: str | None, params: PageParams,
    *conditions: ColumnElement[bool],
) -> PageResult[Any]:
    """One page of a kind's list: `country=`, `updated_since=` and `q=` (every name, best match
    first unless sorted) for every kind, plus the kind's own `conditions`."""
    model = kind.model
    statement = select(model).where(*conditions)
    if filters.country:
        statement = statement.where(col(getattr(model, kind.country_field)) == filters.country.upper())
    if filters.updated_since:
        statement = statement.where(col(model.updated_at) >= filters.updated_since)
    search = NameSearch(kind, filters.q) if filters.q else None
    return named_listing(model).page(session, statement, sort, params, search)


def present_entities(
    session: Session, kind: EntityKind, public: type[P], rows: list[Any],
    extra: dict[str, dict[int, Any]] | None = None,
) -> list[P]:
    """Rows as their public schema with their aliases (one query for the whole page) and what
    `extra` holds for each id (a person's offices)."""
    ids = [id_of(r) for r in rows]
    aliases = entity_aliases(session, kind, ids)
    return [
        public.model_validate({**row.model_dump(), "aliases": aliases[i],
                               **{name: by_id[i] for name, by_id in (extra or {}).items()}})
        for row, i in zip(rows, ids, strict=True)
    ]


def create_entity(
    session: Session, kind: EntityKind, data: PersonCreate | OrganizationCreate | PlaceCreate,
    extra_exclude=(), derived: dict | None = None,
) -> Any:
    """`derived`: column values computed from the data (a place's coordinates), set before the insert."""
    values = data.model_dump(exclude={"slug", "aliases", *extra_exclude})
    row = kind.model(
        **values, **(derived or {}),
        slug=claim_slug(session, kind.model, data.slug, data.name_en or data.name, kind.name),
    )
    session.add(row)
    session.flush()
    row_id = id_of(row)
    replace_aliases(session, kind.alias_model, kind.owner_field, row_id, data.aliases, row.name, row.name_en)
    session.flush()
    relink_entity(session, kind.name, row_id)
    return row


def update_entity(
    session: Session, kind: EntityKind, row: Any, data: PersonUpdate | OrganizationUpdate | PlaceUpdate,
    if_match: int | None,
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
