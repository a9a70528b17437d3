"""Analytical reads over events and articles: timeline, relations, graph, facets, vocabularies."""
