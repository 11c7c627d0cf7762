"""A local HTTPS webhook receiver for the tests: a throwaway CA (trustme), a real TLS server.

The server runs in its own thread (the tests' event loop stays free to send), records every
request it gets, and answers with the statuses it is told, in order (200 once they run out).
It also counts how many requests for each `Bina-Delivery` are in its hands at once, so a test
can tell whether two senders ever held the same webhook together.

Imported as `tests.integration.webhook_receiver`.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import trustme


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """What the server got, and what it will answer."""

    port: int
    ca: trustme.CA
    statuses: list[int] = field(default_factory=list)
    #: Seconds each request is held before the answer (to make sends overlap).
    hold_seconds: float = 0.0
    requests: list[Received] = field(default_factory=list)
    most_at_once: Counter[str] = field(default_factory=Counter)
    _in_hand: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def trusting_context(self) -> ssl.SSLContext:
        """A client context that trusts this receiver's CA (and nothing else)."""
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
        context.load_verify_locations(cadata=self.ca.cert_pem.bytes().decode())
        return context

    def url(self, path: str = "/hooks/bina", host: str = "127.0.0.1") -> str:
        return f"https://{host}:{self.port}{path}"

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def deliveries(self) -> list[str]:
        with self._lock:
            return [request.headers.get("bina-delivery", "") for request in self.requests]

    def _take(self, received: Received) -> int:
        with self._lock:
            self.requests.append(received)
            delivery = received.headers.get("bina-delivery", "")
            self._in_hand[delivery] += 1
            self.most_at_once[delivery] = max(self.most_at_once[delivery], self._in_hand[delivery])
            return self.statuses.pop(0) if self.statuses else 200

    def _done(self, received: Received) -> None:
        with self._lock:
            self._in_hand[received.headers.get("bina-delivery", "")] -= 1


def _handler_for(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            received = Received(self.path, headers, body)
            status = receiver._take(received)
            try:
                if receiver.hold_seconds:
                    time.sleep(receiver.hold_seconds)
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "/elsewhere")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            finally:
                receiver._done(received)

        def log_message(self, format: str, *args: object) -> None:
            return None  # quiet: pytest shows what the tests assert

    return Handler


@contextmanager
def https_receiver(*names: str) -> Iterator[Receiver]:
    """A receiver on a free loopback port, its certificate for `names` (default: the IP)."""
    ca = trustme.CA()
    server_cert = ca.issue_cert(*(names or ("127.0.0.1",)))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_cert.configure_cert(context)
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    receiver = Receiver(port=server.server_address[1], ca=ca)
    server.RequestHandlerClass = _handler_for(receiver)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
