"""`Accept: application/geo+json` on place and event lists: an RFC 7946 FeatureCollection.

A place is a Point at its GeoNames coordinates; an event is a Point at the place it was held.
Where no coordinates are known (a place the gazetteer could not place, a country, an event without
a place) the feature's geometry is null, as RFC 7946 allows: never a guessed point. Each feature's
`properties` are the item as the JSON list gives it; `next_cursor` rides along as a foreign member
(and in the `Link` header).
"""

from typing import Any

from sqlmodel import Session

from app.services.places import place_points

GEOJSON_RESOURCES = ("place", "event")


def _point(coordinates: tuple[float, float] | None) -> dict[str, Any] | None:
    return {"type": "Point", "coordinates": list(coordinates)} if coordinates else None


def feature_collection(session: Session, resource: str, items: list[dict], rows: list[Any],
                       next_cursor: str | None) -> dict[str, Any]:
    if resource == "place":
        points = place_points(session, [row.id for row in rows])
        where = [points.get(row.id) for row in rows]
    else:
        points = place_points(session, [row.place_id for row in rows if row.place_id is not None])
        where = [points.get(row.place_id) if row.place_id is not None else None for row in rows]
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": item["id"], "geometry": _point(point), "properties": item}
            for item, point in zip(items, where, strict=True)
        ],
        "next_cursor": next_cursor,
    }
