"""`python -m bench.poll URL`: poll URL/healthz, each time on a new connection (so every app
process is asked), until stdin closes; then print each poll's latency in ms as a JSON list,
null for a poll that got no answer or not 200. Prints "ready" once polling has begun.

A process of its own, importing nothing of the app: the storm's client never delays it."""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
from urllib.parse import urlsplit

INTERVAL = 0.02  # seconds between the starts of two polls
TIMEOUT = 10.0  # a poll not answered by then counts as unanswered


def poll(base: str, stopped: threading.Event) -> list[float | None]:
    parts = urlsplit(base)
    latencies: list[float | None] = []
    while not stopped.is_set():
        began = time.perf_counter()
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
        try:
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except OSError:
            ok = False
        finally:
            conn.close()
        elapsed = time.perf_counter() - began
        latencies.append(round(elapsed * 1000, 2) if ok else None)
        if len(latencies) == 1:
            print("ready", flush=True)
        stopped.wait(max(0.0, INTERVAL - elapsed))
    return latencies


def main(base: str) -> None:
    stopped = threading.Event()

    def wait_for_eof() -> None:
        sys.stdin.read()
        stopped.set()

    threading.Thread(target=wait_for_eof, daemon=True).start()
    print(json.dumps(poll(base, stopped)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
