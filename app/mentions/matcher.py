"""The name matcher, built once per state of the known names and kept per process.

Building it reads every name and alias and expands each into its case forms, so it must not
happen per request. The `names_version` row says which state of the names the database holds:
every write of an entity or alias bumps it in the same transaction (`bump_on_name_writes` sees
ORM writes at flush; `bump_names` is for the bulk statements that bypass the ORM). A process
rebuilds its matcher only when the token it reads differs from the one it built for, so every
worker and container agrees without sharing memory.
"""

import threading
import uuid
from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session, UOWTransaction
from sqlmodel import col

from app.kinds import ENTITY_KINDS
from app.mentions.linking import build_matcher
from app.models import NamesVersion
from app.text.names import NameMatcher

NAME_FIELDS = ("name", "name_en", "family_name")  # what linking matches (family_name: persons)
_ENTITY_MODELS = tuple(kind.model for kind in ENTITY_KINDS)
_ALIAS_MODELS = tuple(kind.alias_model for kind in ENTITY_KINDS)

_matchers: dict[str, tuple[str, NameMatcher]] = {}  # database URL → (token, matcher)
_building = threading.Lock()  # guards _builders
_builders: dict[tuple[str, str], threading.Lock] = {}  # (database, token) → its build's lock


def names_token(session: Session) -> str | None:
    return session.execute(select(col(NamesVersion.token)).where(col(NamesVersion.id) == 1)).scalar()


def bump_names(session: Session) -> None:
    """Record, in the caller's transaction, that the known names changed."""
    session.connection().execute(
        update(NamesVersion).where(col(NamesVersion.id) == 1)
        .values(version=col(NamesVersion.version) + 1, token=uuid.uuid4().hex)
    )


def current_matcher(session: Session) -> NameMatcher:
    """The matcher for the names `session` sees: the cached one unless the names changed."""
    token = names_token(session)
    if token is None:  # a database without the row (tables made by create_all): no caching
        return build_matcher(session)
    key = str(session.get_bind().engine.url)
    cached = _matchers.get(key)
    if cached is not None and cached[0] == token:
        return cached[1]
    # One build per change, not one per concurrent request; but per token: a writer that
    # holds the database's write lock must never wait on another request's build for other
    # names (a document's analysis building under an older token, say).
    with _building:
        building = _builders.setdefault((key, token), threading.Lock())
    with building:
        cached = _matchers.get(key)
        if cached is not None and cached[0] == token:
            return cached[1]
        matcher = build_matcher(session)
        _matchers[key] = (token, matcher)
        with _building:
            for stale in [k for k in _builders if k[0] == key and k[1] != token]:
                _builders.pop(stale, None)
        return matcher


def _changes_names(session: Session, row: Any) -> bool:
    if isinstance(row, _ALIAS_MODELS):
        return True
    if not isinstance(row, _ENTITY_MODELS):
        return False
    if row in session.new or row in session.deleted:
        return True
    attrs = inspect(row).attrs  # an update counts only when it changes a name
    return any(f in attrs and attrs[f].history.has_changes() for f in NAME_FIELDS)


def _before_flush(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    if any(_changes_names(session, row) for row in (*session.new, *session.dirty, *session.deleted)):
        bump_names(session)


def bump_on_name_writes() -> None:
    """Bump the names version in every flush that writes an entity's names or an alias."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
