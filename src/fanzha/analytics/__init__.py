"""The province archive (Parquet) and the Spark jobs that read it (issue 23)."""
