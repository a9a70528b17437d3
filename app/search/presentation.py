"""What search adds to list responses: the query help text and per-row snippets."""

from typing import TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

SEARCH_HELP = (
    'Full-text search in any grammatical case ("Лукашенку" finds "Лукашенком"): words must all '
    'match, "an exact phrase", OR between alternatives, -word to exclude. Results come best '
    "match first unless `sort` is given; each carries a `snippet` with the matched words in <mark>."
)


def with_snippets(items: list[M], snippets: dict[int, str | None]) -> list[M]:
    if not snippets:
        return items
    return [item.model_copy(update={"snippet": snippets.get(item.id)}) for item in items]
