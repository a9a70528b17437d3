"""What search adds to list responses: the query help text and per-row snippets."""

from typing import Protocol, Self, TypeVar


class Listed(Protocol):
    """A presented row a snippet can be added to (a pydantic model with an id)."""

    @property
    def id(self) -> int: ...

    def model_copy(self, *, update: dict[str, str | None]) -> Self: ...


M = TypeVar("M", bound=Listed)

SEARCH_HELP = (
    'Full-text search in any grammatical case ("Лукашенку" finds "Лукашенком"): words must all '
    'match, "an exact phrase", OR between alternatives, -word to exclude. Results come best '
    "match first unless `sort` is given; each carries a `snippet` with the matched words in <mark>."
)


def with_snippets(items: list[M], snippets: dict[int, str | None]) -> list[M]:
    if not snippets:
        return items
    return [item.model_copy(update={"snippet": snippets.get(item.id)}) for item in items]
