"""Places: queries and writes."""

from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session

from app.models import Event, Place, PlaceAlias
from app.pagination import PageParams, SortKey
from app.schemas.place import PlaceCreate, PlacePublic, PlaceUpdate
from app.search.entities import search_names
from app.services.common import assign, run_page, touch
from app.services.entities import EntityKind, create_entity, delete_entity, update_entity
from app.services.gazetteer import locate

PLACES = EntityKind("place", Place, PlaceAlias, "place_id")
SORT_KEYS = {
    "name": SortKey(Place.name, str),
    "created_at": SortKey(Place.created_at, datetime),
    "id": SortKey(Place.id, int),
}


def get_place(session: Session, ref: str) -> Place:
    return PLACES.get(session, ref)


def list_places(session: Session, kind: str | None, country: str | None, sort: str | None,
                params: PageParams, q: str | None = None):
    statement = select(Place)
    if kind:
        statement = statement.where(Place.kind == kind)
    if country:
        statement = statement.where(Place.country_code == country.upper())
    if q:
        return search_names(
            session, Place, PlaceAlias, "place_id", statement, q, sort, params,
            lambda matching, order: run_page(session, matching, Place, order, SORT_KEYS, params),
        )
    return run_page(session, statement, Place, sort or "name", SORT_KEYS, params)


def create_place(session: Session, data: PlaceCreate) -> Place:
    found = locate(data.name, data.name_en, data.kind, data.country_code)
    derived = found.values()
    if data.country_code is None and found.country_code:
        derived["country_code"] = found.country_code  # a country known by its name
    return create_entity(session, PLACES, data, extra_exclude={"country_code"} if "country_code" in derived
                         else (), derived=derived)


def update_place(session: Session, row: Place, data: PlaceUpdate, if_match: int | None) -> Place:
    row, changed = update_entity(session, PLACES, row, data, if_match)
    found = locate(row.name, row.name_en, row.kind, row.country_code).values()
    if assign(row, found):  # a new name, kind or country: where it is follows (same version)
        if not changed:
            touch(row)
        session.flush()
    return row


def delete_place(session: Session, row: Place, if_match: int | None) -> None:
    held_here = session.execute(select(func.count()).where(Event.place_id == row.id)).scalar_one()
    delete_entity(session, PLACES, row, if_match, extra_uses=held_here)


def present_places(session: Session, rows: list[Place]) -> list[PlacePublic]:
    aliases = PLACES.aliases(session, [r.id for r in rows])
    return [PlacePublic.model_validate({**r.model_dump(), "aliases": aliases[r.id]}) for r in rows]
