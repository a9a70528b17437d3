"""Benchmarks: `make bench` runs every bench_*.py module's main(); never part of `make test`."""
