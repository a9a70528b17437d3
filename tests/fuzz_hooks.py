"""Schemathesis hooks for `make fuzz` (SCHEMATHESIS_HOOKS=tests.fuzz_hooks): a cursor is opaque,
so one no page handed out is a 400 however well-formed; lists are fuzzed from their first page."""

import schemathesis


@schemathesis.hook
def map_query(context, query):
    if query:
        query.pop("cursor", None)
    return query
