"""Re-link only the articles a changed name can appear in, not the whole table.

Every case form of a name word starts with a prefix its forms share ("Келлог" for Келлог,
Келлога, Келлогові); an article that names the entity contains, for each name form, a word
starting with the prefix of that form's most distinctive word. A prefix query on the full-text
shadow (which holds every word as written, folded, beside its lemmas) picks the few articles
worth matching in Python: an index lookup, where a `LIKE` over every title and body read all
the text stored (1.8 s per entity write at 100,000 articles, holding the write lock). A prefix
of fewer than three letters ("ки" for Київ, Києва) would match most of the index, so it falls
back to `LIKE`. The articles that mention the entity now are re-linked too, so a removed alias
unlinks them.
"""

from collections.abc import Iterable

from sqlalchemy import or_, select, text
from sqlalchemy.sql import Executable
from sqlmodel import Session, col

from app.kinds import KINDS
from app.mentions.linking import kind_entries, link_articles
from app.mentions.matcher import current_matcher
from app.models import Article, Mention
from app.text.names import NameEntry
from app.text.prefixes import shared_prefix
from app.text.tokens import words


def form_prefix(form: str) -> str:
    """The longest shared prefix among the words of one name form."""
    return max((shared_prefix(w) for w in words(form)), key=len, default="")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _spellings(prefix: str) -> set[str]:
    return {prefix, prefix[:1].upper() + prefix[1:], prefix.upper()}


SHORTEST_INDEXED_PREFIX = 3


def articles_containing(session: Session, prefixes: Iterable[str]) -> Executable:
    """A query of the ids of articles whose title or body has a word starting with one of the
    prefixes (lowercase, letters only: `shared_prefix`)."""
    wanted = sorted(set(prefixes))
    if not wanted:
        return select(col(Article.id)).where(col(Article.id).is_(None))
    if min(map(len, wanted)) < SHORTEST_INDEXED_PREFIX or not all(p.isalpha() for p in wanted):
        return _articles_like(wanted)
    if session.get_bind().dialect.name == "sqlite":
        match = "{title body} : (" + " OR ".join(f'"{p}"*' for p in wanted) + ")"
        return text("SELECT rowid FROM article_fts WHERE article_fts MATCH :match").bindparams(match=match)
    query = " | ".join(f"'{p}':*" for p in wanted)
    return text("SELECT id FROM article_fts WHERE tsv @@ CAST(:query AS tsquery)").bindparams(query=query)


def _articles_like(prefixes: list[str]):
    conditions = []
    for prefix in prefixes:
        for spelling in _spellings(prefix):
            pattern = f"%{_escape_like(spelling)}%"
            conditions.append(col(Article.title).like(pattern, escape="\\"))
            conditions.append(col(Article.body).like(pattern, escape="\\"))
    return select(col(Article.id)).where(or_(*conditions))


def _forms_of(entries: list[NameEntry]) -> list[str]:
    return [f for entry in entries for f in [*entry.forms, entry.surname or ""] if f.strip()]


def entity_forms(session: Session, kind: str, entity_id: int) -> list[str]:
    """Every form of an entity's names (its surname alone included) as linking knows them:
    its own row and aliases only, not every name."""
    return _forms_of(kind_entries(session, KINDS[kind], entity_id))


def relink_entity(session: Session, kind: str, entity_id: int, old_forms: Iterable[str] = ()) -> int:
    """Bring mentions in step after an entity's names changed, or after it was deleted;
    returns rows changed. `old_forms`: the names it had before (`entity_forms`), so the
    articles naming those are revisited too: a surname two persons shared, say, now names
    one and is linked to them."""
    session.flush()
    forms = [*entity_forms(session, kind, entity_id), *old_forms]
    owner = getattr(Mention, f"{kind}_id")
    ids = set(session.execute(select(col(Mention.article_id)).where(owner == entity_id)).scalars())
    ids.update(session.execute(articles_containing(session, (form_prefix(f) for f in forms))).scalars())
    if not ids:
        return 0
    found = session.execute(
        select(Article).where(col(Article.id).in_(ids)).order_by(col(Article.id))).scalars()
    # The one full read of the names in an entity write (this transaction's names, under the
    # version it bumped): once committed, the next document finds that matcher cached.
    return link_articles(session, found, current_matcher(session))

