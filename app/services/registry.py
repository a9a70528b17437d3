"""Each entity kind's service by kind name, for callers that iterate the kinds (the seed)."""

from typing import Any

from app.services import organizations, persons, places
from app.services.entities import EntityService

SERVICES: dict[str, EntityService[Any]] = {
    service.kind.name: service for service in (persons.SERVICE, organizations.SERVICE, places.SERVICE)
}
