"""What a newcomer waits for: `git clone` of this checkout's committed HEAD into a throw-away
directory, then `make run` there (venv, install, embedded PostgreSQL, migrations, demo city,
serve) until /login answers 200.

- setup.fresh_clone_to_login_seconds: from the start of `git clone` to the first 200 of /login
  (target: under 180 s on 2 cores).

The pip cache is whatever this machine has (usually warm: downloads are not timed, installs
are). Slow (minutes) and it builds a whole demo city: `python -m bench fresh_clone` runs it
alone; the suite never does. The server is stopped with Ctrl-C, as a newcomer would, so the
embedded PostgreSQL stops with it; the directory is removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.figures import Figure
from bench.intake import _free_port

CHECKOUT = Path(__file__).resolve().parent.parent
GIVE_UP_AFTER = 30 * 60  # seconds: a set-up slower than this is reported as this


def run(url: str) -> dict[str, Figure]:
    del url  # the fresh clone starts its own embedded PostgreSQL, as `make run` does
    workdir = Path(tempfile.mkdtemp(prefix="fanzha-fresh-"))
    clone = workdir / "fanzha"
    port = _free_port()
    # Nothing of this process's configuration leaks into the newcomer's: no database URL,
    # no settings, no virtualenv.
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("FANZHA_") and k != "VIRTUAL_ENV"
    }
    log = (workdir / "make-run.log").open("w")
    began = time.monotonic()
    subprocess.run(["git", "clone", "--quiet", str(CHECKOUT), str(clone)], check=True)
    server = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=clone,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: Ctrl-C reaches make and its children
    )
    try:
        seconds = _until_login(f"http://127.0.0.1:{port}/login", server, began)
    finally:
        _stop(server)
        log.close()
    print(f"  make run's console: {workdir / 'make-run.log'}", file=sys.stderr)
    shutil.rmtree(clone, ignore_errors=True)
    return {"setup.fresh_clone_to_login_seconds": Figure(round(seconds, 1), "s")}


def _until_login(url: str, server: subprocess.Popen, began: float) -> float:
    while time.monotonic() - began < GIVE_UP_AFTER:
        if server.poll() is not None:
            raise RuntimeError(f"make run ended with {server.returncode} before /login answered")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return time.monotonic() - began
        except httpx.HTTPError:
            pass
        time.sleep(0.5)  # polling a server that is not up yet: the interval is the resolution
    return float(GIVE_UP_AFTER)


def _stop(server: subprocess.Popen) -> None:
    """Ctrl-C to the whole group (uvicorn shuts its workers down, then the embedded PostgreSQL
    is stopped at exit); killed if it has not ended within a minute."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
