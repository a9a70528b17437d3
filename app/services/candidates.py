"""Candidates: people ingest found that the database does not know, to accept or reject."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlmodel import Session, col

from app.errors import Conflict
from app.mentions.relink import relink_entity
from app.models import Article, Candidate, CandidateMention, Mention, Person, PersonAlias
from app.models.base import id_of, utcnow
from app.pagination import PageParams, PageResult, SortKey
from app.schemas.candidate import CandidateMentionPublic, CandidatePublic
from app.schemas.person import PersonCreate
from app.services.common import Listing, get_by_id
from app.services.persons import create_person
from app.text.new_names import FoundName, find_person_names

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


def list_candidates(
    session: Session, filters: CandidateFilters, sort: str | None, params: PageParams,
) -> PageResult[Candidate]:
    statement = select(Candidate).where(Candidate.status == filters.status)
    return LISTING.page(session, statement, sort, params)


def candidate_mentions(session: Session, ids: list[int]) -> dict[int, tuple[int, list[CandidateMention]]]:
    """Per candidate: how many mentions, and the first ones (two queries for a whole page)."""
    out: dict[int, tuple[int, list[CandidateMention]]] = {i: (0, []) for i in ids}
    if not ids:
        return out
    counts: dict[int, int] = dict(session.execute(
        select(CandidateMention.candidate_id, func.count())
        .where(col(CandidateMention.candidate_id).in_(ids)).group_by(CandidateMention.candidate_id)
    ).all())
    shown: dict[int, list[CandidateMention]] = defaultdict(list)
    for row in session.execute(
        select(CandidateMention).where(col(CandidateMention.candidate_id).in_(ids))
        .order_by(CandidateMention.candidate_id, CandidateMention.article_id,
                  col(CandidateMention.field).desc(), CandidateMention.start)
    ).scalars():
        if len(shown[row.candidate_id]) < MENTIONS_SHOWN:
            shown[row.candidate_id].append(row)
    return {i: (counts.get(i, 0), shown[i]) for i in ids}


def _known_names(session: Session, names: set[str]) -> set[str]:
    if not names:
        return set()
    return set(session.execute(select(PersonAlias.alias).where(col(PersonAlias.alias).in_(names))).scalars())


def _unlinked_names(
    session: Session, article: Article, mentions: list[dict] | None,
) -> dict[str, list[tuple[str, FoundName]]]:
    """Name pairs in the article that no mention of a known entity covers, by key."""
    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
    spans = (
        ((m["field"], m["start"], m["end"]) for m in mentions) if mentions is not None
        else session.execute(
            select(Mention.field, Mention.start, Mention.end).where(Mention.article_id == article.id)
        )
    )
    for field, start, end in spans:
        taken[field].append((start, end))
    found: dict[str, list[tuple[str, FoundName]]] = defaultdict(list)
    for field in ("title", "body"):
        for name in find_person_names(getattr(article, field)):
            if not any(name.start < end and start < name.end for start, end in taken[field]):
                found[name.key].append((field, name))
    return found


def propose_candidates(
    session: Session, article: Article, mentions: list[dict] | None = None,
) -> list[Candidate]:
    """Record the unknown people a newly stored article names; returns the pending candidates
    it supports. Runs once per article: ingest finds the same text again by its hash.
    `mentions`: the article's mention rows when the caller has them (else they are read)."""
    found = _unlinked_names(session, article, mentions)
    if not found:
        return []
    known = _known_names(session, {hits[0][1].name for hits in found.values()})
    existing = {
        c.key: c
        for c in session.execute(select(Candidate).where(col(Candidate.key).in_(list(found)))).scalars()
    }
    proposed: list[Candidate] = []
    rows: list[dict[str, Any]] = []
    for key, hits in found.items():
        first = hits[0][1]
        if first.name in known:
            continue
        candidate = existing.get(key)
        if candidate is None:
            candidate = Candidate(key=key, name=first.name, given_name=first.given_name,
                                  family_name=first.family_name)
            session.add(candidate)
            session.flush()
        if candidate.status != "pending":
            continue  # rejected names are not proposed again; accepted ones link as persons
        rows.extend(
            {"candidate_id": candidate.id, "article_id": article.id, "field": field,
             "start": name.start, "end": name.end, "surface": name.surface}
            for field, name in hits
        )
        proposed.append(candidate)
    if rows:
        session.execute(insert(CandidateMention.__table__), rows)  # Core: no per-row ORM work
    return proposed


def rescan_candidates(session: Session, article: Article) -> None:
    """After an article's text changed: its candidate mentions are found again on the new text
    (the old offsets would point at other words), and candidates it alone supported and no
    longer names are withdrawn."""
    session.execute(delete(CandidateMention).where(CandidateMention.article_id == article.id))
    propose_candidates(session, article)
    withdraw_unsupported(session)


def withdraw_unsupported(session: Session) -> None:
    """Delete pending candidates no article names any more (rejected ones stay rejected)."""
    supported = select(CandidateMention.id).where(CandidateMention.candidate_id == Candidate.id).exists()
    session.execute(delete(Candidate).where(Candidate.status == "pending", ~supported))


def _require_pending(candidate: Candidate) -> None:
    if candidate.status != "pending":
        raise Conflict(f"Candidate {candidate.id} ({candidate.name}) is already {candidate.status}.")


def accept_candidate(session: Session, candidate: Candidate) -> Person:
    """Create the person (or reuse one of that name) and link its mentions everywhere."""
    _require_pending(candidate)
    person = session.execute(
        select(Person).join(PersonAlias, PersonAlias.person_id == Person.id)
        .where(PersonAlias.alias == candidate.name, PersonAlias.kind == "native")
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
