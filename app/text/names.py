"""Known names in running text, in any grammatical case.

A name matches when every word of one of its forms matches the text's words in order,
separated only by spaces: a word matches when the two share a lemma (pymorphy3), or, for
names the dictionary does not inflect ("Кіта"), when the text word is the name's stem plus a
case ending. A single word is linked only when it is a surname that names one known person
(or a single-word organization or place name), never a bare first name: "Кіт" is also "cat".
Two exceptions, both safe: a first name in the vocative followed by a comma or "!"
("Дональде, …") when the same text names that person in full; and a lowercased person name
("президентом лукашенком") when no word of it is an ordinary word the dictionary knows ("кіт").
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from app.text.morph import analyzer, lemmas, safe_parse
from app.text.normalize import normalize
from app.text.tokens import Token, tokenize, words

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct")
WORD_CACHE_SIZE = 100_000
VOWELS = set("аяоеєіїиуюйь")
CASE_ENDINGS = frozenset({
    "", "а", "я", "у", "ю", "і", "ї", "е", "є", "и", "о", "ові", "еві", "єві", "ом", "ем", "єм",
    "ою", "ею", "єю", "ої", "ей", "ів", "ям", "ам", "ями", "ами", "ях", "ах", "ого", "ому", "им",
    "ій", "ім", "ую", "юю",
})
LONGEST_ENDING = max(map(len, CASE_ENDINGS))


@dataclass(frozen=True)
class PatternWord:
    lemmas: frozenset[str]
    stem: str
    capitalized: bool


@dataclass(frozen=True)
class NamePattern:
    key: Hashable
    words: tuple[PatternWord, ...]
    proper: bool  # text words must be capitalised (person names)


@dataclass(frozen=True)
class NameMatch:
    key: Hashable
    start: int
    end: int
    surface: str


@dataclass
class NameEntry:
    """One entity to look for: `key` comes back with each match."""

    key: Hashable
    forms: list[str]
    surname: str | None = None
    proper: bool = True
    given: str | None = None  # the first name, whose vocative is linked after the full name


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word[-1] in VOWELS else word


@lru_cache(maxsize=20_000)
def _pattern_word(word: str) -> PatternWord:
    return PatternWord(lemmas(word), _stem(normalize(word)), word[:1].isupper())


@lru_cache(maxsize=200_000)
def _folded(word: str) -> str:
    """`normalize` of one word of running text (words repeat across documents)."""
    return normalize(word)


@lru_cache(maxsize=200_000)
def _stems(word: str) -> tuple[str, ...]:
    """The stems a word of running text can be a case form of: itself less a case ending, at
    least three letters long (what `_word_matches` accepts besides a shared lemma)."""
    folded = _folded(word)
    return tuple(
        folded[:len(folded) - n] for n in range(min(LONGEST_ENDING, len(folded) - 3) + 1)
        if folded[len(folded) - n:] in CASE_ENDINGS
    )


@lru_cache(maxsize=50_000)
def _lowercase_name_ok(word: str) -> bool:
    """Whether a lowercased word may still be a name: the dictionary knows it as nothing else."""
    if not analyzer().word_is_known(word):
        return True
    return all({"Name", "Surn", "Patr"} & parse.tag.grammemes for parse in safe_parse(word))


def _word_matches(token: Token, word: PatternWord, proper: bool) -> bool:
    if proper and not token.text[:1].isupper() and not _lowercase_name_ok(token.text):
        return False
    if lemmas(token.text) & word.lemmas:
        return True
    folded = _folded(token.text)
    return (
        len(word.stem) >= 3
        and folded.startswith(word.stem)
        and folded[len(word.stem):] in CASE_ENDINGS
    )


@dataclass
class NameMatcher:
    patterns: list[NamePattern] = field(default_factory=list)
    _by_lemma: dict[str, list[NamePattern]] = field(default_factory=lambda: defaultdict(list))
    # by the stem of their first word: a text word is looked up by each stem it can be (`_stems`)
    _by_stem: dict[str, list[NamePattern]] = field(default_factory=lambda: defaultdict(list))
    # Candidate patterns per distinct text word: most words of a batch repeat, so each is
    # looked up once per matcher; `add` clears it, and the size cap bounds a long batch.
    _by_word: dict[str, "_Candidates"] = field(default_factory=dict, repr=False)
    # the vocative of a person's first name ("дональде") → the persons it may address
    _vocatives: dict[str, set[Hashable]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def build(cls, entries: Iterable[NameEntry]) -> "NameMatcher":
        entries = list(entries)
        surname_owners: dict[str, set[Hashable]] = defaultdict(set)
        for entry in entries:
            if entry.surname:
                surname_owners[normalize(entry.surname)].add(entry.key)
        matcher = cls()
        for entry in entries:
            unique = entry.surname is not None and len(surname_owners[normalize(entry.surname)]) == 1
            matcher._add_entry(entry, unique)
        return matcher

    def _add_entry(self, entry: NameEntry, unique_surname: bool) -> None:
        if entry.proper and entry.given and len(words(entry.given)) == 1:
            vocative = normalize(_inflect_name_word(entry.given, "Name", "voct"))
            if vocative != normalize(entry.given):
                self._vocatives[vocative].add(entry.key)
        forms = {form for form in entry.forms if form and form.strip()}
        if unique_surname and entry.surname:
            forms.add(entry.surname)
        for form in forms:
            form_words = words(form)
            if not form_words:
                continue
            if entry.proper and len(form_words) == 1 and form != entry.surname:
                continue  # a lone first name or nickname is too ambiguous to link
            self.add(NamePattern(entry.key, tuple(map(_pattern_word, form_words)), entry.proper))

    def add(self, pattern: NamePattern) -> None:
        self._by_word.clear()
        self.patterns.append(pattern)
        first = pattern.words[0]
        for lemma in first.lemmas:
            self._by_lemma[lemma].append(pattern)
        if len(first.stem) >= 3:
            self._by_stem[first.stem].append(pattern)

    def _candidates(self, word: str) -> "_Candidates":
        cached = self._by_word.get(word)
        if cached is not None:
            return cached
        found = {id(p): p for lemma in lemmas(word) for p in self._by_lemma.get(lemma, ())}
        found.update((id(p), p) for stem in _stems(word) for p in self._by_stem.get(stem, ()))
        if len(self._by_word) >= WORD_CACHE_SIZE:
            self._by_word.clear()
        self._by_word[word] = out = _Candidates.of(found.values())
        return out

    def find(self, text: str) -> list[NameMatch]:
        """Every non-overlapping match, longest first, in text order."""
        tokens = tokenize(text)
        hits: list[tuple[int, int, NamePattern]] = []
        by_word = self._by_word
        for i, token in enumerate(tokens):
            candidates = by_word.get(token.text)
            if candidates is None:
                candidates = self._candidates(token.text)
            following = tokens[i + 1].text if i + 1 < len(tokens) else None
            for pattern in candidates.followed_by(following):
                n = len(pattern.words)
                if i + n > len(tokens):
                    continue
                span = tokens[i:i + n]
                if all(
                    _word_matches(tok, word, pattern.proper)
                    for tok, word in zip(span, pattern.words, strict=True)
                ) and all(text[a.end:b.start].isspace() for a, b in zip(span, span[1:], strict=False)):
                    hits.append((i, n, pattern))
        keys_by_span: dict[tuple[int, int], set[Hashable]] = defaultdict(set)
        for i, n, pattern in hits:
            keys_by_span[(i, n)].add(pattern.key)
        taken: set[int] = set()
        chosen: list[NameMatch] = []
        named_in_full: set[Hashable] = set()
        for (i, n), keys in sorted(keys_by_span.items(), key=lambda item: (-item[0][1], item[0][0])):
            positions = set(range(i, i + n))
            if positions & taken:
                continue
            taken |= positions
            if len(keys) > 1:
                continue  # the same words name two entities: link neither
            start, end = tokens[i].start, tokens[i + n - 1].end
            chosen.append(NameMatch(next(iter(keys)), start, end, text[start:end]))
            if n > 1:
                named_in_full.update(keys)
        if self._vocatives and named_in_full:
            chosen.extend(self._addressed(text, tokens, taken, named_in_full))
        return sorted(chosen, key=lambda m: m.start)

    def _addressed(self, text: str, tokens: list[Token], taken: set[int], named: set[Hashable]):
        """First names in the vocative ("Дональде, …") of persons this text names in full."""
        for i, token in enumerate(tokens):
            if i in taken or not token.text[:1].isupper():
                continue
            keys = self._vocatives.get(_folded(token.text), set()) & named
            if len(keys) == 1 and text[token.end:].lstrip(" ")[:1] in (",", "!"):
                yield NameMatch(next(iter(keys)), token.start, token.end, token.text)


@dataclass(frozen=True)
class _Candidates:
    """The patterns whose first word a text word can be, split by their second word.

    A common first name starts hundreds of known names; indexing the rest by the second word
    (its lemmas and its stem, the same keys as the first word) leaves the few whose next word
    can match. Every pattern offered is still checked whole.
    """

    single: tuple[NamePattern, ...]
    by_lemma: dict[str, tuple[NamePattern, ...]]
    by_stem: dict[str, tuple[NamePattern, ...]]

    @classmethod
    def of(cls, patterns: Iterable[NamePattern]) -> "_Candidates":
        single: list[NamePattern] = []
        by_lemma: dict[str, list[NamePattern]] = defaultdict(list)
        by_stem: dict[str, list[NamePattern]] = defaultdict(list)
        for pattern in patterns:
            if len(pattern.words) == 1:
                single.append(pattern)
                continue
            second = pattern.words[1]
            for lemma in second.lemmas:
                by_lemma[lemma].append(pattern)
            if len(second.stem) >= 3:
                by_stem[second.stem].append(pattern)
        return cls(tuple(single), {k: tuple(v) for k, v in by_lemma.items()},
                   {k: tuple(v) for k, v in by_stem.items()})

    def followed_by(self, word: str | None) -> Iterable[NamePattern]:
        if word is None or not (self.by_lemma or self.by_stem):
            return self.single
        found = {id(p): p for p in self.single}
        for lemma in lemmas(word):
            found.update((id(p), p) for p in self.by_lemma.get(lemma, ()))
        found.update((id(p), p) for stem in _stems(word) for p in self.by_stem.get(stem, ()))
        return found.values()


def find_mentions(text: str, entries: Iterable[NameEntry]) -> list[NameMatch]:
    return NameMatcher.build(entries).find(text)


# Endings of the second declension for masculine names the dictionary cannot inflect:
# "Кіт" → Кіта, Кітові, Кітом; "Лукашенко" (stem "Лукашенк") → Лукашенка, Лукашенкові.
_CONSONANT_ENDINGS = {"nomn": "", "gent": "а", "datv": "ові", "accs": "а", "ablt": "ом",
                      "loct": "ові", "voct": "е"}
_KO_ENDINGS = {**_CONSONANT_ENDINGS, "nomn": "о", "voct": "у"}


def _declinable_parses(word: str, tag: str) -> list:
    """Parses of `word` as a first name or surname (`tag`) whose dictionary form is the word itself."""
    folded = normalize(word)
    return [
        p for p in safe_parse(word)
        if tag in p.tag.grammemes and "Fixd" not in p.tag.grammemes and p.normal_form == folded
    ]


def _is_fixed(word: str) -> bool:
    """An indeclinable name such as "Помпео"."""
    return any("Fixd" in p.tag.grammemes for p in safe_parse(word))


def _inflect_name_word(word: str, tag: str, case: str) -> str:
    for parse in _declinable_parses(word, tag):
        inflected = parse.inflect({case})
        if inflected:
            return inflected.word
    lower = word.lower()
    if lower.endswith("ко"):
        return word[:-1] + _KO_ENDINGS[case][1:] if case != "nomn" else word
    if _is_fixed(word) or lower[-1:] in VOWELS:
        return word
    return word + _CONSONANT_ENDINGS[case]


def case_forms(name: str) -> dict[str, str]:
    """The seven case forms of a name, word by word ("Кіт Келлог" → {"ablt": "Кітом Келлогом", ...}).

    The last word is read as a surname, the others as first names, so "Кіт" is never
    declined as the noun "cat" (Кота); names the dictionary lacks take regular endings.
    """
    parts = name.split()
    out: dict[str, str] = {}
    for case in CASES:
        forms = []
        for i, word in enumerate(parts):
            tag = "Surn" if i == len(parts) - 1 else "Name"
            form = _inflect_name_word(word, tag, case)
            forms.append(form[:1].upper() + form[1:] if word[:1].isupper() else form)
        out[case] = " ".join(forms)
    return out


def pattern_word(word: str) -> PatternWord:
    """A name's word as the matcher compares it: its lemmas and its stem (cached)."""
    return _pattern_word(word)


def same_name_word(text_word: str, name_word: str) -> bool:
    """Whether a word of running text is a case form of one word of a name ("Келлогові", "Келлог")."""
    return _word_matches(Token(text_word, 0, len(text_word)), _pattern_word(name_word), proper=False)
