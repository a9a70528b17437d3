"""The prefix every case form of a word starts with: cheap pre-filters for morphology.

"Келлог", "Келлога", "Келлогові" all start with "келлог"; a text that never contains the
prefix (in any letter case) cannot name the word in any form. Re-linking uses it to pick
the few articles worth matching; snippets use it to jump to the first match.
"""

from functools import lru_cache
from os.path import commonprefix

from app.text.morph import analyzer, lemmas
from app.text.names import VOWELS
from app.text.normalize import normalize


@lru_cache(maxsize=20_000)
def shared_prefix(word: str) -> str:
    """The prefix every case form of the word starts with, lowercased ("кіт" → "к")."""
    folded = normalize(word)
    forms = [folded, folded[:-1] if len(folded) > 3 and folded[-1] in VOWELS else folded]
    wanted = lemmas(word)
    for parse in analyzer().parse(folded):
        if parse.normal_form in wanted:
            forms.extend(form.word for form in parse.lexeme)
    prefix = commonprefix(forms)
    for i, ch in enumerate(prefix):
        if not ch.isalpha():  # apostrophes and hyphens are spelt several ways in texts
            return prefix[:i]
    return prefix
