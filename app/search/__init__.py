"""Search: lemma shadows per engine (FTS5, tsvector), name search, the cross-kind search."""
