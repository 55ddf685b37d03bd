"""The Spark session is tests/conftest.py's `spark` (one per run, shared with tests/province)."""
