"""Benchmarks: `make bench` runs every bench_*.py module's main(); `make test` runs three of them
tiny (tests/test_benches.py) so that they keep working, and times nothing."""

# The anonymous rate limit for a benchmark's server: its load is thousands of requests from one
# address, which the default limit would answer with 429s.
UNLIMITED = "1000000000/minute"
