"""A Spark session set up for the archive, and the archive's datasets as DataFrames.

The jobs use DataFrames and Spark SQL only (no Python UDFs), so executors need no Python
package of ours: only the driver imports fanzha. Nothing is downloaded at run time (no
`--packages`): connected components are written here, not taken from GraphFrames.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession

from fanzha.analytics.archive import SCHEMAS

# Partition values stay strings: a city code such as "320100" is a code, not a number.
_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.adaptive.enabled": "true",
}


def session(
    master: str | None = "local[*]",
    *,
    shuffle_partitions: int | None = None,
    app_name: str = "fanzha-analytics",
) -> SparkSession:
    """The job's SparkSession. `master` None leaves it to spark-submit; on local[N] the
    shuffles use 2×N partitions unless told. Spark's own log says errors only once the session
    is up (its INFO lines name files and hosts, never rows, but they drown the job's output);
    the JVM's three start-up lines on stderr remain."""
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for key, value in _CONF.items():
        builder = builder.config(key, value)
    if shuffle_partitions is None and master and master.startswith("local["):
        cores = master[6:-1].split(",")[0]  # local[4] or local[4,2] (retries)
        n = (os.cpu_count() or 2) if cores in ("*", "") else int(cores)
        shuffle_partitions = 2 * n
    if shuffle_partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


_SPARK_TYPES = {
    pa.int64(): "bigint",
    pa.string(): "string",
    pa.bool_(): "boolean",
    pa.timestamp("us", tz="UTC"): "timestamp",
}


def ddl(dataset: str, *, month: bool = True) -> str:
    """The dataset's Spark schema (with its partition columns) from the archive's schema."""
    fields = [f"`{f.name}` {_SPARK_TYPES[f.type]}" for f in SCHEMAS[dataset]]
    fields.append("city string")
    if month:
        fields.append("month string")
    return ", ".join(fields)


def read(spark: SparkSession, archive: str, dataset: str) -> DataFrame:
    """One dataset of the archive with its partition columns (city, and month where it is
    split by month); an empty frame of the right schema when no city has written it."""
    path = f"{archive.rstrip('/')}/{dataset}"
    if "://" not in path and not Path(path).exists():
        month = dataset not in ("exclusions", "units", "account_holders")
        return spark.createDataFrame([], ddl(dataset, month=month))
    return spark.read.option("basePath", path).parquet(path)
