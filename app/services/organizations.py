"""Organizations: queries and writes."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import Session, col

from app.kinds import KINDS
from app.models import Article, Organization
from app.models.base import id_of
from app.pagination import PageParams, PageResult
from app.schemas.organization import OrganizationCreate, OrganizationPublic, OrganizationUpdate
from app.search.entities import NameSearch
from app.services.entities import (
    create_entity,
    delete_entity,
    entity_aliases,
    get_entity,
    named_listing,
    update_entity,
)

ORGANIZATIONS = KINDS["organization"]
LISTING = named_listing(Organization)


@dataclass(frozen=True, kw_only=True)
class OrganizationFilters:
    country: str | None = None
    kind: str | None = None
    q: str | None = None  # every name and alias, in any case
    updated_since: datetime | None = None  # created or changed at or after


def get_organization(session: Session, ref: str) -> Organization:
    return get_entity(session, ORGANIZATIONS, ref)


def list_organizations(
    session: Session, filters: OrganizationFilters, sort: str | None, params: PageParams,
) -> PageResult[Organization]:
    statement = select(Organization)
    if filters.updated_since:
        statement = statement.where(col(Organization.updated_at) >= filters.updated_since)
    if filters.country:
        statement = statement.where(Organization.country == filters.country.upper())
    if filters.kind:
        statement = statement.where(Organization.kind == filters.kind)
    search = NameSearch(ORGANIZATIONS, filters.q) if filters.q else None
    return LISTING.page(session, statement, sort, params, search)


def create_organization(session: Session, data: OrganizationCreate) -> Organization:
    return create_entity(session, ORGANIZATIONS, data)


def update_organization(session: Session, row: Organization, data: OrganizationUpdate,
                        if_match: int | None) -> Organization:
    return update_entity(session, ORGANIZATIONS, row, data, if_match)[0]


def delete_organization(session: Session, row: Organization, if_match: int | None) -> None:
    for column in (Article.outlet_id, Article.original_source_id):  # the text stays, the link goes
        session.execute(update(Article).where(column == row.id).values({column: None}))
    delete_entity(session, ORGANIZATIONS, row, if_match)


def present_organizations(session: Session, rows: list[Organization]) -> list[OrganizationPublic]:
    aliases = entity_aliases(session, ORGANIZATIONS, [id_of(r) for r in rows])
    return [OrganizationPublic.model_validate({**r.model_dump(), "aliases": aliases[id_of(r)]}) for r in rows]
