"""Who published a text (its outlet) and whom it cites (its original source), from its own words.

Attribution sits anywhere in running text and comes in many shapes; the grammar decides the role:

- the original source is what a text cites: `з посиланням на X`, `посилаючись на X`,
  `за даними X`, `за інформацією X`, a past-tense report (`повідомило агентство X`,
  `написала X`), a present-tense report by a named agency or service (`повідомляє
  білоруське держінформагентство "Белта"`, `повідомляє білоруська служба Радіо Свобода`), and
  credit lines (`Джерело: X`, `За матеріалами X`);
- the outlet is who reports now: `Як передає X`, `Про це повідомляє X`, `пише X` (present
  tense, no agency descriptor); in `повідомляє A, передає B` the relayer B is the outlet and A
  the source; in `повідомляє A з посиланням на B`, A is the outlet and B the source.

A name is quoted in any quotes («», "", “”, „“) or unquoted; an unquoted name must start with a
capital or a Latin letter (`повідомили в поліції`, `за даними слідства` name nobody) and ends
at punctuation. Names the grammar puts in an oblique case (`з посиланням на Белту`,
`за даними Укрінформу`) are given in the nominative when the morphology says so.
"""

import re
from dataclasses import dataclass

from app.text.morph import analyzer, safe_parse

QUOTES = "«»\"“”„‟‹›"
_Q_OPEN = "«\"“„‟‹"
_Q_CLOSE = "»\"”“‟›"

# Lowercase words that may stand between a verb and the name: "білоруське державне агентство".
DESCRIPTOR_NOUNS = (
    "агентство", "агентства", "інформагентство", "інформагентства", "держінформагентство",
    "держінформагентства", "служба", "служби", "видання", "телеканал", "телеканалу", "газета",
    "газети", "портал", "порталу", "сайт", "сайту", "радіо", "медіа", "ресурс", "ресурсу",
    "агенція", "агенції", "інтернет-видання", "журнал", "журналу", "телеграм-канал",
    "телеграм-каналу",
)
AGENCY_NOUNS = frozenset(d for d in DESCRIPTOR_NOUNS if "агент" in d or d.startswith("служб"))
_DESCRIPTOR = r"(?:[a-zа-яіїєґ'’-]+[ \t]+){0,3}?(?P<desc>" + "|".join(
    sorted(map(re.escape, DESCRIPTOR_NOUNS), key=len, reverse=True)) + r")[ \t]+"

PRESENT = r"повідомляє|передає|пише|розповідає|інформує|повідомляють|пишуть|передають"
PAST = (r"повідомило|повідомила|повідомив|передало|передала|передав|написало|написала|написав|"
        r"розповіло|розповіла|розповів|інформувало|інформувала|повідомляло|повідомляла|писало|писала")
CITING = r"з посиланням на|посилаючись на|за даними|за інформацією|за повідомленням"

# A name: quoted (anything but quotes, up to 80 characters) or unquoted (up to five words
# from a capital or Latin letter, with inner dots and hyphens: Цензор.НЕТ, BELTA, Радіо Свобода).
_WORD = r"[A-ZА-ЯІЇЄҐ0-9a-z][\w'’.+&-]*"
_UNQUOTED = _WORD + r"(?:[ \t]+(?:" + _WORD + r"|[а-яіїєґ][\w'’-]*(?=[ \t]*(?:$|[,.;:!?)\n])))){0,4}"
_NAME = (r"(?:[" + _Q_OPEN + r"](?P<quoted>[^" + QUOTES + r"\n]{1,80})[" + _Q_CLOSE + r"]"
         r"|(?P<bare>" + _UNQUOTED + r"))")

_VERB_NAME = re.compile(
    r"(?<![\w-])(?P<verb>" + PRESENT + "|" + PAST + r")\s+(?:" + _DESCRIPTOR + r")?" + _NAME,
    re.IGNORECASE,
)
_CITE_NAME = re.compile(r"(?<![\w-])(?P<verb>" + CITING + r")\s+(?:" + _DESCRIPTOR + r")?" + _NAME,
                        re.IGNORECASE)
# "повідомляє Зеркало, передає Укрінформ": the second verb names the relayer.
_RELAY = re.compile(r"^\s*,\s*(?:як\s+)?(?:передає|пише|повідомляє)\s+(?:" + _DESCRIPTOR + r")?" + _NAME,
                    re.IGNORECASE)
_WITH_CITE = re.compile(r"^\s*,?\s*(?P<verb>" + CITING + r")\s+(?:" + _DESCRIPTOR + r")?" + _NAME,
                        re.IGNORECASE)

