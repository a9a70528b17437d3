"""Plain-text news documents: title, lead, sections, attribution, years.

The body is kept exactly as written (after the document's own normalisation), so every
offset computed on it stays valid.
"""

import re
from dataclasses import dataclass, field

from app.text.normalize import clean_document
from app.text.years import years_mentioned

OUTLET_RE = re.compile(
    r"^\s*(?:Про це|Як)\s+(?:розповідає|розповіло|повідомляє|повідомило|пише|написало|інформує)\s+"
    r"(?:видання\s+)?«?(?P<name>[^«»,.]+?)»?\s*\.?\s*$",
    re.IGNORECASE,
)
SOURCE_RE = re.compile(
    r"(?:повідомило|повідомили|повідомляє|передає|пише|за даними|за інформацією)\s+"
    r"[^«».]{0,80}?«(?P<name>[^»]{1,80})»",
    re.IGNORECASE,
)
# Credit lines under a text: "Джерело: Укрінформ", "За матеріалами Reuters", "Фото: ...".
# Attribution, never a heading; the source they name is the original source. Without a colon
# only "За матеріалами" + a short name counts ("За матеріалами слідства, ..." is a sentence).
CREDIT_RE = re.compile(
    r"^\s*(?:(?P<label>Джерело|Джерела|Першоджерело|За матеріалами|Фото|Ілюстрація|Читайте також)"
    r"\s*[:—–]\s*(?P<name>.{1,200}?)|За матеріалами\s+(?P<bare>[^.!?…,;:]{1,80}?))\s*\.?\s*$",
    re.IGNORECASE,
)
SOURCE_LABELS = {"джерело", "джерела", "першоджерело", "за матеріалами"}
TERMINAL = tuple(".!?:;…»\"")
HEADING_MAX = 120
SENTENCE_BREAK_RE = re.compile(r"[.!?…]\s+\S")


@dataclass
class Section:
    heading: str | None
    start: int  # offsets into body: body[start:end] is the whole section, heading included
    end: int
    # body[start:end] of each paragraph below the heading (attribution lines included)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class ParsedDocument:
    title: str
    lead: str
    body: str
    sections: list[Section] = field(default_factory=list)
    outlet: str | None = None
    original_source: str | None = None
    years: list[int] = field(default_factory=list)


def _lines(body: str) -> list[tuple[str, int]]:
    out, offset = [], 0
    for line in body.split("\n"):
        out.append((line, offset))
        offset += len(line) + 1
    return out


def _is_heading(line: str) -> bool:
    text = line.strip()
    return (
        0 < len(text) <= HEADING_MAX
        and not text.endswith(TERMINAL)
        and OUTLET_RE.match(text) is None
        and CREDIT_RE.match(text) is None
        and SENTENCE_BREAK_RE.search(text) is None  # two sentences are a paragraph
        and text[:1].isupper()
    )


def parse_document(raw: str) -> ParsedDocument:
    text = clean_document(raw)
    if not text:
        raise ValueError("the document is empty")
    title, _, rest = text.partition("\n")
    title = title.strip()
    body = rest.strip("\n").rstrip()
    lines = [(line, start) for line, start in _lines(body) if line.strip()]

    outlet = original_source = None
    lead = ""
    sections: list[Section] = []
    for index, (line, start) in enumerate(lines):
        span = (start + len(line) - len(line.lstrip()), start + len(line.rstrip()))
        if outlet is None and (m := OUTLET_RE.match(line)):
            outlet = m.group("name").strip()
            if sections:
                sections[-1].paragraphs.append(span)
            continue
        if lead and (m := CREDIT_RE.match(line)):
            source = m.group("bare") or (m.group("name") if m.group("label").lower() in SOURCE_LABELS else "")
            original_source = original_source or source.strip("«»\"' ") or None
            sections[-1].paragraphs.append(span)
            continue
        if original_source is None and (m := SOURCE_RE.search(line)):
            original_source = m.group("name").strip()
        # a heading needs a paragraph below it: a last line without a full stop is text
        if lead and index + 1 < len(lines) and _is_heading(line):
            sections.append(Section(line.strip(), start, len(body)))
        elif not lead:
            lead = line.strip()
            sections.append(Section(None, start, len(body), [span]))
        else:
            sections[-1].paragraphs.append(span)
    for section, following in zip(sections, sections[1:], strict=False):
        section.end = following.start - 1
    return ParsedDocument(
        title=title,
        lead=lead,
        body=body,
        sections=sections,
        outlet=outlet,
        original_source=original_source,
        years=years_mentioned(text),
    )
