"""PostgreSQL: a parsed query as a tsquery built from bound lemmas, ranked by ts_rank."""

from app.search.query import SearchQuery, Term


class _Params(dict):
    def bind(self, value: str) -> str:
        name = f"l{len(self)}"
        self[name] = value
        return f"phraseto_tsquery('simple', :{name})"


def _term(term: Term, params: _Params) -> str:
    # A phrase matches here when all its words are present; the order is checked afterwards.
    return " && ".join(
        "(" + " || ".join(params.bind(lemma) for lemma in sorted(word)) + ")" for word in term.words
    )


def tsquery_sql(query: SearchQuery, params: _Params) -> str:
    positive = " && ".join(
        "(" + " || ".join(f"({_term(t, params)})" for t in clause) + ")" for clause in query.clauses
    )
    negative = [t for t in query.excluded if not t.is_phrase]
    if negative:
        return f"({positive}) && !!({' || '.join(f'({_term(t, params)})' for t in negative)})"
    return positive


def hits_sql(table: str, query: SearchQuery) -> tuple[str, dict]:
    """Rows (id, rank) matching the query; a lower rank is a better match."""
    params = _Params()
    tsquery = tsquery_sql(query, params)
    sql = (
        f"SELECT s.id AS id, -ts_rank(s.tsv, q.query)::float8 AS rank "
        f"FROM {table} AS s, (SELECT {tsquery} AS query) AS q WHERE s.tsv @@ q.query"
    )
    return sql, dict(params)
