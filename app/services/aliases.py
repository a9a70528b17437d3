"""Aliases of persons, organizations and places, and the ones derived automatically."""

from sqlalchemy import delete, select
from sqlmodel import Session, col

from app.mentions.matcher import bump_names
from app.schemas.common import AliasIn, has_letter
from app.text.translit import transliterate

TRANSLIT_SOURCE = "translitua (KMU 2010)"


def derived_aliases(name: str, name_en: str | None) -> list[AliasIn]:
    """The official transliteration of the name, and the English name, as aliases."""
    out = [AliasIn(alias=name, language="uk", kind="native")]
    latin = transliterate(name).strip()
    if has_letter(latin) and latin != name:  # "Ь 1" transliterates to "1": no name
        out.append(AliasIn(alias=latin, language="en", kind="transliteration", source=TRANSLIT_SOURCE))
    if name_en and any(c.isalpha() for c in name_en):  # an alias names something: "0" is no name
        out.append(AliasIn(alias=name_en, language="en", kind="english"))
    return out


def replace_aliases(
    session: Session, alias_model, owner_field: str, owner_id: int,
    given: list[AliasIn], name: str, name_en: str | None,
) -> bool:
    """Store exactly `given` plus the derived aliases; report whether anything changed."""
    wanted: dict[tuple[str, str], AliasIn] = {}
    for alias in [*derived_aliases(name, name_en), *given]:
        wanted.setdefault((alias.alias, alias.kind), alias)
    owner = getattr(alias_model, owner_field)
    existing = {
        (row.alias, row.kind): row
        for row in session.execute(select(alias_model).where(owner == owner_id)).scalars()
    }
    stale = [row.id for key, row in existing.items() if key not in wanted]
    if stale:  # a bulk delete the flush never sees: record the change of names here
        session.execute(delete(alias_model).where(col(alias_model.id).in_(stale)))
        bump_names(session)
    changed = bool(stale)
    for key, alias in wanted.items():
        row = existing.get(key)
        if row is None:
            session.add(alias_model(**alias.model_dump(), **{owner_field: owner_id}))
            changed = True
        elif (row.language, row.source) != (alias.language, alias.source):
            row.language, row.source = alias.language, alias.source
            changed = True
    return changed


def aliases_of(session: Session, alias_model, owner_field: str, owner_ids: list[int]) -> dict[int, list]:
    owner = getattr(alias_model, owner_field)
    out: dict[int, list] = {i: [] for i in owner_ids}
    if owner_ids:
        for row in session.execute(
            select(alias_model).where(owner.in_(owner_ids)).order_by(owner, alias_model.id)
        ).scalars():
            out[getattr(row, owner_field)].append(row)
    return out
