"""The two set-up commands' promises: the embedded server keeps its data across restarts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def _fanzha(*args: str, pgdata: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "FANZHA_DATABASE_URL"}
    env["FANZHA_PGDATA_DIR"] = str(pgdata)
    return subprocess.run(
        [sys.executable, "-m", "fanzha.cli", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=300,
    )


def test_data_survive_a_restart_of_the_embedded_server():
    pgdata = Path(tempfile.mkdtemp(prefix="fanzha-cli-")) / "pgdata"
    first = _fanzha("demo", "--scale", "small", "--seed", "3", pgdata=pgdata)
    assert first.returncode == 0, first.stderr
    assert "示例市已生成" in first.stdout and "station_a" in first.stdout
    # The first process stopped its server on exit; the second starts it again on the same
    # data directory and finds the city there.
    second = _fanzha("demo", "--scale", "small", pgdata=pgdata)
    assert second.returncode == 1
    assert "数据库中已有数据" in second.stdout
    assert (pgdata / "PG_VERSION").exists()
    shutil.rmtree(pgdata.parent, ignore_errors=True)
