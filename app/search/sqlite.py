"""SQLite FTS5: a parsed query as a MATCH expression of quoted lemmas, ranked by bm25."""

from app.search.query import Grammar, SearchQuery

# Title words weigh more than body words.
TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0


def _quote(lemma: str) -> str:
    # A double-quoted FTS5 string is literal text: no operator inside it is interpreted.
    return '"' + lemma.replace('"', '""') + '"'


FTS5 = Grammar(and_=" AND ", or_=" OR ", but_not="({positive}) NOT ({negative})")


def match_expression(query: SearchQuery) -> str:
    return FTS5.render(query, _quote)


def hits_sql(table: str, query: SearchQuery) -> tuple[str, dict]:
    """Rows (id, rank) matching the query; a lower rank is a better match."""
    sql = (
        f"SELECT rowid AS id, bm25({table}, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS rank "
        f"FROM {table} WHERE {table} MATCH :match"
    )
    return sql, {"match": match_expression(query)}
