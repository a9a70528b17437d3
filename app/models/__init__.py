"""Every table, imported here so that metadata is complete wherever models are used."""

from app.models.article import Article
from app.models.base import SQLModel  # noqa: F401  (sets the naming convention first)
from app.models.candidate import Candidate, CandidateMention
from app.models.change import Change
from app.models.data_version import DataVersion
from app.models.event import Event, EventParticipant, EventSource
from app.models.key import ApiKey
from app.models.mention import Mention
from app.models.names_version import NamesVersion
from app.models.organization import Organization, OrganizationAlias
from app.models.person import Person, PersonAlias, PersonOffice
from app.models.place import Place, PlaceAlias

__all__ = [
    "ApiKey",
    "Candidate", "CandidateMention", "Change", "DataVersion",
    "Article", "Event", "EventParticipant", "EventSource", "Mention", "Organization",
    "NamesVersion", "OrganizationAlias", "Person", "PersonAlias", "PersonOffice", "Place", "PlaceAlias",
]
