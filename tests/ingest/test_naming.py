"""Every spelling of a known person links to them; ordinary words never do (POST /v1/documents)."""

import pytest

from tests.ingest.naming_cases import CASES
from tests.ingest.test_documents import ingest


def person_mentions(client, sentence: str, n: int) -> list[tuple[str, str]]:
    text = f"Перевірка імен {n}\n\n{sentence}"
    data = ingest(client, text).json()
    return [(m["surface"], m["entity"]["slug"]) for m in data["mentions"]
            if m["field"] == "body" and m["entity"]["kind"] == "person"]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[f"pattern{i}" for i in range(len(CASES))])
def test_naming_patterns_link_the_known_person_over_the_whole_span(client, sentence, expected):
    assert person_mentions(client, sentence, 0) == expected


def test_precision_and_recall_over_the_whole_set(client):
    """The measure reported for issue 14: every expected mention found, nothing else."""
    found = expected = right = 0
    for n, (sentence, wanted) in enumerate(CASES):
        got = person_mentions(client, sentence, n + 1)
        found, expected = found + len(got), expected + len(wanted)
        right += len(set(got) & set(wanted))
    assert len(CASES) >= 25
    assert (right, right) == (found, expected)


@pytest.mark.parametrize("q", ["Лукашэнка", "Aliaksandr Lukashenka", "Aliaksandr Lukašenka", "Lukashenka"])
def test_belarusian_spellings_find_the_person(client, q):
    items = client.get("/v1/persons", params={"q": q}).json()["items"]
    assert [p["slug"] for p in items][:1] == ["alexander-lukashenko"], q
    aliases = {a["alias"] for a in client.get("/v1/persons/alexander-lukashenko").json()["aliases"]}
    assert {"Аляксандр Лукашэнка", "Aliaksandr Lukashenka", "Aliaksandr Lukašenka"} <= aliases
