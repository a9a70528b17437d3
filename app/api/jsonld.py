"""schema.org JSON-LD of the JSON representations (`Accept: application/ld+json`).

Mapped from the JSON the routes already produce, so the two never disagree: articles are
`NewsArticle` (mentions = the persons, organizations and places named; about = the events
reported), persons `Person`, events `Event`, organizations `Organization`, places `Place` or
`Country`; a list is an `ItemList`.
"""

from collections.abc import Callable
from typing import Any

CONTEXT = "https://schema.org"
ENTITY_TYPES = {"person": "Person", "organization": "Organization", "place": "Place"}
COLLECTIONS = {"person": "persons", "organization": "organizations", "place": "places"}
# What to embed in the JSON a JSON-LD document is made from.
INCLUDE_FOR = {"articles": b"persons,organizations,places,events", "events": b"articles"}
EVENT_STATUS = {"held": "EventScheduled", "announced": "EventScheduled", "cancelled": "EventCancelled"}

Json = dict[str, Any]


def _clean(node: Json) -> Json:
    return {k: v for k, v in node.items() if v not in (None, [], "")}


def _entity(ref: Json, base: str, kind: str | None = None) -> Json:
    kind = kind or ref.get("kind", "person")
    return _clean({"@type": ENTITY_TYPES[kind], "@id": f"{base}/v1/{COLLECTIONS[kind]}/{ref['slug']}",
                   "name": ref.get("name")})


def _article_ref(ref: Json, base: str) -> Json:
    return _clean({"@type": "NewsArticle", "@id": f"{base}/v1/articles/{ref['slug']}",
                   "headline": ref.get("title"), "datePublished": ref.get("published_at")})


def _event_ref(ref: Json, base: str) -> Json:
    return _clean({"@type": "Event", "@id": f"{base}/v1/events/{ref['slug']}", "name": ref.get("title"),
                   "startDate": ref.get("date_start")})


def _node(type_: str, collection: str, item: Json, base: str) -> Json:
    """The `@type`, `@id` (its URL in this API) and `identifier` of a top-level resource."""
    return {"@type": type_, "@id": f"{base}/v1/{collection}/{item.get('slug', item['id'])}",
            "identifier": item["id"]}


def _aliases(item: Json) -> list[str]:
    names = [item.get("name_en"), *(a["alias"] for a in item.get("aliases", []))]
    return list(dict.fromkeys(n for n in names if n and n != item.get("name")))


def article(item: Json, base: str) -> Json:
    named = [_entity(ref, base, kind) for kind in ENTITY_TYPES for ref in item.get(COLLECTIONS[kind], [])]
    return _clean({
        **_node("NewsArticle", "articles", item, base),
        "headline": item.get("title"), "description": item.get("lead"), "articleBody": item.get("body"),
        "inLanguage": item.get("language"), "datePublished": item.get("published_at"),
        "dateCreated": item.get("created_at"), "dateModified": item.get("updated_at"),
        "url": item.get("url"),
        "publisher": {"@type": "Organization", "name": item["outlet"]} if item.get("outlet") else None,
        "sourceOrganization": ({"@type": "Organization", "name": item["original_source"]}
                               if item.get("original_source") else None),
        "mentions": named, "about": [_event_ref(e, base) for e in item.get("events", [])],
    })


def person(item: Json, base: str) -> Json:
    return _clean({
        **_node("Person", "persons", item, base),
        "name": item.get("name"), "alternateName": _aliases(item), "givenName": item.get("given_name"),
        "familyName": item.get("family_name"), "description": item.get("description"),
        "jobTitle": list(dict.fromkeys(o["title"] for o in item.get("offices", []))),
        "nationality": {"@type": "Country", "identifier": item["country"]} if item.get("country") else None,
    })


def event(item: Json, base: str) -> Json:
    participants = item.get("participants", [])
    articles = [s["article"] for s in item.get("sources", [])] + item.get("articles", [])
    unique = list({a["slug"]: a for a in articles}.values())
    return _clean({
        **_node("Event", "events", item, base),
        "name": item.get("title"), "description": item.get("summary"), "additionalType": item.get("type"),
        "startDate": item.get("date_start"), "endDate": item.get("date_end"),
        "eventStatus": f"{CONTEXT}/{EVENT_STATUS.get(item.get('status', ''), 'EventScheduled')}",
        "location": _entity(item["place"], base, "place") if item.get("place") else None,
        "organizer": [_entity(p["entity"], base) for p in participants if p["role"] == "host"],
        "attendee": [_entity(p["entity"], base) for p in participants if p["role"] != "host"],
        "subjectOf": [_article_ref(a, base) for a in unique],
    })


def organization(item: Json, base: str) -> Json:
    return _clean({
        **_node("Organization", "organizations", item, base),
        "name": item.get("name"), "alternateName": _aliases(item), "description": item.get("description"),
        "address": ({"@type": "PostalAddress", "addressCountry": item["country"]}
                    if item.get("country") else None),
    })


def place(item: Json, base: str) -> Json:
    return _clean({
        **_node("Country" if item.get("kind") == "country" else "Place", "places", item, base),
        "name": item.get("name"), "alternateName": _aliases(item), "description": item.get("description"),
    })


MAPPERS: dict[str, Callable[[Json, str], Json]] = {
    "articles": article, "persons": person, "events": event, "organizations": organization, "places": place,
}


def resource_kind(path: str) -> tuple[str, bool] | None:
    """(collection, is_list) of a /v1 path that JSON-LD can describe; None otherwise."""
    parts = path.strip("/").split("/")
    if len(parts) < 2 or parts[0] != "v1":
        return None
    if parts[-1] in MAPPERS:
        return parts[-1], True
    if len(parts) == 3 and parts[1] in MAPPERS:
        return parts[1], False
    return None


def to_jsonld(data: Any, collection: str, is_list: bool, base: str) -> Json:
    mapper = MAPPERS[collection]
    if not is_list:
        return {"@context": CONTEXT, **mapper(data, base)}
    items = data["items"] if isinstance(data, dict) else data
    return {
        "@context": CONTEXT, "@type": "ItemList", "numberOfItems": len(items),
        "itemListElement": [{"@type": "ListItem", "position": i, "item": mapper(item, base)}
                            for i, item in enumerate(items, start=1)],
    }
