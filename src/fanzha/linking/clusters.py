"""Case linking as connected components of the case–indicator graph.

Pure: plain ids in, groups out (numpy and scipy.sparse, no database), so the same code runs
on a district's few hundred cases and in the benchmark's 200,000.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def components(
    case_ids: Sequence[int] | np.ndarray,
    indicator_ids: Sequence[int] | np.ndarray,
    merges: Iterable[tuple[int, int]] = (),
) -> list[list[int]]:
    """Groups of two or more cases joined through shared indicators (edge i is case_ids[i] –
    indicator_ids[i]) or through an analyst's merge of two cases. Each group sorted, groups in
    order of their smallest case."""
    cases = np.asarray(case_ids, dtype=np.int64)
    indicators = np.asarray(indicator_ids, dtype=np.int64)
    pairs = np.asarray(list(merges), dtype=np.int64).reshape(-1, 2)
    every_case = np.concatenate([cases, pairs[:, 0], pairs[:, 1]])
    if every_case.size == 0:
        return []
    case_nodes, case_index = np.unique(every_case, return_inverse=True)
    _, indicator_index = np.unique(indicators, return_inverse=True)
    n, edges, merged = case_nodes.size, cases.size, pairs.shape[0]
    # Indicators are nodes after the cases; a merge is an edge between two case nodes.
    rows = np.concatenate([case_index[:edges], case_index[edges : edges + merged]])
    cols = np.concatenate([n + indicator_index, case_index[edges + merged :]])
    size = n + (int(indicator_index.max()) + 1 if edges else 0)
    graph = coo_matrix((np.ones(rows.size, dtype=np.int8), (rows, cols)), shape=(size, size))
    _, labels = connected_components(graph.tocsr(), directed=False)
    case_labels = labels[:n]
    order = np.argsort(case_labels, kind="stable")  # case_nodes is sorted: groups stay sorted
    sorted_labels = case_labels[order]
    bounds = np.flatnonzero(np.diff(sorted_labels)) + 1
    groups = [g for g in np.split(case_nodes[order], bounds) if g.size >= 2]
    groups.sort(key=lambda g: int(g[0]))
    return [g.tolist() for g in groups]


@dataclass(frozen=True)
class Assignment:
    gang_id: int | None  # None: a new gang
    cases: list[int]


def assign(
    groups: Sequence[Sequence[int]],
    current: Mapping[int, int],
    preferred: Iterable[int] = (),
) -> list[Assignment]:
    """Give each recomputed group the id of the existing gang it shares most cases with, so
    names, units and confirmations outlive recomputation. Each gang goes to one group at most;
    `preferred` gangs (confirmed by an analyst) are placed first, then larger overlaps, then
    older gangs."""
    favour = set(preferred)
    overlap: Counter[tuple[int, int]] = Counter(
        (index, current[case])
        for index, group in enumerate(groups)
        for case in group
        if case in current
    )
    taken_groups: dict[int, int] = {}
    taken_gangs: set[int] = set()
    ranked = sorted(
        overlap.items(), key=lambda item: (item[0][1] not in favour, -item[1], item[0][1])
    )
    for (index, gang_id), _ in ranked:
        if index not in taken_groups and gang_id not in taken_gangs:
            taken_groups[index] = gang_id
            taken_gangs.add(gang_id)
    return [Assignment(taken_groups.get(i), list(group)) for i, group in enumerate(groups)]
