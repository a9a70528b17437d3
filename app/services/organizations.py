"""Organizations: queries and writes."""

from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import Session

from app.models import Article, Organization, OrganizationAlias
from app.pagination import PageParams, SortKey
from app.schemas.organization import OrganizationCreate, OrganizationPublic, OrganizationUpdate
from app.search.entities import search_names
from app.services.common import run_page
from app.services.entities import EntityKind, create_entity, delete_entity, update_entity

ORGANIZATIONS = EntityKind("organization", Organization, OrganizationAlias, "organization_id")
SORT_KEYS = {
    "name": SortKey(Organization.name, str),
    "created_at": SortKey(Organization.created_at, datetime),
    "id": SortKey(Organization.id, int),
}


def get_organization(session: Session, ref: str) -> Organization:
    return ORGANIZATIONS.get(session, ref)


def list_organizations(session: Session, country: str | None, kind: str | None, sort: str | None,
                       params: PageParams, q: str | None = None):
    statement = select(Organization)
    if country:
        statement = statement.where(Organization.country == country.upper())
    if kind:
        statement = statement.where(Organization.kind == kind)
    if q:
        return search_names(
            session, Organization, OrganizationAlias, "organization_id", statement, q, sort, params,
            lambda matching, order: run_page(session, matching, Organization, order, SORT_KEYS, params),
        )
    return run_page(session, statement, Organization, sort or "name", SORT_KEYS, params)


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
    aliases = ORGANIZATIONS.aliases(session, [r.id for r in rows])
    return [OrganizationPublic.model_validate({**r.model_dump(), "aliases": aliases[r.id]}) for r in rows]
