"""Years a text mentions ("у 2020 році", "виборів 2020 року", "2022 р.")."""

import re

YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)(?=\s*(?:р\.|рок|рік|році|-|–|\s|[,.;:)»]|$))")


def years_mentioned(text: str) -> list[int]:
    return sorted({int(m.group(1)) for m in YEAR_RE.finditer(text)})
