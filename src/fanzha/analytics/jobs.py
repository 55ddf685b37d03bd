"""The province's Spark jobs over the archive (fanzha.analytics.archive), each reading the rules
the app reads (fanzha.rules) and returning DataFrames that `run` writes as Parquet.

- linking: connected components of the case–indicator graph across every city, with the app's
  exclusion list (every city's) and over-link cap (counted province-wide);
- mules: 快进快出 accounts by the app's definition, with the cities whose statements show them;
- recurring: accounts named in two or more cases (and the cities), and holders whose
  accounts are;
- kpis: the KPI roll-ups by local day, unit (and every unit above it) and KPI.
"""

from __future__ import annotations

from collections.abc import Callable

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

from fanzha import rules
from fanzha.analytics import components
from fanzha.analytics.spark import read

# A case's province-wide node id: the city's index in the sorted city list, then its own id
# (ids below 2**40 in every city).
_CITY_SHIFT = 40


def _city_index(spark: SparkSession, cases: DataFrame) -> DataFrame:
    cities = sorted(r.city for r in cases.select("city").distinct().collect())
    return spark.createDataFrame(list(enumerate(cities)), "city_ix bigint, city string")


def _node(city_ix: str = "city_ix", case_id: str = "case_id") -> Column:
    return F.shiftleft(F.col(city_ix), _CITY_SHIFT) + F.col(case_id)


def indicator_state(spark: SparkSession, archive: str, cap: int) -> DataFrame:
    """Every (kind, value) with its province-wide case count (every case naming it, voided
    ones too, as the app counts), whether any city's exclusion covers it, whether any city's
    analyst kept it linking, and `linkable` (fanzha.rules.LINKABLE)."""
    edges = read(spark, archive, "case_indicators").select(
        "city", "case_id", "kind", "value", "link_approved"
    )
    counted = edges.groupBy("kind", "value").agg(
        F.countDistinct("city", "case_id").alias("case_count"),
        F.max("link_approved").alias("link_approved"),
    )
    patterns = {
        (r.kind, rules.exclusion_like(r.pattern))
        for r in read(spark, archive, "exclusions").select("kind", "pattern").collect()
    }
    excluded = spark.createDataFrame(sorted(patterns), "ex_kind string, ex_like string")
    hits = (
        counted.join(
            F.broadcast(excluded),
            (F.col("kind") == F.col("ex_kind")) & F.expr("value LIKE ex_like"),
            "left_semi",
        )
        .select("kind", "value")
        .withColumn("excluded_by_id", F.lit(1))
    )
    state = counted.join(hits, ["kind", "value"], "left").alias("i")
    linkable = rules.LINKABLE.replace(":cap", str(int(cap)))
    return state.withColumn("linkable", F.expr(linkable))


def linking(spark: SparkSession, archive: str, *, cap: int = rules.LINKING_CAP) -> DataFrame:
    """Gangs across the province: one row per member case (gang = the smallest member's node
    id, city, case_id, case_no, cities = how many cities the gang spans)."""
    cases = read(spark, archive, "cases").select(
        "city", F.col("id").alias("case_id"), "case_no", "status"
    )
    cities = _city_index(spark, cases)
    live = cases.where(F.col("status") != rules.VOIDED).join(F.broadcast(cities), "city")
    live = live.withColumn("node", _node())
    linkable = indicator_state(spark, archive, cap).where("linkable").select("kind", "value")
    edges = (
        read(spark, archive, "case_indicators")
        .select("city", "case_id", "kind", "value")
        .join(linkable, ["kind", "value"], "left_semi")
        .join(live.select("city", "case_id", "node"), ["city", "case_id"])
    )
    # A value's cases hang on its smallest one: as connected as every pair, in linear edges.
    hub = edges.groupBy("kind", "value").agg(F.min("node").alias("hub"))
    star = edges.join(hub, ["kind", "value"]).select(
        F.col("node").alias("src"), F.col("hub").alias("dst")
    )
    labels = components.components(star)
    members = labels.join(live, "node").select(
        F.col("label").alias("gang"), "city", "case_id", "case_no"
    )
    spans = members.groupBy("gang").agg(F.countDistinct("city").alias("cities"))
    return members.join(spans, "gang")


def _statement_rows(spark: SparkSession, archive: str) -> DataFrame:
    """Statement rows province-wide; a bank row two cities imported counts once."""
    return read(spark, archive, "statement_rows").dropDuplicates(["fingerprint"])


