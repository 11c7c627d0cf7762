"""Real `bina serve` and `bina worker` processes for the fault tests, with their logs kept."""

from __future__ import annotations

import collections
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

BINA = [sys.executable, "-m", "bina.cli"]
_OUTCOME = re.compile(r"job ([0-9a-f-]{36}) (completed|failed|canceled|lost|released)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """Starts, kills and restarts Bina processes that share one database."""

    def __init__(self, database_url: str, log_dir: Path, **env: str) -> None:
        self.log_dir = log_dir
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("BINA_", "DATABASE_"))},
            "DATABASE_URL": database_url,
            "BINA_LOG_LEVEL": "info",
            "BINA_LEASE_SECONDS": "3",
            "BINA_POLL_SECONDS": "0.5",
            "BINA_COOKIE_SECRET": "fault-tests",
            **env,
        }
        self.processes: list[subprocess.Popen[bytes]] = []
        self._logs: list[Path] = []

    def _spawn(self, args: list[str], name: str, **env: str) -> subprocess.Popen[bytes]:
        log = self.log_dir / f"{name}-{len(self._logs)}.log"
        self._logs.append(log)
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [*BINA, *args], stdout=sink, stderr=subprocess.STDOUT, env={**self.env, **env}
            )
        self.processes.append(process)
        return process

    def worker(self, concurrency: int = 8, **env: str) -> subprocess.Popen[bytes]:
        process = self._spawn(["worker", "--concurrency", str(concurrency)], "worker", **env)
        self._wait_for_log(self._logs[-1], "running", process)
        return process

    def server(self, *flags: str, **env: str) -> tuple[subprocess.Popen[bytes], str]:
        port = free_port()
        process = self._spawn(["serve", "--port", str(port), *flags], "serve", **env)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"bina serve exited:\n{self._logs[-1].read_text()[-3000:]}")
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    return process, base
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"bina serve did not come up:\n{self._logs[-1].read_text()[-3000:]}")

    def _wait_for_log(self, log: Path, text: str, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if text in log.read_text(errors="replace"):
                return
            if process.poll() is not None:
                raise RuntimeError(f"process exited:\n{log.read_text()[-3000:]}")
            time.sleep(0.1)
        raise RuntimeError(f"{text!r} never appeared in {log}")

    def outcomes(self) -> collections.Counter[tuple[str, str]]:
        """(job_id, outcome) → how often a worker logged it; logged only after the fence."""
        counts: collections.Counter[tuple[str, str]] = collections.Counter()
        for log in self._logs:
            for match in _OUTCOME.finditer(log.read_text(errors="replace")):
                counts[(match.group(1), match.group(2))] += 1
        return counts

    def logs(self) -> str:
        return "\n".join(f"== {log.name}\n{log.read_text(errors='replace')}" for log in self._logs)

    @staticmethod
    def kill(process: subprocess.Popen[bytes], signum: int = signal.SIGKILL) -> None:
        if process.poll() is None:
            process.send_signal(signum)
        process.wait(30)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


@contextmanager
def cluster(database_url: str, log_dir: Path, **env: str) -> Iterator[Cluster]:
    group = Cluster(database_url, log_dir, **env)
    try:
        yield group
    finally:
        group.stop_all()
