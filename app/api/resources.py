"""What each resource offers over HTTP, in one typed description per resource.

Built from the entity-kind registry (`app.kinds`) plus articles and events: the table model
its ETags are read from, the `include=` names it resolves (`app.services.includes`), the fields
`fields=` may add, what its JSON-LD embeds, and the examples the docs show. Formats: JSON always,
JSON-LD for these resources and their lists, CSV for every list (`app.api.representations`).

Each entity kind also has an `EntityApi`: the schemas, filters, service and texts from which
`app.api.routers.entities` makes its routes (list, create, get, PATCH, delete, events, articles).
"""

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlmodel import SQLModel

from app.kinds import ENTITY_KINDS, KINDS, EntityKind
from app.models import Article, Event
from app.schemas.common import NamedFilters
from app.schemas.organization import (
    OrganizationFilters,
    OrganizationPublic,
)
from app.schemas.person import PersonFilters, PersonPublic
from app.schemas.place import PlaceFilters, PlacePublic
from app.services import organizations, persons, places
from app.services.entities import EntityService
from app.services.includes import INCLUDES
from app.services.offices import HELD_AT_HELP


@dataclass(frozen=True)
class Resource:
    name: str  # "article": the kind in ETags and the key of `INCLUDES`
    collection: str  # "articles": the path under /v1
    model: type[SQLModel]
    schema_type: str  # schema.org type of its JSON-LD node
    fields_example: str
    include_example: str = "articles,events"
    extra_fields: tuple[str, ...] = ()  # columns a list leaves out unless `fields=` names them
    jsonld_embeds: tuple[str, ...] = ()  # includes its JSON-LD is made with

    @property
    def includes(self) -> tuple[str, ...]:
        return tuple(INCLUDES[self.name])


RESOURCES: tuple[Resource, ...] = (
    Resource("article", "articles", Article, "NewsArticle", "id,title,body", "persons,events",
             extra_fields=("body",), jsonld_embeds=(*(k.collection for k in ENTITY_KINDS), "events")),
    Resource("event", "events", Event, "Event", "id,title,date_start", "articles",
             jsonld_embeds=("articles",)),
    *(Resource(kind.name, kind.collection, kind.model, kind.schema_type, kind.fields_example)
      for kind in ENTITY_KINDS),
)
BY_NAME: dict[str, Resource] = {r.name: r for r in RESOURCES}
BY_PATH: dict[str, Resource] = {r.collection: r for r in RESOURCES}
BY_MODEL: dict[type, Resource] = {r.model: r for r in RESOURCES}


def resource_at(path: str) -> tuple[Resource, bool] | None:
    """(resource, is_list) a /v1 path shows: `/v1/persons/x` one person, `/v1/persons/x/events`
    a list of events; None for anything else (mentions, search, candidates...)."""
    parts = path.strip("/").split("/")
    if len(parts) < 2 or parts[0] != "v1":
        return None
    if parts[-1] in BY_PATH:
        return BY_PATH[parts[-1]], True
    if len(parts) == 3 and parts[1] in BY_PATH:
        return BY_PATH[parts[1]], False
    return None


# The descriptions every kind's generated operations share; `{name}` is the kind ("person").
ENTITY_DOCS: dict[str, str] = {
    "create": "Adds {one} and links its mentions in existing articles.",
    "get": "One {name} by id or slug, with aliases.",
    "update": "Changes the given fields only; `aliases`, when given, replaces the list.",
    "events": "Events the {name} takes part in, latest first.",
    "articles": "Articles that mention the {name} by any of its names, in any grammatical case, "
    "newest first.",
}


@dataclass(frozen=True)
class EntityApi:
    """The routes of one entity kind: what they take, answer and call, and how the docs name them."""

    kind: EntityKind
    one: str  # "a person": how summaries name one of them
    service: EntityService[Any]
    public: type[BaseModel]
    filters: type[NamedFilters]  # the list's query model, handed to the service as it is
    events_by: str  # the `EventFilters` field the `/{ref}/events` page filters by
    docs: dict[str, str] = field(default_factory=dict)  # descriptions: "list", "delete", and overrides

    @property
    def create(self) -> type[BaseModel]:
        return self.service.create_schema

    @property
    def update(self) -> type[BaseModel]:
        return self.service.update_schema

    def describe(self, operation: str) -> str:
        return self.docs.get(operation) or ENTITY_DOCS[operation].format(name=self.kind.name, one=self.one)


ENTITY_APIS: dict[str, EntityApi] = {api.kind.name: api for api in (
    EntityApi(
        KINDS["person"], "a person", persons.SERVICE, PersonPublic,
        PersonFilters, events_by="participant", docs={
            "list": "Persons by name, optionally of one country (ISO 3166-1 alpha-2), or who held an office "
            "at a date (`office=державний секретар&at=2020`). Keyset-paginated.\n\n" + HELD_AT_HELP,
            "create": "Adds a person; the transliteration of the name and the English name become aliases, "
            "and the person's mentions in existing articles are linked.",
            "get": "One person by id or slug, with aliases and offices.",
            "update": "Changes the given fields only; `aliases` and `offices`, when given, replace the "
            "lists.",
            "delete": "Deletes a person and their mentions. A person still taking part in events "
            "is not deleted (409): remove them from the events first.",
            "articles": "Articles that mention the person in any grammatical case, newest first.",
        },
    ),
    EntityApi(
        KINDS["organization"], "an organization", organizations.SERVICE, OrganizationPublic,
        OrganizationFilters, events_by="organization", docs={
            "list": "Organizations by name, optionally of one country or kind. Keyset-paginated.",
            "delete": "Deletes an organization and its mentions; one still taking part in events is "
            "kept (409).",
        },
    ),
    EntityApi(
        KINDS["place"], "a place", places.SERVICE, PlacePublic, PlaceFilters,
        events_by="involving_place", docs={
            "list": "Cities and countries by name, optionally of one kind or country. Keyset-paginated.",
            "delete": "Deletes a place and its mentions; one still used by events (as their place or a "
            "participant) is kept (409).",
            "events": "Events held at the place or in which it (a country, say) takes part, latest first.",
        },
    ),
)}