# Words an unquoted name never ends with (they start the next clause): "Як пише Reuters у своєму…".
_STOP_WORDS = frozenset({"у", "в", "на", "з", "із", "про", "що", "та", "і", "й", "як", "щодо", "після",
                         "під", "до", "від", "за", "це", "цю", "ці", "його", "її", "їх"})


@dataclass(frozen=True)
class Attribution:
    outlet: str | None = None
    original_source: str | None = None
    outlet_explicit: bool = False  # named by grammar that says "outlet" beyond a bare verb


def _is_person_word(word: str) -> bool:
    """A first name or surname the dictionary knows (not one it guesses for an unknown word)."""
    return analyzer().word_is_known(word.lower()) and any(
        {"Name", "Surn", "Patr"} & p.tag.grammemes for p in safe_parse(word))


def _name_end(match: re.Match) -> tuple[str | None, int]:
    """The name a match found (None when it is no name: a lowercase word, a person) and where
    it ends in the text."""
    if match.group("quoted"):
        return match.group("quoted").strip() or None, match.end()
    start = match.start("bare")
    words = list(re.finditer(r"\S+", match.group("bare")))
    clause_ends = match.string[match.end("bare"):match.end("bare") + 1] in ("", *",.;:!?)\n")
    kept: list[re.Match] = []
    for i, word in enumerate(words):
        text = word.group()
        if text.lower() in _STOP_WORDS:
            break
        # a lowercase word belongs to a name only at the clause's end ("Як пише Європейська правда")
        if text[:1].islower() and not text[:1].isascii() and not (i == len(words) - 1 and clause_ends):
            break
        kept.append(word)
    if not kept:
        return None, match.end()
    name = " ".join(w.group() for w in kept).rstrip(".")
    end = start + kept[-1].end()
    if not (name[:1].isupper() or name[:1].isascii()) or not name[:1].isalnum():
        return None, end
    if _is_person_word(kept[0].group().rstrip(".")):
        return None, end  # "повідомив Зеленський": a person speaks, no outlet
    return name, end


def _name(match: re.Match) -> str | None:
    return _name_end(match)[0]


def nominative(name: str, case: str) -> str:
    """A one-word unquoted Cyrillic name read in `case` ("Белту" after "на") → its nominative."""
    if " " in name or not re.fullmatch(r"[А-ЯІЇЄҐ][а-яіїєґ'’]+", name):
        return name
    known = analyzer().word_is_known(name.lower())
    for parse in safe_parse(name) if known else ():
        if parse.tag.case == case and {"Surn", "Name"}.isdisjoint(parse.tag.grammemes):
            nomn = parse.inflect({"nomn"})
            if nomn and nomn.word != name.lower():
                return nomn.word[:1].upper() + nomn.word[1:]
            break
    lower = name.lower()
    if case == "accs" and lower.endswith(("у", "ю")):  # Белту → Белта: a feminine name the dictionary lacks
        return name[:-1] + ("а" if lower.endswith("у") else "я")
    if case == "gent" and lower.endswith("у") and len(name) > 4:  # Укрінформу → Укрінформ
        return name[:-1]
    return name


def _cited(match: re.Match, name: str) -> str:
    if match.group("quoted") or match.group("desc"):
        return name
    verb = match.group("verb").lower()
    return nominative(name, "accs" if verb.endswith(" на") else "gent")


def find_attribution(text: str) -> Attribution:
    """The outlet and the original source a text names, or None for each it does not."""
    outlet = source = None
    explicit = False
    spans: list[tuple[int, int]] = []

    def taken(m: re.Match) -> bool:
        return any(m.start() < end and start < m.end() for start, end in spans)

    for m in _VERB_NAME.finditer(text):
        name, end = _name_end(m)
        if taken(m) or name is None:
            continue
        verb = m.group("verb").lower()
        desc = (m.group("desc") or "").lower()
        tail = text[end:]
        if (relay := _RELAY.match(tail)) and (relayer := _name(relay)):
            outlet, source, explicit = outlet or relayer, source or name, True
            spans.append((m.start(), end + relay.end()))
            continue
        if (cite := _WITH_CITE.match(tail)) and (cited := _name(cite)):
            outlet, source, explicit = outlet or name, source or _cited(cite, cited), True
            spans.append((m.start(), end + cite.end()))
            continue
        spans.append(m.span())
        if re.fullmatch(PAST, verb) or desc in AGENCY_NOUNS:
            source = source or name
        elif outlet is None:
            outlet = name
        elif name != outlet:
            source = source or name
    for m in _CITE_NAME.finditer(text):
        if taken(m) or (name := _name(m)) is None:
            continue
        source = source or _cited(m, name)
    return Attribution(outlet, source, explicit)
