"""Connected components in DataFrames: the large-star / small-star algorithm (Kiveris et al.,
"Connected Components in MapReduce and Beyond", 2014), O(log² n) rounds whatever the graph's
diameter, so a chain of ten thousand cases takes no more rounds than a star of them.

Nodes are bigint ids; an edge (src, dst) is undirected. At convergence every edge points
from a node to its component's smallest node, which is then the component's label.
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

MAX_ROUNDS = 200  # log² of any archive's node count is far below this


class NotConverged(RuntimeError):
    """The rounds ran out (a bug, not a property of the data: the algorithm converges)."""


def _large_star(edges: DataFrame) -> DataFrame:
    """Each node's larger neighbours are hung on the smallest node of its neighbourhood."""
    both = edges.unionByName(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
    smallest = both.groupBy("src").agg(F.least(F.min("dst"), F.col("src")).alias("m"))
    return (
        both.join(smallest, "src")
        .where(F.col("dst") > F.col("src"))
        .select(F.col("dst").alias("src"), F.col("m").alias("dst"))
        .distinct()
    )


def _small_star(edges: DataFrame) -> DataFrame:
    """Each node and its smaller neighbours are hung on the smallest of them."""
    oriented = edges.select(
        F.greatest("src", "dst").alias("src"), F.least("src", "dst").alias("dst")
    ).where(F.col("src") != F.col("dst"))
    smallest = oriented.groupBy("src").agg(F.min("dst").alias("m"))
    joined = oriented.join(smallest, "src")
    hung = joined.where(F.col("dst") != F.col("m")).select(
        F.col("dst").alias("src"), F.col("m").alias("dst")
    )
    own = joined.select("src", F.col("m").alias("dst"))
    return hung.unionByName(own).distinct()


def _converged(edges: DataFrame) -> bool:
    """Stars only: no label is itself hung on another, and no node hangs on two labels."""
    labels = edges.select(F.col("dst").alias("node"))
    nodes = edges.select(F.col("src").alias("node"))
    if not labels.intersect(nodes).isEmpty():
        return False
    return edges.groupBy("src").count().where(F.col("count") > 1).isEmpty()


def components(edges: DataFrame) -> DataFrame:
    """(node, label) for every node on an edge, label = the smallest node of its component.
    `edges` has bigint columns src, dst. Raises NotConverged if MAX_ROUNDS pass."""
    current = (
        edges.select("src", "dst").where(F.col("src") != F.col("dst")).distinct().localCheckpoint()
    )
    for _ in range(MAX_ROUNDS):
        current = _small_star(_large_star(current)).localCheckpoint()
        if _converged(current):
            labelled = current.select(F.col("src").alias("node"), F.col("dst").alias("label"))
            roots = current.select(F.col("dst").alias("node"), F.col("dst").alias("label"))
            return labelled.unionByName(roots).distinct()
    raise NotConverged(MAX_ROUNDS)
