"""A text's analysis, bounded and done before any write: the known names it mentions and the
unknown people it names.

The caps keep one request's work and its answer bounded whatever the text (a 1 MB page of
nothing but names): past them the rest is left out and the analysis says it was truncated.
Both finders are linear in the text's length (one pass over its words; overlap with the known
names' spans is a binary search), so nothing here grows with the square of the text.
"""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from app.mentions.linking import compute_mentions
from app.models import Article
from app.text.names import NameMatcher
from app.text.new_names import FoundName, find_person_names

MAX_MENTIONS = 2_000  # mentions of known names stored per article
MAX_CANDIDATES = 100  # distinct unknown people proposed per article
MAX_CANDIDATE_MENTIONS = 1_000  # their mentions recorded per article
FIELDS = ("title", "body")

Found = dict[str, list[tuple[str, FoundName]]]  # candidate key → (field, where) in text order


@dataclass
class Analysis:
    mentions: list[dict]  # mention rows; `article_id` is set when the article is stored
    names: Found
    truncated: bool  # a cap left mentions or candidates out


def unlinked_names(
    article: Article, spans: list[tuple[str, int, int]],
    max_names: int | None = None, max_hits: int | None = None,
) -> tuple[Found, bool]:
    """First name + surname pairs in the article that no known name's span covers, by key
    (at most `max_names` keys and `max_hits` hits; the flag says whether any were left out)."""
    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for field, start, end in spans:
        taken[field].append((start, end))
    found: Found = defaultdict(list)
    hits, truncated = 0, False
    for field in FIELDS:
        # a matcher's spans never overlap, so sorted by start their ends are sorted too: the
        # only span that can overlap [start, end) is the last one starting before `end`
        ordered = sorted(taken[field])
        starts = [start for start, _ in ordered]
        for name in find_person_names(getattr(article, field)):
            j = bisect_left(starts, name.end) - 1
            if j >= 0 and ordered[j][1] > name.start:
                continue
            if (max_hits is not None and hits >= max_hits) or (
                max_names is not None and name.key not in found and len(found) >= max_names
            ):
                truncated = True
                continue
            found[name.key].append((field, name))
            hits += 1
    return dict(found), truncated


def analyse(title: str, body: str, matcher: NameMatcher) -> Analysis:
    """The bounded analysis of an article's text; reads nothing from the database."""
    draft = Article(title=title, body=body, slug="", content_hash="")  # transient: never stored
    mentions = compute_mentions(draft, matcher)
    spans = [(m["field"], m["start"], m["end"]) for m in mentions]
    names, names_truncated = unlinked_names(draft, spans, MAX_CANDIDATES, MAX_CANDIDATE_MENTIONS)
    truncated = names_truncated or len(mentions) > MAX_MENTIONS
    return Analysis(mentions[:MAX_MENTIONS], names, truncated)
