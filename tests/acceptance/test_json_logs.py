"""`BINA_LOG_FORMAT=json`: every line the real `bina migrate`, `bina serve` and `bina worker`
write, from the first one, is one JSON object a log collector can read."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.browser.server import BIN_DIR, bina_server, server_environment
from tests.waiting import wait_until

pytestmark = pytest.mark.slow

JSON_LOGS = {"BINA_LOG_FORMAT": "json", "BINA_LOG_LEVEL": "info"}
UTC_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def json_lines(output: str) -> list[dict[str, Any]]:
    """Every line as a JSON object with the common fields (a line that is not fails the test)."""
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines, "no output at all"
    parsed = []
    for line in lines:
        try:
            fields = json.loads(line)
        except json.JSONDecodeError:
            pytest.fail(f"not a JSON line: {line!r}")
        assert isinstance(fields, dict), line
        assert UTC_TIME.fullmatch(fields["time"]), line
        assert fields["level"] in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"), line
        assert fields["logger"] and isinstance(fields["message"], str), line
        parsed.append(fields)
    return parsed


def test_migrate_writes_json_lines_alembic_ones_included(tmp_path: Path) -> None:
    environment = server_environment(f"sqlite:///{tmp_path / 'bina.db'}", JSON_LOGS)
    migrated = subprocess.run(
        [str(BIN_DIR / "bina"), "migrate"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = json_lines(migrated.stdout + migrated.stderr)
    messages = [(line["logger"], line["message"]) for line in lines]
    assert any(
        logger == "alembic.runtime.migration" and message.startswith("Running upgrade")
        for logger, message in messages
    )
    assert messages[-1] == ("bina.cli", "database is up to date")


def test_serve_writes_json_lines_with_the_request_id_from_start_to_stop(tmp_path: Path) -> None:
    with bina_server(tmp_path, JSON_LOGS) as server:
        request = urllib.request.Request(
            f"{server.url}/api/health", headers={"X-Request-ID": "json-logs-test-1"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        log_path = server.log_path
    lines = json_lines(log_path.read_text(encoding="utf-8"))
    loggers = {line["logger"] for line in lines}
    assert {"uvicorn.error", "uvicorn.access"} <= loggers
    assert any(logger.startswith("bina.") for logger in loggers)
    (access,) = [
        line
        for line in lines
        if line["logger"] == "uvicorn.access" and line.get("request_id") == "json-logs-test-1"
    ]
    assert access["path"] == "/api/health" and access["status_code"] == 200
    # The last lines are the shutdown's: the server logged in JSON until it stopped.
    assert lines[-1]["logger"] == "uvicorn.error"
    assert "Finished server process" in lines[-1]["message"]


def test_worker_writes_json_lines(tmp_path: Path) -> None:
    environment = server_environment(f"sqlite:///{tmp_path / 'bina.db'}", JSON_LOGS)
    bina = str(BIN_DIR / "bina")
    subprocess.run([bina, "migrate"], cwd=tmp_path, env=environment, check=True, timeout=60)
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [bina, "worker"], cwd=tmp_path, env=environment, stdout=log, stderr=log
        )
    try:
        # Once it says it runs, it stops cleanly on SIGTERM.
        wait_until(lambda: b" at once" in log_path.read_bytes(), timeout=30)
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
    lines = json_lines(log_path.read_text(encoding="utf-8"))
    assert lines[-1]["logger"] == "bina.app.workers"
    assert "stopped" in lines[-1]["message"]
