"""Mentions: every known person, organization and place an article names, with offsets."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import delete, insert, null, select
from sqlalchemy.orm import Session
from sqlmodel import col

from app.kinds import ENTITY_KINDS, OWNER_FIELDS, EntityKey, EntityKind
from app.models import Article, Mention
from app.models.base import column_of, table_of
from app.text.first_names import first_name_variants
from app.text.names import NameEntry, NameMatcher

FIELDS = ("title", "body")


def _names_of(kind: EntityKind):
    """(id, name, name_en, surname) of every entity of a kind: columns, not ORM rows."""
    model = kind.model
    surname = column_of(model, "family_name") if kind.proper_names else null()
    given = column_of(model, "given_name") if kind.proper_names else null()
    return select(column_of(model, "id"), column_of(model, "name"), column_of(model, "name_en"),
                  surname, given)


def kind_entries(session: Session, kind: EntityKind, entity_id: int | None = None) -> list[NameEntry]:
    """The entities of one kind (one entity, given its id) with every form of their names."""
    names = _names_of(kind)
    owner = column_of(kind.alias_model, kind.owner_field)
    alias_rows = select(owner, column_of(kind.alias_model, "alias"))
    if entity_id is not None:
        names = names.where(column_of(kind.model, "id") == entity_id)
        alias_rows = alias_rows.where(owner == entity_id)
    aliases: dict[int, list[str]] = defaultdict(list)
    for owner_id, alias in session.execute(alias_rows):
        aliases[owner_id].append(alias)
    return [
        NameEntry((kind.name, id_), [name, name_en or "", *aliases[id_], *_variant_forms(given, surname)],
                  surname=surname, proper=kind.proper_names, given=given)
        for id_, name, name_en, surname, given in session.execute(names)
    ]


def _variant_forms(given: str | None, surname: str | None) -> list[str]:
    """The full name with each other spelling of the first name: "Александр Лукашенко"."""
    if not given or not surname:
        return []
    return [f"{variant} {surname}" for variant in first_name_variants(given)]


def name_entries(session: Session) -> list[NameEntry]:
    """Every known entity with every form of its name."""
    return [entry for kind in ENTITY_KINDS for entry in kind_entries(session, kind)]


def build_matcher(session: Session) -> NameMatcher:
    """A matcher over every known name; `app.mentions.matcher.current_matcher` caches it."""
    return NameMatcher.build(name_entries(session))


def compute_mentions(article: Article, matcher: NameMatcher) -> list[dict]:
    """Mention rows (plain dicts: bulk inserts skip per-row ORM work) for an article's text."""
    out = []
    for field in FIELDS:
        for match in matcher.find(getattr(article, field)):
            kind, entity_id = cast(EntityKey, match.key)
            row: dict[str, Any] = dict.fromkeys(OWNER_FIELDS)
            row.update(article_id=article.id, field=field, start=match.start, end=match.end,
                       surface=match.surface, **{f"{kind}_id": entity_id})
            out.append(row)
    return out


IDENTITY = (Mention.id, Mention.field, Mention.start, Mention.end,
            *(getattr(Mention, field) for field in OWNER_FIELDS))


def _identity(m) -> tuple:
    return (m["field"], m["start"], m["end"], *(m[field] for field in OWNER_FIELDS))


def link_article(session: Session, article: Article, matcher: NameMatcher) -> int:
    """Bring an article's mentions in step with the known names; returns rows changed."""
    wanted = {_identity(m): m for m in compute_mentions(article, matcher)}
    existing = {
        _identity(row._mapping): row.id
        for row in session.execute(select(*IDENTITY).where(col(Mention.article_id) == article.id))
    }
    stale = [mention_id for key, mention_id in existing.items() if key not in wanted]
    if stale:
        session.execute(delete(Mention).where(col(Mention.id).in_(stale)))
    fresh = [m for key, m in wanted.items() if key not in existing]
    if fresh:
        session.execute(insert(Mention), fresh)
    return len(stale) + len(fresh)


def link_new_article(session: Session, article: Article, matcher: NameMatcher) -> list[dict]:
    """Insert the mentions of an article just stored (it has none yet); returns the rows."""
    rows = compute_mentions(article, matcher)
    if rows:  # a Core insert into the table: the ORM's bulk path costs more than the rows
        session.execute(insert(table_of(Mention)), rows)
    return rows


def link_articles(session: Session, articles: Iterable[Article] | None, matcher: NameMatcher) -> int:
    """Re-link the given articles (all when None) against the matcher's names; idempotent."""
    if articles is None:
        articles = session.execute(select(Article).order_by(col(Article.id))).scalars()
    changed = sum(link_article(session, article, matcher) for article in articles)
    session.flush()
    return changed
