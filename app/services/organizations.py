"""Organizations: queries and writes."""

from sqlalchemy import update
from sqlmodel import Session, col

from app.kinds import KINDS
from app.models import Article, Organization
from app.pagination import PageParams, PageResult
from app.schemas.organization import (
    OrganizationCreate,
    OrganizationFilters,
    OrganizationPublic,
    OrganizationUpdate,
)
from app.services.entities import (
    EntityService,
    create_entity,
    delete_entity,
    list_entities,
    present_entities,
    update_entity,
)

ORGANIZATIONS = KINDS["organization"]


def list_organizations(
    session: Session, filters: OrganizationFilters, sort: str | None, params: PageParams,
) -> PageResult[Organization]:
    of_kind = [col(Organization.kind) == filters.kind] if filters.kind else []
    return list_entities(session, ORGANIZATIONS, filters, sort, params, *of_kind)


def create_organization(session: Session, data: OrganizationCreate) -> Organization:
    return create_entity(session, ORGANIZATIONS, data)


def update_organization(session: Session, row: Organization, data: OrganizationUpdate,
                        if_match: int | None) -> Organization:
    return update_entity(session, ORGANIZATIONS, row, data, if_match)[0]


def delete_organization(session: Session, row: Organization, if_match: int | None) -> None:
    for column in (col(Article.outlet_id), col(Article.original_source_id)):  # the text stays, the link goes
        session.execute(update(Article).where(column == row.id).values({column: None}))
    delete_entity(session, ORGANIZATIONS, row, if_match)


def present_organizations(session: Session, rows: list[Organization]) -> list[OrganizationPublic]:
    return present_entities(session, ORGANIZATIONS, OrganizationPublic, rows)


SERVICE = EntityService(ORGANIZATIONS, list_organizations, create_organization, update_organization,
                        delete_organization, present_organizations, OrganizationCreate, OrganizationUpdate)
