"""Benchmarks and profilers: each prints figures and asserts nothing (docs/dev/benchmarks.md).

Run from the project root as `.venv/bin/python -m bench.<name>`; nothing outside this folder
imports from it, except the tests that reuse its roster files.
"""
