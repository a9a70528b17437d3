"""Aliases of persons, organizations and places, and the ones derived automatically."""

from pydantic import ValidationError
from sqlalchemy import delete, select
from sqlmodel import Session, col

from app.mentions.matcher import bump_names
from app.schemas.common import AliasIn
from app.text.belarusian import romanize, romanize_plain
from app.text.translit import transliterate

TRANSLIT_SOURCE = "translitua (KMU 2010)"
BELARUSIAN_SOURCE = "Belarusian national romanisation (2007)"


def belarusian_aliases(given: list[AliasIn]) -> list[AliasIn]:
    """Each Belarusian Cyrillic alias (`language: be`) in the national romanisation, with its
    diacritics and in plain Latin: Аляксандр Лукашэнка → Aliaksandr Lukašenka, Aliaksandr Lukashenka."""
    out: list[AliasIn] = []
    for alias in given:
        if alias.language == "be" and any("а" <= ch.lower() <= "я" or ch in "іўІЎ" for ch in alias.alias):
            for latin in dict.fromkeys((romanize(alias.alias), romanize_plain(alias.alias))):
                out += _alias(alias=latin, language="be", kind="transliteration", source=BELARUSIAN_SOURCE)
    return out


def _alias(**values) -> list[AliasIn]:
    """The alias, or none when the text cannot be one (no letter: "³´" as an English name)."""
    try:
        return [AliasIn(**values)]
    except ValidationError:
        return []


def derived_aliases(name: str, name_en: str | None) -> list[AliasIn]:
    """The official transliteration of the name, and the English name, as aliases."""
    out = _alias(alias=name, language="uk", kind="native")
    latin = transliterate(name)
    if latin.strip() and latin != name:
        out += _alias(alias=latin, language="en", kind="transliteration", source=TRANSLIT_SOURCE)
    if name_en and any(c.isalpha() for c in name_en):  # an alias names something: "0" is no name
        out += _alias(alias=name_en, language="en", kind="english")
    return out


def replace_aliases(
    session: Session, alias_model, owner_field: str, owner_id: int,
    given: list[AliasIn], name: str, name_en: str | None,
) -> bool:
    """Store exactly `given` plus the derived aliases; report whether anything changed."""
    wanted: dict[tuple[str, str], AliasIn] = {}
    for alias in [*derived_aliases(name, name_en), *given, *belarusian_aliases(given)]:
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
