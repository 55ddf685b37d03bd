"""`make bench`: run every benchmark on a fresh embedded PostgreSQL, print a table, and write
bench/results/latest.json (plus a timestamped copy). `python -m bench cases` runs only the
named benchmarks and leaves latest.json alone (a partial run is not a report)."""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg

from bench import (
    cases,
    classifier,
    concurrency,
    fresh_clone,
    fundflow,
    intake,
    kpi,
    linking,
    lists,
    outreach,
    pg_baseline,
    public,
    reports,
    screen,
    search,
    spark,
)
from bench.figures import Figure
from fanzha.db import ensure_database, libpq_url, start_embedded_server, with_database

RESULTS = Path(__file__).resolve().parent / "results"
BENCHMARKS = (
    pg_baseline,
    intake,
    cases,
    lists,
    fundflow,
    linking,
    concurrency,
    classifier,
    search,
    public,
    outreach,
    screen,
    kpi,
    reports,
    spark,
    fresh_clone,  # last: minutes of `make run` on a fresh clone
)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    pgdata = Path(tempfile.mkdtemp(prefix="fanzha-bench-")) / "pgdata"
    admin = start_embedded_server(pgdata, keep_data=False)
    ensure_database(admin, "bench")
    url = libpq_url(with_database(admin, "bench"))
    with psycopg.connect(url) as conn:
        server_version = conn.execute("SHOW server_version").fetchone()[0]
    wanted = sys.argv[1:]
    figures: dict[str, Figure] = {}
    for module in BENCHMARKS:
        if wanted and module.__name__.rsplit(".", 1)[1] not in wanted:
            continue
        figures.update(module.run(url))
    now = datetime.now(timezone(timedelta(hours=8)))
    report = {
        "machine": {
            "cpus": os.cpu_count(),
            "cpu_model": _cpu_model(),
            "python": platform.python_version(),
            "postgres": server_version,
        },
        "when": now.isoformat(timespec="seconds"),
        "figures": {name: fig.as_json(figures) for name, fig in figures.items()},
    }
    RESULTS.mkdir(exist_ok=True)
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    (RESULTS / f"{now:%Y%m%d-%H%M%S}.json").write_text(text)
    latest = RESULTS / "latest.json"
    if wanted and latest.exists():
        # A partial run (`python -m bench concurrency`) replaces only its own figures in
        # latest.json; each says when it was measured, since the others are from another run.
        merged = json.loads(latest.read_text())
        for entry in report["figures"].values():
            entry["when"] = report["when"]
        merged["figures"].update(report["figures"])
        text = json.dumps(merged, ensure_ascii=False, indent=2) + "\n"
    latest.write_text(text)
    width = max(len(n) for n in figures)
    print(f"{'figure':<{width}}  {'value':>12}  unit      vs baseline")
    for name, entry in report["figures"].items():
        ratio = f"{entry['ratio']:.2f}× {entry['baseline']}" if "ratio" in entry else ""
        print(f"{name:<{width}}  {entry['value']:>12,}  {entry['unit']:<8}  {ratio}")
    print(f"-> {latest}")


if __name__ == "__main__":
    main()