# fanzha.linking.watch's `_PASSING` in Spark SQL: the day's totals and end balance in Spark's
# words, the rest (PASS_DAY, NEXT_OUT, FAST_MINUTES) the very text the app runs.
_MULES = f"""
WITH daily AS (
    SELECT account, to_date(from_utc_timestamp(at, '{rules.LOCAL_TZ}')) AS day,
           coalesce(sum(CASE WHEN direction = 'in' THEN amount_fen END), 0) AS in_fen,
           coalesce(sum(CASE WHEN direction = 'out' THEN amount_fen END), 0) AS out_fen,
           max(struct(at, id, city, balance_fen)).balance_fen AS end_balance
    FROM statement_rows GROUP BY account, to_date(from_utc_timestamp(at, '{rules.LOCAL_TZ}'))
),
passing AS (
    SELECT account, count(*) AS days, sum(in_fen) AS through_fen
    FROM daily WHERE {rules.PASS_DAY}
    GROUP BY account
),
gaps AS (
    SELECT account, (unix_micros(next_out) - unix_micros(at)) / 60000000.0 AS minutes
    FROM (
        SELECT account, at, direction, {rules.NEXT_OUT} AS next_out
        FROM statement_rows LEFT SEMI JOIN passing USING (account)
    ) x
    WHERE direction = 'in' AND next_out IS NOT NULL
),
speed AS (
    SELECT account, percentile(minutes, 0.5) AS median_minutes FROM gaps GROUP BY account
)
SELECT p.account, p.days AS pass_days, p.through_fen, s.median_minutes
FROM passing p JOIN speed s USING (account) WHERE s.median_minutes <= {rules.FAST_MINUTES}
"""


def mules(spark: SparkSession, archive: str) -> DataFrame:
    """快进快出 accounts (account, pass_days, through_fen, median_minutes) and the cities whose
    statements show them (cities: sorted codes, city_count)."""
    _statement_rows(spark, archive).createOrReplaceTempView("statement_rows")
    found = spark.sql(_MULES)
    # Every city whose statements show the account, the copies dropped above included.
    seen = (
        read(spark, archive, "statement_rows")
        .groupBy("account")
        .agg(F.sort_array(F.collect_set("city")).alias("cities"))
    )
    return found.join(seen, "account").withColumn("city_count", F.size("cities"))


def _holders(spark: SparkSession, archive: str) -> DataFrame:
    """One holder per account: the bank's 人员信息 (name, ID number) where a city has it, else
    the name victims saw on their transfers."""
    banks = (
        read(spark, archive, "account_holders")
        .groupBy("account")
        .agg(F.max("name").alias("bank_name"), F.max("id_number").alias("id_number"))
    )
    named = (
        read(spark, archive, "transfers")
        .where(F.col("receiving_name") != "")
        .groupBy(F.col("receiving_account").alias("account"))
        .agg(F.min("receiving_name").alias("transfer_name"))
    )
    return banks.join(named, "account", "full").select(
        "account",
        F.coalesce(F.nullif(F.col("bank_name"), F.lit("")), "transfer_name", F.lit("")).alias(
            "holder_name"
        ),
        F.coalesce("id_number", F.lit("")).alias("holder_id_number"),
    )


