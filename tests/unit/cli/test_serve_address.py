"""Where `bina serve` listens: `--port` > BINA_PORT > PORT > 8000; a platform's PORT without a
host given means 0.0.0.0. The rule as a function, then one real server started with PORT."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from bina.cli.listen import listen_address
from bina.config import Settings
from tests.waiting import wait_until

BINA = Path(sys.executable).parent / "bina"


@pytest.fixture
def resolved(monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[str, int]]:
    """The address for these options in this environment (settings read from it, no .env)."""

    def resolve(host: str | None, port: int | None, **environ: str) -> tuple[str, int]:
        for name in ("PORT", "BINA_PORT", "BINA_HOST"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return listen_address(host, port, Settings(_env_file=None), os.environ)

    return resolve


@pytest.mark.parametrize(
    ("host", "port", "environ", "expected"),
    [
        (None, None, {}, ("127.0.0.1", 8000)),
        (None, None, {"PORT": "5000"}, ("0.0.0.0", 5000)),
        (None, None, {"BINA_PORT": "6000"}, ("127.0.0.1", 6000)),
        (None, None, {"BINA_PORT": "6000", "PORT": "5000"}, ("0.0.0.0", 6000)),
        (None, 7000, {"BINA_PORT": "6000", "PORT": "5000"}, ("0.0.0.0", 7000)),
        (None, 7000, {}, ("127.0.0.1", 7000)),
        (None, None, {"PORT": "5000", "BINA_HOST": "127.0.0.1"}, ("127.0.0.1", 5000)),
        ("::1", None, {"PORT": "5000", "BINA_HOST": "10.0.0.2"}, ("::1", 5000)),
        (None, None, {"BINA_HOST": "10.0.0.2"}, ("10.0.0.2", 8000)),
    ],
)
def test_the_address_follows_the_precedence(
    resolved: Callable[..., tuple[str, int]],
    host: str | None,
    port: int | None,
    environ: dict[str, str],
    expected: tuple[str, int],
) -> None:
    assert resolved(host, port, **environ) == expected


def test_a_blank_bina_host_is_unset(resolved: Callable[..., tuple[str, int]]) -> None:
    assert resolved(None, None, BINA_HOST="  ", PORT="5000") == ("0.0.0.0", 5000)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> list[str]:
    """The local addresses listening on TCP `port` (IPv4), as the kernel lists them."""
    found = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.append(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table")
def test_serve_listens_on_all_interfaces_at_the_platforms_port(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bina.db'}",
        "BINA_COOKIE_SECRET": "serve-test",
    }
    with (tmp_path / "serve.log").open("wb") as log:
        server = subprocess.Popen(
            [str(BINA), "serve"], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_until(
            lambda: server.poll() is not None or _listening(port),
            timeout=60,
            message=f"bina serve listening on {port}",
        )
        assert server.poll() is None, (tmp_path / "serve.log").read_text()
        assert _listening(port) == ["0.0.0.0"]
        answer = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=10)
        assert answer.status_code == 200
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
