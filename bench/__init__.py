"""Benchmarks: each prints its figures and ratios (``make bench``)."""
