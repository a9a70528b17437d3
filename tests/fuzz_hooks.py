"""Schemathesis hooks for `make fuzz` (SCHEMATHESIS_HOOKS=tests.fuzz_hooks).

A cursor is opaque: the only valid ones are the `next_cursor`s the API hands out, which no
schema can enumerate, so a made-up one is a 400 however well-formed (declared: every list
declares 400 for "a malformed cursor"). Positive cases are therefore sent from the first page,
in every phase (`map_query` alone missed the coverage phase); negative ones keep their broken
cursor, which must still be refused."""

import schemathesis


def _positive(case) -> bool:
    meta = getattr(case, "meta", None)
    return meta is None or meta.generation.mode.is_positive


@schemathesis.hook
def before_call(context, case, **kwargs):
    if case.query and "cursor" in case.query and _positive(case):
        case.query.pop("cursor")
