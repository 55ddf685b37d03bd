"""One SparkSession for the whole run (starting one costs seconds), on local[2] as in CI, with
few shuffle partitions: the tests' data is small and each partition is a task."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator:
    from fanzha.analytics.spark import session

    spark = session("local[2]", shuffle_partitions=4, app_name="fanzha-tests")
    yield spark
    spark.stop()
