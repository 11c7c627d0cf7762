"""A real `bina serve` at the edge: slow and huge requests, as an attacker or a broken client
sends them, next to ordinary ones with large headers and kept-alive connections."""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.server import RunningServer, bina_server

pytestmark = pytest.mark.slow

HEADER_TIMEOUT_S = 1.0
# How late a close may come after the deadline on a busy 2-core machine.
MARGIN_S = 4.0
MiB = 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    work_dir: Path = tmp_path_factory.mktemp("edge")
    with bina_server(work_dir, {"BINA_HEADER_TIMEOUT_S": str(HEADER_TIMEOUT_S)}) as running:
        yield running


def address(server: RunningServer) -> tuple[str, int]:
    parts = urlsplit(server.url)
    assert parts.hostname and parts.port
    return parts.hostname, parts.port


def resident_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def read_to_end(sock: socket.socket, timeout: float) -> bytes:
    sock.settimeout(timeout)
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_slow_header_connections_are_closed_while_health_answers(server: RunningServer) -> None:
    connections = []
    try:
        for _ in range(50):
            sock = socket.create_connection(address(server))
            sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: bina\r\nX-Slow: ")
            connections.append(sock)
        sent = time.monotonic()
        with urllib.request.urlopen(f"{server.url}/api/health", timeout=10) as response:
            assert response.status == 200
        for sock in connections:
            answer = read_to_end(sock, timeout=HEADER_TIMEOUT_S + MARGIN_S)
            assert answer.startswith(b"HTTP/1.1 408 ")
        assert time.monotonic() - sent < HEADER_TIMEOUT_S + MARGIN_S
    finally:
        for sock in connections:
            sock.close()


def huge_header_request(server: RunningServer) -> bytes:
    with socket.create_connection(address(server)) as sock:
        head = b"GET /api/health HTTP/1.1\r\nHost: bina\r\nX-Huge: "
        sock.sendall(head + b"h" * MiB + b"\r\n\r\n")
        return read_to_end(sock, timeout=10)


def test_a_1_mib_header_is_431_and_the_process_does_not_grow(server: RunningServer) -> None:
    answer = huge_header_request(server)  # also warms up what a first refusal allocates
    assert answer.startswith(b"HTTP/1.1 431 ")
    body = json.loads(answer.split(b"\r\n\r\n", 1)[1])
    assert body == {
        "success": False,
        "error": "headers_too_large",
        "message": "The request line and headers are larger than 32 KiB.",
    }
    before = resident_mib(server.process.pid)
    for _ in range(8):
        assert huge_header_request(server).startswith(b"HTTP/1.1 431 ")
    grown = resident_mib(server.process.pid) - before
    assert grown < 20, f"the server grew by {grown:.1f} MiB over eight 1 MiB headers"


def test_20_kib_of_headers_and_keep_alive_still_work(server: RunningServer) -> None:
    host, port = address(server)
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        headers = {f"X-Large-{index}": "v" * 1000 for index in range(20)}
        connection.request("GET", "/api/health", headers=headers)
        first = connection.getresponse()
        assert first.status == 200
        first.read()
        sock = connection.sock
        connection.request("GET", "/api/health")
        second = connection.getresponse()
        assert second.status == 200
        second.read()
        assert connection.sock is sock  # the same connection served both
    finally:
        connection.close()
