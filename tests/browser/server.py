"""A real `bina serve` for the browser tests: its own port, SQLite file and environment.

The server runs as a subprocess from a temporary directory (so no developer `.env` is read),
with the developer's BINA_* and DATABASE_URL variables removed and the test's own put in their
place. `bina migrate` runs first; the server counts as up once /api/health answers 200.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

#: Where the `bina` command is: this virtualenv's, unless BINA_TEST_BIN_DIR names another install.
BIN_DIR = Path(os.environ.get("BINA_TEST_BIN_DIR") or Path(sys.executable).parent)
STARTUP_TIMEOUT_S = 40.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_environment(database_url: str, extra: Mapping[str, str]) -> dict[str, str]:
    """The parent's environment without Bina's settings, plus the test's own."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("BINA_") and name != "DATABASE_URL"
    }
    environment.update(
        {
            "DATABASE_URL": database_url,
            "BINA_COOKIE_SECRET": "browser-test-cookie-secret-0123456789",
            "BINA_OFFLINE_DELAY_S": "3",
            "BINA_LOG_LEVEL": "warning",
            "PYTHONUNBUFFERED": "1",
        }
    )
    environment.update(extra)
    return environment


@dataclass
class RunningServer:
    """A started server: its base URL, and its log for failure messages."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def _wait_until_healthy(server: RunningServer, deadline: float) -> None:
    last_error = "no answer"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"bina serve exited with {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(f"{server.url}/api/health", timeout=2) as response:
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            last_error = f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.2)
    raise RuntimeError(f"bina serve not healthy in time ({last_error}):\n{server.log_tail()}")


@contextlib.contextmanager
def bina_server(work_dir: Path, env: Mapping[str, str] | None = None) -> Iterator[RunningServer]:
    """Run `bina serve` on a free port with a fresh SQLite database in `work_dir`."""
    work_dir.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{work_dir / 'bina.db'}"
    environment = server_environment(database_url, env or {})
    log_path = work_dir / "server.log"
    bina = str(BIN_DIR / "bina")
    subprocess.run(
        [bina, "migrate"],
        cwd=work_dir,
        env=environment,
        check=True,
        capture_output=True,
        timeout=60,
    )
    port = free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [bina, "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=work_dir,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = RunningServer(url=f"http://127.0.0.1:{port}", process=process, log_path=log_path)
    try:
        _wait_until_healthy(server, time.monotonic() + STARTUP_TIMEOUT_S)
        yield server
    finally:
        server.stop()
