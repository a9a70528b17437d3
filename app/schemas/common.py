"""Shapes shared by several resources: aliases, entity references, partial dates."""

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from app.kinds import KIND_NAMES
from app.text.dates import PARTIAL_DATE_PATTERN, parse_partial_date

SEED_TITLE = "Спецпредставник США Кіт Келлог провів переговори з Олександром Лукашенком у Білорусі"

AliasKind = Literal["native", "english", "transliteration", "other"]
EntityKind = Literal[KIND_NAMES]  # type: ignore[valid-type]  # the registry's kinds
# Not digits alone: a ref of digits is an id.
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^(?:[0-9]*[a-z][a-z0-9]*|[0-9]+-[a-z0-9]+)(?:-[a-z0-9]+)*$", max_length=200),
]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
MAX_ID = 2**31 - 1  # ids are PostgreSQL integers: a larger one cannot exist
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]


def has_letter(value: str) -> bool:
    return any(ch.isalpha() for ch in value)


# Scripts whose letters make a name: Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Georgian,
# Japanese kana, CJK ideographs and Hangul.
LETTER_BLOCKS = ((0x41, 0x24F), (0x370, 0x52F), (0x531, 0x58F), (0x5D0, 0x5FF), (0x620, 0x6FF),
                 (0x10A0, 0x10FF), (0x1E00, 0x1FFF), (0x3040, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3))


def letter_class() -> str:
    """The letters of `LETTER_BLOCKS` as one character class of literal ranges, which reads the same
    in Python (`re`, pydantic-core's Rust regex) and in ECMA-262 (ajv, browsers); `[^\\W\\d_]` does not:
    JavaScript's `\\W` is ASCII-only, so a JavaScript validator would refuse every Cyrillic name."""
    ranges: list[str] = []
    for first, last in LETTER_BLOCKS:
        start = None
        for code in range(first, last + 2):
            if code <= last and chr(code).isalpha():
                start = code if start is None else start
            elif start is not None:
                end = code - 1
                ranges.append(chr(start) if start == end else f"{chr(start)}-{chr(end)}")
                start = None
    return "[" + "".join(ranges) + "]"


LETTER = letter_class()
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300, pattern=LETTER),
    Field(description="At least one letter (of the Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, "
                      "Georgian, Japanese, Chinese or Korean scripts)."),
]


# A name in another language (`name_en`): optional, but when given it must be a name too.
OtherName = Name

_ISO_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_8601_only(value: Any) -> Any:
    """Pydantic's lax mode takes numbers ("0.5") as Unix times; a timestamp here is ISO 8601."""
    if isinstance(value, datetime) or (isinstance(value, str) and _ISO_DATETIME.match(value)):
        return value
    raise ValueError("expected an ISO 8601 date-time such as 2024-01-31T12:00:00Z")


def _in_utc(value: datetime) -> datetime:
    try:  # 0001-01-01T00:00:00+14:00 is a valid date-time that has no UTC year 1 instant
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range once converted to UTC (years 1 to 9999)") from None


# Timestamps, ISO 8601 only, converted to UTC (a naive one is taken as UTC).
Timestamp = Annotated[datetime, BeforeValidator(_iso_8601_only), AfterValidator(_in_utc)]
AwareTimestamp = Annotated[AwareDatetime, BeforeValidator(_iso_8601_only), AfterValidator(_in_utc)]


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("holds a NUL character (U+0000), which no text field may contain")
    elif isinstance(value, list | tuple):  # lists of text; nested models check their own fields
        for item in value:
            if isinstance(item, str):
                _without_nul(item)
    return value


class RequestModel(BaseModel):
    """A request body: no text in it may hold NUL (PostgreSQL cannot store it; SQLite would, and
    the two engines must answer alike: a 422 with the field's loc)."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        return _without_nul(value)


def _real_partial_date(value: str) -> str:
    parse_partial_date(value)  # "2021-02-30" raises ValueError, reported as a 422
    return value


# The one validation of a partial date: its form, then that the day exists.
PartialDateStr = Annotated[
    str,
    StringConstraints(pattern=PARTIAL_DATE_PATTERN),
    AfterValidator(_real_partial_date),
    Field(description="A date as precise as the source: `2020`, `2020-08` or `2020-08-09`."),
]


class ORMModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AliasIn(RequestModel):
    alias: Name = Field(examples=["Keith Kellogg"])
    language: LanguageCode | None = Field(default=None, examples=["en"])
    kind: AliasKind = "other"
    source: str | None = Field(default=None, max_length=200)


class AliasPublic(ORMModel):
    alias: str = Field(examples=["Kit Kelloh"])
    language: str | None = Field(examples=["uk"])
    kind: str = Field(examples=["transliteration"])
    source: str | None = Field(examples=["translitua (KMU 2010)"])


class EntityRef(BaseModel):
    """A person, organization or place, by kind, id, slug and name."""

    kind: EntityKind = Field(examples=["person"])
    id: int = Field(examples=[1])
    slug: str = Field(examples=["keith-kellogg"])
    name: str = Field(examples=["Кіт Келлог"])


class ArticleRef(ORMModel):
    id: int = Field(examples=[1])
    slug: str = Field(examples=["kellogg-lukashenko-talks-minsk-newsweek"])
    title: str = Field(examples=[SEED_TITLE])


NAME_SEARCH_HELP = (
    "Search every name, alias, transliteration and English name, in any grammatical case and "
    'forgiving typos ("Келлогові", "Kelloh", "Lukashneko"); best match first unless `sort` is given.'
)
UPDATED_SINCE_HELP = ("Only rows created or changed at or after this time (ISO 8601, UTC), for polling; "
                      "deletions are in `GET /v1/changes`.")
CountryFilter = Annotated[str | None, Field(pattern=r"^[A-Za-z]{2}$")]  # any case: compared upper-cased
NameQuery = Annotated[str | None, Field(description=NAME_SEARCH_HELP)]


class NamedFilters(BaseModel):
    """What every entity kind's list filters by. A query model: the list route takes it as
    `Annotated[PersonFilters, Query()]` and hands it to the service as it is. Each kind's subclass
    adds its own filters and the examples the docs show."""

    model_config = ConfigDict(frozen=True)

    country: CountryFilter = None
    q: NameQuery = None  # every name and alias, in any case
    updated_since: Timestamp | None = Field(default=None, description=UPDATED_SINCE_HELP)
