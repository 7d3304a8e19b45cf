"""Shared infrastructure below every app: the clock, the application errors, the throttled task
kick and the broker circuit. It imports no app (tests/test_core.py checks it)."""
