"""Reproducible benchmarks: a deterministic data generator and page timings, printed as JSON (`make bench`)."""
