"""The HTTP layer: routers, dependencies, representations, negotiation, conditional requests, docs."""
