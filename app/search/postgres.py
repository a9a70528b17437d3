"""PostgreSQL: a parsed query as a tsquery built from bound lemmas, ranked by ts_rank."""

from app.search.query import Grammar, SearchQuery


class _Params(dict):
    def bind(self, value: str) -> str:
        name = f"l{len(self)}"
        self[name] = value
        return f"phraseto_tsquery('simple', :{name})"


TSQUERY = Grammar(and_=" && ", or_=" || ", but_not="({positive}) && !!({negative})")


def tsquery_sql(query: SearchQuery, params: _Params) -> str:
    return TSQUERY.render(query, params.bind)


def hits_sql(table: str, query: SearchQuery) -> tuple[str, dict]:
    """Rows (id, rank) matching the query; a lower rank is a better match."""
    params = _Params()
    tsquery = tsquery_sql(query, params)
    sql = (
        f"SELECT s.id AS id, -ts_rank(s.tsv, q.query)::float8 AS rank "
        f"FROM {table} AS s, (SELECT {tsquery} AS query) AS q WHERE s.tsv @@ q.query"
    )
    return sql, dict(params)
