"""Plain-text news documents: title, lead, sections, attribution, years.

The body is kept exactly as written (after the document's own normalisation), so every
offset computed on it stays valid: nothing but the title line is ever left out of it.

Title and lead skip page furniture: credit lines (`Фото: EPA`, `© Associated Press`,
`Джерело фото: …`, a line carrying a `©`), a short caption line directly followed by a
credit, and a repeat of the title. The title is the first other line, unless that line is a
long sentence (over HEADING_MAX characters ending in . ! ? or …, or two sentences ending in a
full stop): then the page has no headline, the body is the whole text, that sentence is the
lead, and the title is the lead's first sentence, cut at a word boundary to HEADING_MAX
characters with "…" when longer.
"""

import re
from dataclasses import dataclass, field

from app.text.attribution import find_attribution
from app.text.normalize import clean_document, normalize
from app.text.years import years_mentioned

OUTLET_RE = re.compile(
    r"^\s*(?:Про це|Як)\s+(?:розповідає|розповіло|повідомляє|повідомило|пише|написало|інформує)\s+"
    r"(?:видання\s+)?«?(?P<name>[^«»,.]+?)»?\s*\.?\s*$",
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
CAPTION_MAX = 160
SENTENCE_BREAK_RE = re.compile(r"[.!?…]\s+\S")
# Page furniture: photo and video credits, copyright lines, "Читайте також".
FURNITURE_RE = re.compile(
    r"\s*(?:(?:Фото|Світлина|Відео|Ілюстрація|Ілюстративне фото|Колаж|Скриншот|Джерело фото|"
    r"Автор фото|Фото на головній|Читайте також|Дивіться також|Photo|Image)\b\s*(?:[:—–-]|$)"
    r"|(?:Фото|Відео|Photo)\s+[^\s.!?]{1,40}(?:\s+[^\s.!?]{1,40}){0,2}\s*$)",
    re.IGNORECASE,
)
CREDIT_MARKS = ("©", "(c)", "(C)", "Getty Images", "Фото:")  # anywhere in a short line


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
    outlet_explicit: bool = False  # the grammar named it the outlet beyond a bare verb


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
        and not is_credit(text)
        and SENTENCE_BREAK_RE.search(text) is None  # two sentences are a paragraph
        and text[:1].isupper()
    )


def is_credit(line: str) -> bool:
    text = line.strip()
    if not text or len(text) > CAPTION_MAX * 2:
        return False
    return FURNITURE_RE.match(text) is not None or (
        len(text) <= CAPTION_MAX + 40 and any(mark in text for mark in CREDIT_MARKS))


def _furniture(lines: list[str], title: str | None = None, headline: bool = False) -> list[bool]:
    """Which of these (non-empty) lines are page furniture: credits, captions over a credit,
    repeats of the title. `headline`: the first line may be a title above a credit, not a caption."""
    title_key = normalize(title).strip() if title else None
    out = [is_credit(line) for line in lines]
    for i, line in enumerate(lines):
        text = line.strip()
        if title_key is not None and normalize(text).rstrip(".") == title_key.rstrip("."):
            out[i] = True
        elif (i + 1 < len(lines) and out[i + 1] and not out[i] and len(text) <= CAPTION_MAX
              and not text.endswith((".", "…")) and (i > 0 or not headline)):
            out[i] = True  # a caption: a short line directly above a credit
    return out


def _is_long_sentence(line: str) -> bool:
    text = line.strip().rstrip("»\"”)")
    if not text.endswith((".", "!", "?", "…")):
        return False
    return len(text) > HEADING_MAX or (text.endswith(".") and SENTENCE_BREAK_RE.search(text) is not None)


def derived_title(lead: str) -> str:
    """The title of a page without a headline: its lead's first sentence, at most HEADING_MAX long."""
    text = lead.strip()
    if m := SENTENCE_BREAK_RE.search(text):
        text = text[:m.start() + 1]
    if len(text) <= HEADING_MAX:
        return text
    cut = text[:HEADING_MAX - 1]
    return (cut[:cut.rfind(" ")] if " " in cut else cut).rstrip(" ,;:—–-") + "…"


def split_title(text: str) -> tuple[str, str]:
    """The title and the body of a cleaned document (the body is everything but the title line)."""
    lines = _lines(text)
    nonempty = [(line, start) for line, start in lines if line.strip()]
    furniture = _furniture([line for line, _ in nonempty], headline=True)
    for (line, start), skip in zip(nonempty, furniture, strict=True):
        if skip:
            continue
        if _is_long_sentence(line):
            return derived_title(line), text
        end = start + len(line)
        before, after = text[:start].rstrip("\n"), text[end + 1:].strip("\n")
        return line.strip(), (f"{before}\n\n{after}" if before and after else before or after).rstrip()
    first, _, rest = text.partition("\n")
    return first.strip(), rest.strip("\n").rstrip()


def find_lead(title: str, body: str) -> str:
    """The first paragraph of the body that is not page furniture nor the title repeated."""
    lines = [line for line in body.split("\n") if line.strip()]
    for line, skip in zip(lines, _furniture(lines, title), strict=True):
        if not skip:
            return line.strip()
    return lines[0].strip() if lines else ""


def parse_document(raw: str) -> ParsedDocument:
    text = clean_document(raw)
    if not text:
        raise ValueError("the document is empty")
    title, body = split_title(text)
    lines = [(line, start) for line, start in _lines(body) if line.strip()]
    furniture = _furniture([line for line, _ in lines], title)

    original_source = None
    lead = ""
    sections: list[Section] = []
    for index, (line, start) in enumerate(lines):
        span = (start + len(line) - len(line.lstrip()), start + len(line.rstrip()))
        if lead and (m := CREDIT_RE.match(line)):
            source = m.group("bare") or (m.group("name") if m.group("label").lower() in SOURCE_LABELS else "")
            original_source = original_source or source.strip("«»\"“”„' ") or None
            sections[-1].paragraphs.append(span)
            continue
        if not lead and furniture[index]:
            continue  # captions and credits above the lead belong to no section
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
    attribution = find_attribution(body)
    return ParsedDocument(
        title=title,
        lead=lead,
        body=body,
        sections=sections,
        outlet=attribution.outlet,
        original_source=attribution.original_source or original_source,
        years=years_mentioned(text),
        outlet_explicit=attribution.outlet_explicit,
    )
