"""Candidates: people ingest found that the database does not know, to accept or reject."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import object_session
from sqlalchemy.orm.exc import DetachedInstanceError
from sqlmodel import Session, col

from app.errors import Conflict
from app.mentions.relink import relink_entity
from app.models import Article, Candidate, CandidateMention, Mention, Person, PersonAlias
from app.models.base import id_of, table_of, utcnow
from app.pagination import PageParams, PageResult, SortKey
from app.schemas.candidate import CandidateMentionPublic, CandidatePublic
from app.schemas.person import PersonCreate
from app.services.analysis import MAX_CANDIDATE_MENTIONS, MAX_CANDIDATES, Found, unlinked_names
from app.services.common import Listing, get_by_id
from app.services.persons import create_person

LISTING = Listing(Candidate, {
    "id": SortKey(Candidate.id, int),
    "name": SortKey(Candidate.name, str),
    "created_at": SortKey(Candidate.created_at, datetime),
}, default_sort="id")
MENTIONS_SHOWN = 50


def get_candidate(session: Session, candidate_id: int) -> Candidate:
    return get_by_id(session, Candidate, candidate_id, "candidate")


@dataclass(frozen=True, kw_only=True)
class CandidateFilters:
    status: str = "pending"
    updated_since: datetime | None = None  # created, accepted, rejected or newly mentioned since


def list_candidates(
    session: Session, filters: CandidateFilters, sort: str | None, params: PageParams,
) -> PageResult[Candidate]:
    statement = select(Candidate).where(col(Candidate.status) == filters.status)
    if filters.updated_since:
        statement = statement.where(col(Candidate.updated_at) >= filters.updated_since)
    return LISTING.page(session, statement, sort, params)


def candidate_mentions(session: Session, ids: list[int]) -> dict[int, tuple[int, list[CandidateMention]]]:
    """Per candidate: how many mentions, and the first ones (two queries for a whole page)."""
    out: dict[int, tuple[int, list[CandidateMention]]] = {i: (0, []) for i in ids}
    if not ids:
        return out
    counts: dict[int, int] = dict(session.execute(
        select(col(CandidateMention.candidate_id), func.count())
        .where(col(CandidateMention.candidate_id).in_(ids)).group_by(col(CandidateMention.candidate_id))
    ).all())
    shown: dict[int, list[CandidateMention]] = defaultdict(list)
    for row in session.execute(
        select(CandidateMention).where(col(CandidateMention.candidate_id).in_(ids))
        .order_by(col(CandidateMention.candidate_id), col(CandidateMention.article_id),
                  col(CandidateMention.field).desc(), col(CandidateMention.start))
    ).scalars():
        if len(shown[row.candidate_id]) < MENTIONS_SHOWN:
            shown[row.candidate_id].append(row)
    return {i: (counts.get(i, 0), shown[i]) for i in ids}


def _known_names(session: Session, names: set[str]) -> set[str]:
    if not names:
        return set()
    known = select(col(PersonAlias.alias)).where(col(PersonAlias.alias).in_(names))
    return set(session.execute(known).scalars())


def _mention_spans(session: Session, article: Article) -> list[tuple[str, int, int]]:
    return [tuple(row) for row in session.execute(
        select(col(Mention.field), col(Mention.start), col(Mention.end))
        .where(col(Mention.article_id) == article.id)
    )]


def propose_candidates(
    session: Session, article: Article, mentions: list[dict] | None = None,
) -> list[Candidate]:
    """Record the unknown people a stored article names (bounded as in analysis); returns the
    pending candidates it supports. `mentions`: its mention rows when the caller has them."""
    spans = (
        [(m["field"], m["start"], m["end"]) for m in mentions] if mentions is not None
        else _mention_spans(session, article)
    )
    found, _ = unlinked_names(article, spans, MAX_CANDIDATES, MAX_CANDIDATE_MENTIONS)
    return record_candidates(session, id_of(article), found)


def record_candidates(session: Session, article_id: int, found: Found) -> list[Candidate]:
    """Store the candidates of an article's unlinked names (found beforehand, outside the write
    transaction); returns the pending ones it supports. A handful of statements, whatever the count."""
    if not found:
        return []
    known = _known_names(session, {hits[0][1].name for hits in found.values()})
    existing = {
        c.key: c
        for c in session.execute(select(Candidate).where(col(Candidate.key).in_(list(found)))).scalars()
    }
    fresh = [
        Candidate(key=key, name=hits[0][1].name, given_name=hits[0][1].given_name,
                  family_name=hits[0][1].family_name)
        for key, hits in found.items() if key not in existing and hits[0][1].name not in known
    ]
    if fresh:
        session.add_all(fresh)
        session.flush()  # one flush for all of them
        existing.update((c.key, c) for c in fresh)
    proposed: list[Candidate] = []
    rows: list[dict[str, Any]] = []
    for key, hits in found.items():
        candidate = existing.get(key)
        if candidate is None or hits[0][1].name in known or candidate.status != "pending":
            continue  # a known person links instead; rejected names are not proposed again
        rows.extend(
            {"candidate_id": candidate.id, "article_id": article_id, "field": field,
             "start": name.start, "end": name.end, "surface": name.surface}
            for field, name in hits
        )
        proposed.append(candidate)
    if rows:
        session.execute(insert(table_of(CandidateMention)), rows)  # Core: no per-row ORM work
        now = utcnow()
        for candidate in proposed:  # more mentions change what the list shows: polling sees it
            candidate.updated_at = now
    return proposed


def rescan_candidates(session: Session, article: Article) -> None:
    """After an article's text changed: its candidate mentions are found again on the new text
    (the old offsets would point at other words), and candidates it alone supported and no
    longer names are withdrawn."""
    session.execute(delete(CandidateMention).where(col(CandidateMention.article_id) == article.id))
    propose_candidates(session, article)
    withdraw_unsupported(session)


def withdraw_unsupported(session: Session) -> None:
    """Delete pending candidates no article names any more (rejected ones stay rejected)."""
    supported = (select(col(CandidateMention.id))
                 .where(col(CandidateMention.candidate_id) == col(Candidate.id)).exists())
    session.execute(delete(Candidate).where(col(Candidate.status) == "pending", ~supported))


def _require_pending(candidate: Candidate) -> None:
    # Re-read under a row lock: on PostgreSQL a concurrent accept and reject of one candidate
    # would both see it pending and both answer 200. (SQLite writers already hold the write lock.)
    session = object_session(candidate)
    if session is None:  # only a candidate read through a session gets here
        raise DetachedInstanceError(f"Candidate {candidate.id} is in no session: it cannot be re-read.")
    session.refresh(candidate, with_for_update=True)
    if candidate.status != "pending":
        raise Conflict(f"Candidate {candidate.id} ({candidate.name}) is already {candidate.status}.")


def accept_candidate(session: Session, candidate: Candidate) -> Person:
    """Create the person (or reuse one of that name) and link its mentions everywhere."""
    _require_pending(candidate)
    person = session.execute(
        select(Person).join(PersonAlias, col(PersonAlias.person_id) == col(Person.id))
        .where(col(PersonAlias.alias) == candidate.name, col(PersonAlias.kind) == "native")
    ).scalars().first()
    if person is None:
        person = create_person(session, PersonCreate(
            name=candidate.name, given_name=candidate.given_name, family_name=candidate.family_name,
        ))
    else:
        relink_entity(session, "person", person.id)
    candidate.status, candidate.person_id, candidate.updated_at = "accepted", person.id, utcnow()
    session.flush()
    return person


def reject_candidate(session: Session, candidate: Candidate) -> Candidate:
    _require_pending(candidate)
    candidate.status, candidate.updated_at = "rejected", utcnow()
    session.flush()
    return candidate


def present_candidates(session: Session, rows: list[Candidate]) -> list[CandidatePublic]:
    """Candidates with their mention counts and first mentions, two queries for a whole page."""
    mentions = candidate_mentions(session, [id_of(c) for c in rows])
    return [
        CandidatePublic(
            id=c.id, name=c.name, given_name=c.given_name, family_name=c.family_name, status=c.status,
            person_id=c.person_id, mention_count=mentions[id_of(c)][0],
            mentions=[CandidateMentionPublic.model_validate(m) for m in mentions[id_of(c)][1]],
            created_at=c.created_at, updated_at=c.updated_at,
        )
        for c in rows
    ]
