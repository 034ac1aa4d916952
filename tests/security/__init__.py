"""Fuzz and hostile-input tests."""
