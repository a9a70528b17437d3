"""The entity-kind registry: what a person, an organization and a place each *is*.

Mentions, event participants, search, linking, JSON-LD, CSV, `include=`/`fields=` and the seed
all iterate `ENTITY_KINDS` instead of spelling the three kinds out. Adding a kind is one entry
here plus its table models (a `name`, `name_en`, `slug`, an alias table with an owner column,
and a `<kind>_id` column on `mention` and `event_participant`).
"""

from dataclasses import dataclass

from app.models import (
    Organization,
    OrganizationAlias,
    Person,
    PersonAlias,
    Place,
    PlaceAlias,
)


@dataclass(frozen=True)
class EntityKind:
    name: str  # "person": the `kind` clients see, and the prefix of `<name>_id` columns
    collection: str  # "persons": the path under /v1
    model: type[Person] | type[Organization] | type[Place]
    alias_model: type[PersonAlias] | type[OrganizationAlias] | type[PlaceAlias]
    schema_type: str  # schema.org type of its JSON-LD node
    example: str  # a seed slug, for the docs
    fields_example: str  # a `fields=` example for the docs
    required: tuple[str, ...] = ("name",)  # fields PATCH may not null
    proper_names: bool = False  # linking matches a lone surname (persons)
    country_field: str = "country"  # the column `country=` filters on

    @property
    def owner_field(self) -> str:
        """The column naming this kind on mention, participant and alias rows: `person_id`."""
        return f"{self.name}_id"


ENTITY_KINDS: tuple[EntityKind, ...] = (
    EntityKind("person", "persons", Person, PersonAlias, "Person", "keith-kellogg", "id,name,country",
               proper_names=True),
    EntityKind("organization", "organizations", Organization, OrganizationAlias, "Organization", "belta",
               "id,name,kind"),
    EntityKind("place", "places", Place, PlaceAlias, "Place", "minsk", "id,name,kind",
               required=("name", "kind"), country_field="country_code"),
)
KINDS: dict[str, EntityKind] = {kind.name: kind for kind in ENTITY_KINDS}
BY_COLLECTION: dict[str, EntityKind] = {kind.collection: kind for kind in ENTITY_KINDS}
KIND_NAMES: tuple[str, ...] = tuple(KINDS)
OWNER_FIELDS: tuple[str, ...] = tuple(kind.owner_field for kind in ENTITY_KINDS)

EntityKey = tuple[str, int]  # ("person", 3)


def entity_key(row) -> EntityKey:
    """The entity a mention or participant row points at (exactly one `<kind>_id` is set)."""
    for kind in ENTITY_KINDS:
        value = getattr(row, kind.owner_field)
        if value is not None:
            return (kind.name, value)
    raise ValueError("the row names no entity")
