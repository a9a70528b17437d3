"""What each resource offers over HTTP, in one typed description per resource.

Built from the entity-kind registry (`app.kinds`) plus articles and events: the table model
its ETags are read from, the `include=` names it resolves (`app.services.includes`), the fields
`fields=` may add, what its JSON-LD embeds, and the examples the docs show. Formats: JSON always,
JSON-LD for these resources and their lists, CSV for every list (`app.api.representations`).
"""

from dataclasses import dataclass

from sqlmodel import SQLModel

from app.kinds import ENTITY_KINDS
from app.models import Article, Event
from app.services.includes import INCLUDES


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
