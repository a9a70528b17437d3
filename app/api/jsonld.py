"""schema.org JSON-LD of the JSON representations (`Accept: application/ld+json`).

Mapped from the same typed objects the JSON is dumped from (`app.api.representations`), so the
two never disagree: articles are
`NewsArticle` (mentions = the persons, organizations and places named; about = the events
reported), persons `Person`, events `Event`, organizations `Organization`, places `Place` or
`Country`; a list is an `ItemList`.
"""

from collections.abc import Callable
from typing import Any

from app.kinds import ENTITY_KINDS, KINDS

CONTEXT = "https://schema.org"
EVENT_STATUS = {"held": "EventScheduled", "announced": "EventScheduled", "cancelled": "EventCancelled"}

Json = dict[str, Any]


def _clean(node: Json) -> Json:
    return {k: v for k, v in node.items() if v not in (None, [], "")}


def _entity(ref: Json, base: str, kind: str | None = None) -> Json:
    entity = KINDS[kind or ref["kind"]]
    return _clean({"@type": entity.schema_type, "@id": f"{base}/v1/{entity.collection}/{ref['slug']}",
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
    named = [_entity(ref, base, kind.name) for kind in ENTITY_KINDS for ref in item.get(kind.collection, [])]
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


def _person(item: Json) -> Json:
    return {
        "givenName": item.get("given_name"), "familyName": item.get("family_name"),
        "jobTitle": list(dict.fromkeys(o["title"] for o in item.get("offices", []))),
        "nationality": {"@type": "Country", "identifier": item["country"]} if item.get("country") else None,
    }


def _organization(item: Json) -> Json:
    return {"address": ({"@type": "PostalAddress", "addressCountry": item["country"]}
                        if item.get("country") else None)}


def _place(item: Json) -> Json:
    return {"@type": "Country"} if item.get("kind") == "country" else {}


# What a kind's node says beyond its name, other names and description (none for a new kind).
ENTITY_EXTRAS: dict[str, Callable[[Json], Json]] = {
    "person": _person, "organization": _organization, "place": _place,
}


def entity(kind: str) -> Callable[[Json, str], Json]:
    spec = KINDS[kind]

    def node(item: Json, base: str) -> Json:
        extras = ENTITY_EXTRAS.get(kind, lambda _: {})(item)
        return _clean({
            **_node(spec.schema_type, spec.collection, item, base),
            "name": item.get("name"), "alternateName": _aliases(item), "description": item.get("description"),
            **extras,
        })

    return node


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


MAPPERS: dict[str, Callable[[Json, str], Json]] = {
    "article": article, "event": event, **{kind.name: entity(kind.name) for kind in ENTITY_KINDS},
}


def to_jsonld(data: Json | list[Json], resource: str, base: str) -> Json:
    """One resource's node, or an `ItemList` of a list's items (dumped JSON of the typed objects)."""
    mapper = MAPPERS[resource]
    if isinstance(data, dict):
        return {"@context": CONTEXT, **mapper(data, base)}
    items = data
    return {
        "@context": CONTEXT, "@type": "ItemList", "numberOfItems": len(items),
        "itemListElement": [{"@type": "ListItem", "position": i, "item": mapper(item, base)}
                            for i, item in enumerate(items, start=1)],
    }
