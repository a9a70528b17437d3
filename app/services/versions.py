"""The state a resource's representation is made of, as row versions (what ETags are built from).

A person, organization, place or article is shown from its own row and rows it owns (aliases,
offices), and every write to those bumps its `version`. An event also shows the names of its
place and participants and the titles of the articles it quotes: their versions are part of its
state, so renaming a participant changes the event's tag without touching the event row.
Reading versions costs a few indexed lookups, never a rendering.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import literal, select, union_all
from sqlmodel import Session, col

from app.kinds import ENTITY_KINDS
from app.models import Article, Event, EventParticipant, EventSource
from app.models.base import column_of


def _event_parts(session: Session, event: Any) -> tuple:
    """One query: the versions of the event's place, participants and quoted articles."""
    parts = []
    for kind in ENTITY_KINDS:
        owner = getattr(EventParticipant, kind.owner_field)
        ids: Any = select(owner).where(col(EventParticipant.event_id) == event.id, owner.is_not(None))
        held_at = getattr(Event, kind.owner_field, None)
        if held_at is not None:
            ids = ids.union(select(held_at).where(col(Event.id) == event.id, held_at.is_not(None)))
        model = kind.model
        id_ = column_of(model, "id")
        parts.append(select(literal(kind.name).label("kind"), id_, column_of(model, "version"))
                     .where(id_.in_(ids)))
    quoted = select(col(EventSource.article_id)).where(col(EventSource.event_id) == event.id)
    parts.append(select(literal("article").label("kind"), col(Article.id), col(Article.version))
                 .where(col(Article.id).in_(quoted)))
    both = union_all(*parts).subquery()
    return tuple(tuple(row) for row in session.execute(select(both).order_by(both.c.kind, both.c.id)))


EMBEDDED: dict[str, Callable[[Session, Any], tuple]] = {"event": _event_parts}


def embedded_versions(session: Session, resource: str, row: Any) -> tuple:
    """(kind, id, version) of every other row the resource's representation shows; () when none."""
    parts = EMBEDDED.get(resource)
    return parts(session, row) if parts else ()
