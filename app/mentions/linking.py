"""Mentions: every known person, organization and place an article names, with offsets."""

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from app.models import (
    Article,
    Mention,
    Organization,
    OrganizationAlias,
    Person,
    PersonAlias,
    Place,
    PlaceAlias,
)
from app.text.first_names import first_name_variants
from app.text.names import NameEntry, NameMatcher

EntityKey = tuple[str, int]  # ("person", 3)
FIELDS = ("title", "body")


def _aliases(session: Session, model, owner_column) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for owner, alias in session.execute(select(owner_column, model.alias)):
        out[owner].append(alias)
    return out


def name_entries(session: Session) -> list[NameEntry]:
    """Every known entity with every form of its name."""
    entries: list[NameEntry] = []
    aliases = _aliases(session, PersonAlias, PersonAlias.person_id)
    for p in session.execute(select(Person)).scalars():
        forms = [p.name, p.name_en or "", *aliases[p.id]]
        if p.given_name and p.family_name:  # "Александр Лукашенко", "Майкл Помпео"
            forms.extend(f"{variant} {p.family_name}" for variant in first_name_variants(p.given_name))
        entries.append(NameEntry(("person", p.id), forms, surname=p.family_name, proper=True,
                                 given=p.given_name))
    for model, alias_model, owner, kind in (
        (Organization, OrganizationAlias, OrganizationAlias.organization_id, "organization"),
        (Place, PlaceAlias, PlaceAlias.place_id, "place"),
    ):
        aliases = _aliases(session, alias_model, owner)
        for row in session.execute(select(model)).scalars():
            forms = [row.name, row.name_en or "", *aliases[row.id]]
            entries.append(NameEntry((kind, row.id), forms, proper=False))
    return entries


def build_matcher(session: Session) -> NameMatcher:
    return NameMatcher.build(name_entries(session))


def compute_mentions(article: Article, matcher: NameMatcher) -> list[dict]:
    """Mention rows (plain dicts: bulk inserts skip per-row ORM work) for an article's text."""
    out = []
    for field in FIELDS:
        for match in matcher.find(getattr(article, field)):
            kind, entity_id = match.key
            row = dict.fromkeys(ENTITY_COLUMNS)
            row.update(article_id=article.id, field=field, start=match.start, end=match.end,
                       surface=match.surface, **{f"{kind}_id": entity_id})
            out.append(row)
    return out


ENTITY_COLUMNS = ("person_id", "organization_id", "place_id")
IDENTITY = (Mention.id, Mention.field, Mention.start, Mention.end,
            Mention.person_id, Mention.organization_id, Mention.place_id)


def _identity(m) -> tuple:
    return (m["field"], m["start"], m["end"], m["person_id"], m["organization_id"], m["place_id"])


def link_article(session: Session, article: Article, matcher: NameMatcher) -> int:
    """Bring an article's mentions in step with the known names; returns rows changed."""
    wanted = {_identity(m): m for m in compute_mentions(article, matcher)}
    existing = {
        _identity(row._mapping): row.id
        for row in session.execute(select(*IDENTITY).where(Mention.article_id == article.id))
    }
    stale = [mention_id for key, mention_id in existing.items() if key not in wanted]
    if stale:
        session.execute(delete(Mention).where(Mention.id.in_(stale)))
    fresh = [m for key, m in wanted.items() if key not in existing]
    if fresh:
        session.execute(insert(Mention), fresh)
    return len(stale) + len(fresh)


def link_new_article(session: Session, article: Article, matcher: NameMatcher) -> list[dict]:
    """Insert the mentions of an article just stored (it has none yet); returns the rows."""
    rows = compute_mentions(article, matcher)
    if rows:  # a Core insert into the table: the ORM's bulk path costs more than the rows
        session.execute(insert(Mention.__table__), rows)
    return rows


def link_articles(
    session: Session, articles: Iterable[Article] | None = None, matcher: NameMatcher | None = None,
) -> int:
    """Re-link the given articles (all when None) against every known name; idempotent.

    Pass a `matcher` built once to link many articles against the same names (bulk ingest).
    """
    matcher = matcher or build_matcher(session)
    if articles is None:
        articles = session.execute(select(Article).order_by(Article.id)).scalars()
    changed = sum(link_article(session, article, matcher) for article in articles)
    session.flush()
    return changed
