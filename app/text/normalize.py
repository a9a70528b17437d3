"""Text normalisation shared by indexing, querying and hashing."""

import hashlib
import re
import unicodedata

APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'", "ʹ": "'"})


def normalize(text: str) -> str:
    """NFC, one apostrophe, case-folded: the form every comparison uses."""
    return unicodedata.normalize("NFC", text).translate(APOSTROPHES).casefold()


def clean_document(text: str) -> str:
    """A document as stored: NFC, Unix newlines, no BOM, no trailing spaces on the ends."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


_SPACES = re.compile(r"\s+")
# Typographic quote variants hash alike: «», “”, „“, "" and the single ‹› are one quote.
QUOTES = str.maketrans(dict.fromkeys("«»“”„‟″‹›", '"'))
_HASHED = {**APOSTROPHES, **QUOTES}  # one pass over the text


def content_hash(text: str) -> str:
    """Hash of the normalised text (whitespace, apostrophes and quote styles aside), so re-sent
    copies of a document are recognised."""
    canonical = _SPACES.sub(" ", clean_document(text).translate(_HASHED))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
