"""Running a worker in Kubernetes: a liveness endpoint and a graceful stop on SIGTERM.

Kubernetes sends SIGTERM, waits ``terminationGracePeriodSeconds`` (default 30 s), then SIGKILLs
(https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination). run_until_signal
stops the subscriptions within ``grace_s`` (default 25 s, leaving room for the process to exit):
each finishes its message in hand, commits what was handled and leaves its group at once, so the
partitions move to the other replicas without waiting for a session timeout."""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Iterable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType

from .queue import MessageQueue, Subscription


class HealthServer:
    """``GET /healthz`` answers 200 while every subscription is healthy, 503 with the reasons otherwise
    (for a livenessProbe with httpGet)."""

    def __init__(
        self, subscriptions: Iterable[Subscription], port: int = 8080, host: str = "0.0.0.0"
    ) -> None:
        subs = list(subscriptions)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.split("?")[0] not in ("/healthz", "/livez"):
                    self.send_error(404)
                    return
                problems = [p for s in subs if (p := s.problem()) is not None]
                body = json.dumps({"healthy": not problems, "problems": problems}).encode()
                self.send_response(503 if problems else 200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # probes every few seconds would flood the log

        self._server = ThreadingHTTPServer((host, port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, name="health", daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def run_until_signal(
    queue: MessageQueue,
    subscriptions: Sequence[Subscription] = (),
    *,
    grace_s: float = 25.0,
    signals: Sequence[signal.Signals] = (signal.SIGTERM, signal.SIGINT),
) -> None:
    """Blocks the main thread until SIGTERM/SIGINT (or until a subscription stops by itself), then
    stops everything within ``grace_s`` and returns."""
    stop = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in signals}
    try:
        while not stop.wait(0.5):
            if any(s.stopped() for s in subscriptions):
                break  # e.g. a fatal error: let Kubernetes restart the pod
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    queue.close(grace_s)
