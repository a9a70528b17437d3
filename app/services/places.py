"""Places: queries and writes."""

from sqlalchemy import func, select
from sqlmodel import Session, col

from app.kinds import KINDS
from app.models import Event, Place
from app.pagination import PageParams, PageResult
from app.schemas.place import PlaceCreate, PlaceFilters, PlacePublic, PlaceUpdate
from app.services.common import assign, touch
from app.services.entities import (
    EntityService,
    create_entity,
    delete_entity,
    list_entities,
    present_entities,
    update_entity,
)
from app.services.gazetteer import locate

PLACES = KINDS["place"]


def list_places(
    session: Session, filters: PlaceFilters, sort: str | None, params: PageParams,
) -> PageResult[Place]:
    of_kind = [col(Place.kind) == filters.kind] if filters.kind else []
    return list_entities(session, PLACES, filters, sort, params, *of_kind)


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
    held_here = session.execute(select(func.count()).where(col(Event.place_id) == row.id)).scalar_one()
    delete_entity(session, PLACES, row, if_match, extra_uses=held_here)


def place_points(session: Session, ids: list[int]) -> dict[int, tuple[float, float]]:
    """(longitude, latitude) of the places the gazetteer located, by id."""
    if not ids:
        return {}
    rows = session.execute(select(col(Place.id), col(Place.longitude), col(Place.latitude)).where(
        col(Place.id).in_(ids), col(Place.latitude).is_not(None), col(Place.longitude).is_not(None)))
    return {id_: (lon, lat) for id_, lon, lat in rows}


def present_places(session: Session, rows: list[Place]) -> list[PlacePublic]:
    return present_entities(session, PLACES, PlacePublic, rows)


SERVICE = EntityService(PLACES, list_places, create_place, update_place, delete_place, present_places,
                        PlaceCreate, PlaceUpdate)
