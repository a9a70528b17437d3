"""Official Ukrainian → Latin transliteration (KMU 2010) and slugs."""

import re

import translitua

from app.text.normalize import normalize


def transliterate(text: str) -> str:
    """Кіт Келлог → Kit Kelloh (Resolution of the Cabinet of Ministers of Ukraine No. 55, 2010)."""
    return translitua.translit(text)


def slugify(text: str) -> str:
    latin = transliterate(normalize(text).replace("'", ""))
    slug = re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")
    return slug[:180] or "item"
