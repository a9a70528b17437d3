"""SQLite FTS5: a parsed query as a MATCH expression of quoted lemmas, ranked by bm25."""

from app.search.query import SearchQuery, Term

# Title words weigh more than body words.
TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0


def _quote(lemma: str) -> str:
    # A double-quoted FTS5 string is literal text: no operator inside it is interpreted.
    return '"' + lemma.replace('"', '""') + '"'


def _term(term: Term) -> str:
    # A phrase matches here when all its words are present; the order is checked afterwards.
    return " AND ".join("(" + " OR ".join(map(_quote, sorted(word))) + ")" for word in term.words)


def match_expression(query: SearchQuery) -> str:
    positive = " AND ".join(
        "(" + " OR ".join(f"({_term(t)})" for t in clause) + ")" for clause in query.clauses
    )
    negative = [t for t in query.excluded if not t.is_phrase]
    if negative:
        return f"({positive}) NOT ({' OR '.join(f'({_term(t)})' for t in negative)})"
    return positive


def hits_sql(table: str, query: SearchQuery) -> tuple[str, dict]:
    """Rows (id, rank) matching the query; a lower rank is a better match."""
    sql = (
        f"SELECT rowid AS id, bm25({table}, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS rank "
        f"FROM {table} WHERE {table} MATCH :match"
    )
    return sql, {"match": match_expression(query)}