def recurring(spark: SparkSession, archive: str) -> tuple[DataFrame, DataFrame]:
    """(accounts, holders). Accounts named in MULTI_CASE_MIN or more cases province-wide, not
    excluded (account, case_count, city_count, cities, cases as "city:case_no", the holder).
    Holders (by ID number, else name) whose accounts are named in that many cases together
    (holder_name, holder_id_number, account_count, case_count, city_count, accounts, cities,
    cases as "city:case_no", account_cases as "account|city:case_no": which cases name which
    of the holder's accounts, so the app shows a 分局 only the accounts of its own cases)."""
    state = indicator_state(spark, archive, rules.LINKING_CAP).where(
        "kind = 'account' AND excluded_by_id IS NULL"
    )
    cases = read(spark, archive, "cases").select("city", F.col("id").alias("case_id"), "case_no")
    named = (
        read(spark, archive, "case_indicators")
        .where("kind = 'account'")
        .join(state.select("kind", "value"), ["kind", "value"], "left_semi")
        .join(cases, ["city", "case_id"])
        .select(F.col("value").alias("account"), "city", "case_id", "case_no")
        .join(_holders(spark, archive), "account", "left")
        # Both outputs read it: computed once. Spark finds a cached plan by its meaning, so
        # `run` building the two outputs by two calls still computes it once.
        .cache()
    )
    key = F.concat_ws(":", "city", "case_no")
    accounts = (
        named.groupBy("account")
        .agg(
            F.countDistinct("city", "case_id").alias("case_count"),
            F.sort_array(F.collect_set("city")).alias("cities"),
            F.sort_array(F.collect_set(key)).alias("cases"),
            F.max("holder_name").alias("holder_name"),
            F.max("holder_id_number").alias("holder_id_number"),
        )
        .where(F.col("case_count") >= rules.MULTI_CASE_MIN)
        .withColumn("city_count", F.size("cities"))
    )
    holder = F.when(F.col("holder_id_number") != "", F.col("holder_id_number")).otherwise(
        F.col("holder_name")
    )
    holders = (
        named.where(F.coalesce("holder_name", F.lit("")) != "")
        .withColumn("holder", holder)
        .groupBy("holder")
        .agg(
            F.max("holder_name").alias("holder_name"),
            F.max("holder_id_number").alias("holder_id_number"),
            F.countDistinct("account").alias("account_count"),
            F.countDistinct("city", "case_id").alias("case_count"),
            F.sort_array(F.collect_set("account")).alias("accounts"),
            F.sort_array(F.collect_set("city")).alias("cities"),
            F.sort_array(F.collect_set(key)).alias("cases"),
            F.sort_array(F.collect_set(F.concat_ws(rules.ACCOUNT_CASE_SEP, "account", key))).alias(
                "account_cases"
            ),
        )
        .where(F.col("case_count") >= rules.MULTI_CASE_MIN)
        .withColumn("city_count", F.size("cities"))
        .drop("holder")
    )
    return accounts, holders


def kpis(spark: SparkSession, archive: str) -> DataFrame:
    """fanzha.rules.KPIS over the non-voided cases by (city, local day of the report, unit and
    each unit above it): one row per (city, day, unit_id, unit_name, kpi, value)."""
    units = read(spark, archive, "units").select("city", F.col("id").alias("unit_id"), "path")
    cases = (
        read(spark, archive, "cases")
        .where(F.col("status") != rules.VOIDED)
        .withColumn("day", F.to_date(F.from_utc_timestamp("reported_at", rules.LOCAL_TZ)))
        .join(units, ["city", "unit_id"])
    )
    ancestors = F.expr("filter(split(path, '/'), p -> p != '')")
    rolled = cases.withColumn("unit", F.explode(ancestors)).withColumn(
        "unit", F.col("unit").cast("bigint")
    )
    figures = rolled.groupBy("city", "day", "unit").agg(
        *[F.expr(expr).cast("bigint").alias(name) for name, expr in rules.KPIS.items()]
    )
    stack = ", ".join(f"'{name}', `{name}`" for name in rules.KPIS)
    long = figures.select(
        "city", "day", "unit", F.expr(f"stack({len(rules.KPIS)}, {stack}) AS (kpi, value)")
    )
    names = read(spark, archive, "units").select(
        "city", F.col("id").alias("unit"), F.col("name").alias("unit_name")
    )
    return long.join(names, ["city", "unit"], "left").withColumnRenamed("unit", "unit_id")


def _recurring_accounts(spark: SparkSession, archive: str) -> DataFrame:
    return recurring(spark, archive)[0]


def _recurring_holders(spark: SparkSession, archive: str) -> DataFrame:
    return recurring(spark, archive)[1]


# JOB name → the outputs it writes (output name → the DataFrame builder).
JOBS: dict[str, dict[str, Callable[[SparkSession, str], DataFrame]]] = {
    "linking": {"gangs": linking},
    "mules": {"mules": mules},
    "recurring": {
        "recurring_accounts": _recurring_accounts,
        "recurring_holders": _recurring_holders,
    },
    "kpis": {"kpis": kpis},
}


def run(
    spark: SparkSession, job: str, archive: str, out: str, *, cap: int | None = None
) -> dict[str, int]:
    """Run one job (a JOBS key) over the archive and write each output as Parquet under
    `out/<output>/` (replaced whole); rows written per output. `cap`: linking's over-link cap
    (default fanzha.rules.LINKING_CAP)."""
    written = {}
    for name, build in JOBS[job].items():
        if build is linking and cap is not None:
            frame = linking(spark, archive, cap=cap).cache()
        else:
            frame = build(spark, archive).cache()
        frame.write.mode("overwrite").parquet(f"{out.rstrip('/')}/{name}")
        written[name] = frame.count()
        frame.unpersist()
    return written
