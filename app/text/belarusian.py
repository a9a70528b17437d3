"""Belarusian national romanisation (Instruction of 2007, adopted by the UN in 2007):
Аляксандр Лукашэнка → Aliaksandr Lukašenka, and its plain-Latin spelling with digraphs for the
diacritic letters (š → sh, ž → zh, č → ch, ŭ → u) as the EU and Belarusian media write it in
English: Aliaksandr Lukashenka.

A small table, not a library: translitua has no Belarusian system, cyrtranslit's Belarusian
table is another system (Aljaksandr), and the one package with this system is AGPL-licensed.
"""

LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "ж": "ž", "з": "z", "і": "i",
    "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ў": "ŭ", "ф": "f", "х": "ch", "ц": "c", "ч": "č", "ш": "š", "ы": "y",
    "э": "e",
}
IOTATED = {"е": "e", "ё": "o", "ю": "u", "я": "a"}  # ie/je, io/jo, iu/ju, ia/ja
SOFTENED = {"з": "ź", "л": "ĺ", "н": "ń", "с": "ś", "ц": "ć"}  # before ь
PLAIN = str.maketrans({"š": "sh", "ž": "zh", "č": "ch", "ŭ": "u", "ź": "z", "ĺ": "l", "ń": "n",
                       "ś": "s", "ć": "c", "Š": "Sh", "Ž": "Zh", "Č": "Ch", "Ŭ": "U", "Ź": "Z",
                       "Ĺ": "L", "Ń": "N", "Ś": "S", "Ć": "C"})
CONSONANTS = set("бвгґджзйклмнпрстфхцчш")


def romanize(text: str) -> str:
    """The national romanisation, with its diacritics (Лукашэнка → Lukašenka)."""
    out: list[str] = []
    for i, ch in enumerate(text):
        low = ch.lower()
        prev = text[i - 1].lower() if i else ""
        nxt = text[i + 1].lower() if i + 1 < len(text) else ""
        if low in IOTATED:
            latin = ("i" if prev in CONSONANTS else "j") + IOTATED[low]
        elif low in SOFTENED and nxt == "ь":
            latin = SOFTENED[low]
        elif low in "ь'’ʼ":
            continue
        elif low in LETTERS:
            latin = LETTERS[low]
        else:
            out.append(ch)
            continue
        out.append(latin[:1].upper() + latin[1:] if ch != low else latin)
    return "".join(out)


def romanize_plain(text: str) -> str:
    """The same in plain Latin letters (Лукашэнка → Lukashenka)."""
    return romanize(text).translate(PLAIN)
