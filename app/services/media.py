"""Outlets and agencies a document names, as organizations: found by their aliases, else created.

`Белта`, `БелТА`, `BELTA` and `Белту` are one organization: a name is looked up among the
organizations' names and aliases (letter case aside), then in any case form through the name
matcher; an unknown name becomes an organization of kind `media`.

A URL alone never names an outlet, except when the document is posted with `url` and the text
names no outlet: then the URL's host names it if its main label (`belta` of
`https://www.belta.by/...`, `eurointegration` of `www.eurointegration.com.ua`) equals, letters
and digits only and case aside, the name, English name or an alias of a known organization of
kind `media` or `news_agency`.
"""

import re
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlsplit

from sqlalchemy import event, func, or_, select
from sqlmodel import Session, col

from app.kinds import EntityKey
from app.models import Organization, OrganizationAlias
from app.schemas.organization import OrganizationCreate
from app.services.organizations import create_organization
from app.text.names import NameMatcher
from app.text.normalize import normalize

MEDIA_KINDS = ("media", "news_agency")
_NOT_LETTERS = re.compile(r"[^0-9a-zа-яіїєґ]+")
_SECOND_LEVEL = frozenset({"com", "org", "net", "gov", "co", "in", "edu"})  # .com.ua, .org.ua


def _fold(name: str) -> str:
    return _NOT_LETTERS.sub("", normalize(name))


@event.listens_for(Session, "after_soft_rollback")
def _forget_media(session: Session, _previous_transaction) -> None:
    """A rolled-back transaction may have created the organizations remembered since."""
    session.info.pop("media_refs", None)


@dataclass(frozen=True)
class MediaRef:
    id: int
    name: str
    kind: str | None


def find_media(session: Session, name: str, matcher: NameMatcher | None = None) -> MediaRef | None:
    """The known organization a name of an outlet or agency refers to, in any spelling or case.

    Found ones are remembered for the session (a batch ingest names the same outlets again and
    again); an organization renamed or deleted meanwhile in another session is not noticed
    until the next session.
    """
    key = name.strip().lower()
    remembered: dict[str, MediaRef] = session.info.setdefault("media_refs", {})
    if key in remembered:
        return remembered[key]
    with session.no_autoflush:
        org_id = session.execute(
            select(col(OrganizationAlias.organization_id)).where(
                or_(col(OrganizationAlias.alias) == name.strip(),
                    func.lower(col(OrganizationAlias.alias)) == key)
            ).limit(1)
        ).scalar()
        if org_id is None and matcher is not None:
            keys = [cast(EntityKey, m.key) for m in matcher.find(name) if m.start == 0 and m.end == len(name)]
            if len(keys) == 1 and keys[0][0] == "organization":
                org_id = keys[0][1]
        row = session.execute(
            select(col(Organization.id), col(Organization.name), col(Organization.kind))
            .where(col(Organization.id) == org_id)
        ).first() if org_id is not None else None
    if row is None:
        return None
    remembered[key] = found = MediaRef(*row)
    return found


def media_organization(session: Session, name: str) -> int:
    """The id of the organization of this name, created (kind `media`) when none is known."""
    found = find_media(session, name)
    if found is not None:
        return found.id
    org = create_organization(session, OrganizationCreate(name=name.strip()[:300], kind="media"))
    assert org.id is not None  # flushed by create_organization
    session.info.setdefault("media_refs", {})[name.strip().lower()] = MediaRef(org.id, org.name, org.kind)
    return org.id


def _host_label(url: str) -> str | None:
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    labels = [label for label in host.split(".") if label and label != "www"]
    if len(labels) < 2:
        return None
    labels = labels[:-1]  # the top-level domain
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    return labels[-1]


def media_of_url(session: Session, url: str) -> MediaRef | None:
    """The known outlet whose name the URL's host spells (see the module's rule), or None."""
    label = _host_label(url)
    if not label:
        return None
    rows = session.execute(
        select(Organization, col(OrganizationAlias.alias))
        .join(OrganizationAlias, col(OrganizationAlias.organization_id) == col(Organization.id))
        .where(col(Organization.kind).in_(MEDIA_KINDS))
    ).all()
    matches = {org.id: MediaRef(org.id, org.name, org.kind) for org, alias in rows if _fold(alias) == label}
    return next(iter(matches.values())) if len(matches) == 1 else None
