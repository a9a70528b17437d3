"""PostgreSQL: a parsed query as one bound tsquery of quoted lemmas, ranked by ts_rank.

Every lemma of a word sits at that word's position in the tsvector (migration 0012search),
so a phrase is `(a | b) <-> (c)`: exact, in the index. Positions stop at 16,383 (tsvector's
limit), so phrases are matched within a text's first 16,383 words.
"""

from app.search.query import Grammar, SearchQuery, Term


def _lexeme(lemma: str) -> str:
    # A quoted tsquery lexeme is taken as written: no operator, weight or prefix inside it.
    return "'" + lemma.replace("\\", "\\\\").replace("'", "''") + "'"


def term_tsquery(term: Term) -> str:
    return " <-> ".join("(" + " | ".join(_lexeme(x) for x in sorted(word)) + ")" for word in term.words)


TSQUERY = Grammar(and_=" & ", or_=" | ", but_not="({positive}) & !({negative})")


def tsquery_text(query: SearchQuery) -> str:
    return TSQUERY.render(query, term_tsquery)


def hits_sql(table: str, query: SearchQuery, window: int | None = None) -> tuple[str, dict]:
    """Rows (id, rank) matching the query; a lower rank is a better match.

    With `window`, as on SQLite, only the newest `window` matches (highest ids, found in the GIN
    index without reading a tsvector) are ranked and take part: `ts_rank` reads each row's
    tsvector, so a word in nearly every row would cost one read per row; and both engines then
    rank the same rows."""
    sql = (
        f"SELECT s.id AS id, -ts_rank(s.tsv, q.query)::float8 AS rank "
        f"FROM {table} AS s, (SELECT CAST(:query AS tsquery) AS query) AS q WHERE s.tsv @@ q.query"
    )
    if window is not None:
        # `s.id + 0`: a filter on the rows the text index found, not a second index scan of the
        # primary key ANDed in (planned before the bound is known, it read all 100,000 ids)
        sql += (f" AND s.id + 0 >= (SELECT coalesce(min(id), 0) FROM (SELECT id FROM {table} "
                f"WHERE tsv @@ CAST(:query AS tsquery) ORDER BY id DESC LIMIT {int(window)}) AS newest)")
    return sql, {"query": tsquery_text(query)}
