"""The fund-flow graph (资金流向图) of one victim's money, laid out in levels left to right.

Plain data in (a trace), plain data out (nodes and links ECharts draws as they are). Big
flows stay readable: past `per_level` accounts in a level, the smallest are folded into
one "其他 N 个账户" node of that level, with their money and links added up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from fanzha import clock
from fanzha.fundflow.tracing import AccountFlow, Trace
from fanzha.i18n import fundflow as i18n
from fanzha.masking import mask_name
from fanzha.money import format_yuan

STATUS_LABELS = i18n.GRAPH_STATUSES
STATUS_COLORS = {
    "held": "#c62828",
    "cash": "#ef6c00",
    "spent": "#6a1b9a",
    "passed": "#1565c0",
    "unknown": "#9e9e9e",
    "victim": "#2e7d32",
    "folded": "#78909c",
}
LEVEL_NAMES = i18n.LEVEL_DIGITS
X_STEP, Y_STEP = 300, 70
SHORT_OVER = 11  # account numbers longer than this show as first 4 … last 4 on the graph


def short_account(account: str) -> str:
    """`account` as drawn beside its node: 6217001111222233334 -> 6217…3334."""
    return f"{account[:4]}…{account[-4:]}" if len(account) > SHORT_OVER else account


def level_name(level: int) -> str:
    return i18n.LEVEL.format(n=LEVEL_NAMES[level - 1] if 1 <= level <= len(LEVEL_NAMES) else level)


def status_of(flow: AccountFlow, victim: str) -> str:
    """What mostly happened to the victim's money here, for the node's colour."""
    if not flow.has_statement:
        return "unknown"
    parts = {
        "held": flow.total("held", [victim]),
        "cash": flow.total("cash", [victim]),
        "spent": flow.total("spent", [victim]),
        "passed": sum(flow.total(f, [victim]) for f in ("passed", "late", "untraced")),
    }
    return max(parts, key=lambda k: (parts[k], k == "held"))


@dataclass
class Node:
    id: str
    name: str
    level: int
    status: str
    received_fen: int
    held_fen: int = 0
    accounts: list[str] = field(default_factory=list)  # the folded ones, for a folded node
    shared_with: list[str] = field(default_factory=list)
    holder: str = ""


def build(
    trace: Trace,
    victim: str,
    *,
    victim_name: str,
    names: dict[str, tuple[str, str]],
    shared: dict[str, list[str]],
    per_level: int = 40,
) -> dict:
    """ECharts graph data for `victim`'s money: nodes with x/y, links with labels."""
    flows = [f for f in trace.accounts.values() if f.received.get(victim)]
    nodes: dict[str, Node] = {
        "victim": Node("victim", victim_name or i18n.VICTIM, 0, "victim", 0),
    }
    fold_of: dict[str, str] = {}
    by_level: dict[int, list[AccountFlow]] = defaultdict(list)
    for flow in flows:
        by_level[flow.level].append(flow)
    for level, members in sorted(by_level.items()):
        members.sort(key=lambda f: (-f.received[victim], f.account))
        keep, fold = members[:per_level], members[per_level:]
        for flow in keep:
            holder = mask_name(names.get(flow.account, ("", ""))[0])
            nodes[flow.account] = Node(
                flow.account,
                f"{flow.account}\n{holder}" if holder else flow.account,
                level,
                status_of(flow, victim),
                flow.received[victim],
                flow.total("held", [victim]),
                shared_with=shared.get(flow.account, []),
                holder=holder,
            )
        if fold:
            fid = f"folded-{level}"
            fold_of.update({f.account: fid for f in fold})
            nodes[fid] = Node(
                fid,
                i18n.FOLDED.format(count=len(fold)),
                level,
                "folded",
                sum(f.received[victim] for f in fold),
                sum(f.total("held", [victim]) for f in fold),
                accounts=[f.account for f in fold],
            )

    links: dict[tuple[str, str], dict] = {}

    def link(source: str, target: str, fen: int, first: datetime | None, count: int) -> None:
        source, target = fold_of.get(source, source), fold_of.get(target, target)
        entry = links.setdefault(
            (source, target), {"fen": 0, "count": 0, "first": first, "last": first}
        )
        entry["fen"] += fen
        entry["count"] += count
        if first and (entry["first"] is None or first < entry["first"]):
            entry["first"] = first

    for seed in trace.seeds:
        if seed.victim == victim:
            nodes["victim"].received_fen += seed.amount_fen
            link("victim", seed.account, seed.amount_fen, seed.at, 1)
    for edge in trace.edges:
        fen = edge.by_victim.get(victim, 0)
        if fen and edge.source in trace.accounts and edge.target in trace.accounts:
            link(edge.source, edge.target, fen, edge.first_at, edge.count)

    biggest = max((n.received_fen for n in nodes.values()), default=1) or 1
    columns: dict[int, list[Node]] = defaultdict(list)
    for node in nodes.values():
        columns[node.level].append(node)
    data = []
    for level, column in columns.items():
        for row, node in enumerate(column):
            data.append(
                {
                    "id": node.id,
                    "name": node.name,
                    # The drawn label is short; the tooltip shows the full number and holder.
                    "label": node.name
                    if node.status in ("victim", "folded")
                    else "\n".join(filter(None, (short_account(node.id), node.holder))),
                    "account": "" if node.status in ("victim", "folded") else node.id,
                    "holder": node.holder,
                    "value": node.received_fen,
                    "x": level * X_STEP,
                    "y": (row - (len(column) - 1) / 2) * Y_STEP,
                    "symbolSize": round(14 + 36 * (node.received_fen / biggest) ** 0.5),
                    "itemStyle": {"color": STATUS_COLORS[node.status]},
                    "level": level,
                    "levelName": i18n.VICTIM if level == 0 else level_name(level),
                    "status": node.status,
                    "statusLabel": STATUS_LABELS[node.status],
                    "received": format_yuan(node.received_fen),
                    "held": format_yuan(node.held_fen),
                    "folded": node.accounts,
                    "shared": node.shared_with,
                }
            )
    edges = [
        {
            "source": source,
            "target": target,
            "value": entry["fen"],
            "label": f"¥{format_yuan(entry['fen'])} · {clock.local(entry['first'], '%m-%d %H:%M')}"
            + (i18n.EDGE_COUNT.format(count=entry["count"]) if entry["count"] > 1 else ""),
            "lineStyle": {"width": 1 + round(5 * (entry["fen"] / biggest) ** 0.5)},
        }
        for (source, target), entry in links.items()
    ]
    return {
        "nodes": data,
        "links": edges,
        "legend": [
            {"status": s, "label": STATUS_LABELS[s], "color": STATUS_COLORS[s]}
            for s in ("victim", "held", "cash", "spent", "passed", "unknown", "folded")
        ],
    }
