"""Treatment fixtures live in tests/conftest.py (shared with the outcomes tests)."""
