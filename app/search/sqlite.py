"""SQLite FTS5: a parsed query as a MATCH expression of quoted lemmas, ranked by bm25.

A word is an OR of its lemmas. A phrase is its words AND-ed, plus, for every two adjacent
words, an OR of their lemma pairs in the `pairs` column (app/search/shadow.py): a two-word
phrase is exact, a longer one matches where each adjacent pair of its words stands together.
"""

from app.search.query import Grammar, SearchQuery, Term
from app.search.shadow import pair_lemmas, pair_token

# Title words weigh more than body words; pairs only select, they do not rank.
TITLE_WEIGHT, BODY_WEIGHT, PAIRS_WEIGHT = 4.0, 1.0, 0.0


def _quote(lemma: str) -> str:
    # A double-quoted FTS5 string is literal text: no operator inside it is interpreted.
    return '"' + lemma.replace('"', '""') + '"'


def _any(alternatives) -> str:
    return "(" + " OR ".join(_quote(x) for x in sorted(alternatives)) + ")"


def term_expression(term: Term) -> str:
    found = [_any(word) for word in term.words]
    paired = [pair_lemmas(form) for form in term.forms]
    found += ["pairs : " + _any(pair_token(a, b) for a in first for b in second)
              for first, second in zip(paired, paired[1:], strict=False)]
    return " AND ".join(found)


FTS5 = Grammar(and_=" AND ", or_=" OR ", but_not="({positive}) NOT ({negative})")


def match_expression(query: SearchQuery) -> str:
    return FTS5.render(query, term_expression)


def hits_sql(table: str, query: SearchQuery, window: int | None = None) -> tuple[str, dict]:
    """Rows (id, rank) matching the query; a lower rank is a better match.

    With `window`, only the newest `window` matches (highest ids; FTS5 walks them in rowid
    order without scoring) get a bm25 score and take part: a word in nearly every row costs
    `window` scores, not one per row.
    """
    sql = (
        f"SELECT rowid AS id, bm25({table}, {TITLE_WEIGHT}, {BODY_WEIGHT}, {PAIRS_WEIGHT}) AS rank "
        f"FROM {table} WHERE {table} MATCH :match"
    )
    if window is not None:
        sql += (f" AND rowid >= (SELECT coalesce(min(rowid), 0) FROM (SELECT rowid FROM {table} "
                f"WHERE {table} MATCH :match ORDER BY rowid DESC LIMIT {int(window)}))")
    return sql, {"match": match_expression(query)}
