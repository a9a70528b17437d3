"""Seed the database from the packaged documents and their editorial annotations.

Every annotation is validated before anything is written; the whole seed runs in one
transaction and a second run changes nothing.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy import select
from sqlmodel import Session, col

from app.kinds import ENTITY_KINDS, KIND_NAMES, EntityKind
from app.mentions.linking import link_articles
from app.mentions.matcher import current_matcher
from app.models import Article, Event
from app.models.base import column_of, id_of
from app.models.event import EventStatus, EventType, Role
from app.schemas.article import ArticleCreate, ArticleUpdate
from app.schemas.common import LanguageCode, PartialDateStr, Slug
from app.schemas.event import EventCreate, EventUpdate
from app.schemas.organization import OrganizationCreate
from app.schemas.person import PersonCreate
from app.schemas.place import PlaceCreate
from app.seed import SEED_DIR
from app.services import articles, events
from app.services.registry import SERVICES
from app.text.parsing import parse_document


class SeedError(Exception):
    """An annotation that cannot be seeded: the file, the field and the reason."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArticleMeta(Strict):
    slug: Slug | None = None
    language: LanguageCode = "uk"
    published_at: AwareDatetime | None = None
    outlet: str | None = None
    original_source: str | None = None
    url: str | None = None


class PersonAnnotation(PersonCreate, Strict):
    slug: Slug


class OrganizationAnnotation(OrganizationCreate, Strict):
    slug: Slug


class PlaceAnnotation(PlaceCreate, Strict):
    slug: Slug


class ParticipantAnnotation(Strict):
    person: Slug | None = None
    organization: Slug | None = None
    place: Slug | None = None
    role: Role

    @model_validator(mode="after")
    def _one_entity(self):
        if sum(getattr(self, kind) is not None for kind in KIND_NAMES) != 1:
            raise ValueError("give exactly one of person, organization, place")
        return self


class EventAnnotation(Strict):
    slug: Slug
    title: str = Field(min_length=1)
    type: EventType
    cameo_code: str | None = Field(default=None, pattern=r"^\d{2,4}$")
    date_start: PartialDateStr | None = None
    date_end: PartialDateStr | None = None
    place: Slug | None = None
    status: EventStatus = "held"
    format: str | None = None
    summary: str | None = None
    participants: list[ParticipantAnnotation] = []
    evidence: list[str] = Field(min_length=1, description="Sentences of the body, verbatim.")


class Annotation(Strict):
    article: ArticleMeta = ArticleMeta()
    persons: list[PersonAnnotation] = []
    organizations: list[OrganizationAnnotation] = []
    places: list[PlaceAnnotation] = []
    events: list[EventAnnotation] = []


@dataclass
class SeedDocument:
    path: Path
    text: str
    annotation: Annotation


def _fail(path: Path, field: str, reason: str) -> SeedError:
    return SeedError(f"{path.name}: {field}: {reason}")


def load_annotation(path: Path) -> Annotation:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise _fail(path, "(file)", f"not valid YAML: {exc}") from exc
    try:
        return Annotation.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(root)"
        raise _fail(path, where, first["msg"]) from exc


def load_documents(seed_dir: Path = SEED_DIR) -> list[SeedDocument]:
    """Every document with its validated annotation; raises SeedError before any write."""
    docs = []
    for text_path in sorted((seed_dir / "documents").glob("*.txt")):
        note_path = seed_dir / "annotations" / f"{text_path.stem}.yaml"
        if not note_path.exists():
            raise _fail(note_path, "(file)", f"missing annotation for {text_path.name}")
        text = text_path.read_text(encoding="utf-8")
        docs.append(SeedDocument(text_path, text, load_annotation(note_path)))
    _check_references(docs)
    return docs


def _check_references(docs: list[SeedDocument]) -> None:
    known = {
        kind: {e.slug for d in docs for e in getattr(d.annotation, kind + "s")}
        for kind in KIND_NAMES
    }
    for doc in docs:
        note = doc.path.with_suffix(".yaml")
        body = parse_document(doc.text).body
        for i, event in enumerate(doc.annotation.events):
            if event.place and event.place not in known["place"]:
                raise _fail(note, f"events.{i}.place", f"unknown place {event.place!r}")
            for j, p in enumerate(event.participants):
                for kind in known:
                    slug = getattr(p, kind)
                    if slug and slug not in known[kind]:
                        raise _fail(note, f"events.{i}.participants.{j}.{kind}", f"unknown {kind} {slug!r}")
            for j, quote in enumerate(event.evidence):
                if quote not in body:
                    raise _fail(note, f"events.{i}.evidence.{j}",
                                "quote not found verbatim in the document body")


def _upsert(
    session: Session, kind: EntityKind, item: PersonAnnotation | OrganizationAnnotation | PlaceAnnotation,
) -> int:
    """Create or update one entity through its kind's service."""
    service, model = SERVICES[kind.name], kind.model
    row = session.execute(select(model).where(column_of(model, "slug") == item.slug)).scalar_one_or_none()
    if row is None:
        return id_of(service.create(session, item))
    service.update(session, row, service.update_schema.model_validate(item.model_dump()), None)
    return id_of(row)


def _upsert_article(session: Session, doc: SeedDocument) -> int:
    parsed = parse_document(doc.text)
    meta = doc.annotation.article.model_dump()
    meta["outlet"] = meta["outlet"] or parsed.outlet
    meta["original_source"] = meta["original_source"] or parsed.original_source
    digest = articles.content_hash_of(parsed.title, parsed.body)
    row = session.execute(select(Article).where(col(Article.content_hash) == digest)).scalar_one_or_none()
    if row is None:
        data = ArticleCreate(title=parsed.title, body=parsed.body, lead=parsed.lead, **meta)
        return id_of(articles.create_article(session, data))
    articles.update_article(session, row, ArticleUpdate.model_validate(meta), None)
    return id_of(row)


def seed(session: Session, docs: list[SeedDocument] | None = None) -> dict[str, int]:
    """Write the seed in the caller's transaction; the caller commits or rolls back."""
    docs = load_documents() if docs is None else docs
    ids: dict[str, dict[str, int]] = {name: {} for name in KIND_NAMES}
    for doc in docs:
        for kind in ENTITY_KINDS:
            for item in getattr(doc.annotation, kind.collection):
                ids[kind.name][item.slug] = _upsert(session, kind, item)
    counts = {"articles": 0, "events": 0}
    article_ids = []
    for doc in docs:
        article_id = _upsert_article(session, doc)
        article_ids.append(article_id)
        counts["articles"] += 1
        for item in doc.annotation.events:
            data = {
                **item.model_dump(exclude={"place", "participants", "evidence"}),
                "place_id": ids["place"][item.place] if item.place else None,
                "participants": [
                    {f"{kind}_id": ids[kind][getattr(p, kind)], "role": p.role}
                    for p in item.participants
                    for kind in ids
                    if getattr(p, kind)
                ],
                "sources": [{"article_id": article_id, "quote": q} for q in item.evidence],
            }
            row = session.execute(select(Event).where(col(Event.slug) == item.slug)).scalar_one_or_none()
            if row is None:
                events.create_event(session, EventCreate.model_validate(data))
            else:
                events.update_event(session, row, EventUpdate.model_validate(data), None)
            counts["events"] += 1
    # Mentions are derived: bring them in step even when no row above changed.
    stored = session.execute(
        select(Article).where(col(Article.id).in_(article_ids)).order_by(col(Article.id))
    ).scalars().all()
    link_articles(session, stored, current_matcher(session))
    return counts

