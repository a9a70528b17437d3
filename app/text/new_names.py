"""People the database does not know yet: first name + surname pairs the morphology tags.

A pair is two capitalised words inside one sentence (only spaces between them) where the
first has a `Name` parse and the second a `Surn` parse that agree in case (and in gender when
both say). The nominative is recovered by inflecting that agreeing pair ("Олегом Петренком"
→ "Олег Петренко"), so every case form of one person groups under one key.

A surname the dictionary does not know at all ("Лосик", "Дуліна", "Мецола") takes its case and
gender from the first name and loses that case's regular ending ("Робертою Мецолою" → Роберта
Мецола, "Наталії Дуліної" → Наталія Дуліна, "Ігоря Лосика" → Ігор Лосик). When the readings of
the first name lead to different nominatives, the pair is left out rather than guessed.
"""

from dataclasses import dataclass
from functools import lru_cache

from app.text.morph import analyzer
from app.text.normalize import normalize
from app.text.tokens import tokenize

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct")
GENDERS = ("masc", "femn")


@dataclass(frozen=True)
class FoundName:
    start: int
    end: int
    surface: str
    given_name: str  # nominative
    family_name: str  # nominative

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def key(self) -> str:
        return normalize(self.name)


@dataclass(frozen=True)
class _Reading:
    case: str
    gender: str | None
    fixed: bool
    nominative: str


def _capitalise(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


@lru_cache(maxsize=50_000)
def _readings(word: str, grammeme: str) -> tuple[_Reading, ...]:
    """The case readings of a word as a first name (`Name`) or surname (`Surn`)."""
    out = []
    for parse in analyzer().parse(word):
        tag = parse.tag
        if grammeme not in tag.grammemes or tag.case not in CASES or "plur" in tag.grammemes:
            continue
        nominative = parse.inflect({"nomn"}) if tag.case != "nomn" else parse
        if nominative is None:
            continue
        out.append(_Reading(tag.case, tag.gender, "Fixd" in tag.grammemes, _capitalise(nominative.word)))
    return tuple(out)


def _agreeing(given: tuple[_Reading, ...], family: tuple[_Reading, ...]) -> tuple[str, str] | None:
    """The nominative of the best agreeing pair: same case, same gender, inflected surname first."""
    best: tuple[int, str, str] | None = None
    for g in given:
        for f in family:
            if g.case != f.case:
                continue
            if g.gender and f.gender and g.gender != f.gender:
                continue
            score = (2 if g.case != "voct" else 0) + (1 if not f.fixed else 0)
            if best is None or score > best[0]:
                best = (score, g.nominative, f.nominative)
    return (best[1], best[2]) if best else None


# Regular endings of surnames the dictionary lacks, per gender and case: (ending, nominative ending).
_MASC_ENDINGS = {
    "nomn": (("", ""),),
    "gent": (("енка", "енко"), ("а", ""), ("я", "ь")),
    "accs": (("енка", "енко"), ("а", ""), ("я", "ь")),
    "datv": (("енкові", "енко"), ("енку", "енко"), ("ові", ""), ("еві", "ь"), ("у", "")),
    "loct": (("енкові", "енко"), ("енку", "енко"), ("ові", ""), ("еві", "ь"), ("у", "")),
    "ablt": (("енком", "енко"), ("ом", ""), ("ем", "ь")),
}
_FEMN_ENDINGS = {
    "nomn": (("а", "а"), ("я", "я")),
    "gent": (("ої", "а"), ("и", "а")),
    "datv": (("ій", "а"), ("і", "а")),
    "loct": (("ій", "а"), ("і", "а")),
    "accs": (("у", "а"), ("ю", "я")),
    "ablt": (("ою", "а"), ("ею", "я")),
}


def _guessed_surname(word: str, case: str, gender: str | None) -> str | None:
    table = _FEMN_ENDINGS if gender == "femn" else _MASC_ENDINGS
    lower = word.lower()
    for ending, nominative in table.get(case, ()):
        if lower.endswith(ending) and len(lower) - len(ending) >= 3:
            stem = word[:len(word) - len(ending)] if ending else word
            return stem + nominative
    return None


def _guessed_pair(given: tuple[_Reading, ...], family_word: str) -> tuple[str, str] | None:
    """The nominative of a first name + an unknown surname, when all readings agree on it."""
    found = set()
    for g in given:
        if g.case == "voct":
            continue
        surname = _guessed_surname(family_word, g.case, g.gender)
        if surname:
            found.add((g.nominative, _capitalise(surname)))
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=100_000)
def _looks_like_name_word(text: str) -> bool:
    return len(text) > 1 and text[:1].isupper() and not text.isupper() and text.isalpha()


def find_person_names(text: str) -> list[FoundName]:
    """Every first name + surname pair in the text, with offsets and its nominative."""
    tokens = tokenize(text)
    name_like = [_looks_like_name_word(token.text) for token in tokens]
    found: list[FoundName] = []
    i = 0
    while i + 1 < len(tokens):
        first, second = tokens[i], tokens[i + 1]
        if (
            name_like[i]
            and name_like[i + 1]
            and text[first.end:second.start].isspace()
            and "\n" not in text[first.end:second.start]
        ):
            given = _readings(first.text, "Name")
            pair = None
            if given and analyzer().word_is_known(second.text.lower()):
                family = _readings(second.text, "Surn")
                pair = _agreeing(given, family) if family else None
            elif given:
                pair = _guessed_pair(given, second.text)
            if pair:
                found.append(FoundName(first.start, second.end, text[first.start:second.end], *pair))
                i += 2
                continue
        i += 1
    return found
