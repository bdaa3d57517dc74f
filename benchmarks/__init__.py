"""Benchmarks of the gereedschapskist: `python benchmarks/run.py`."""
