"""How `bina` fails: one line on stderr and an exit code per kind of trouble, never a traceback
(unless asked for), never the database password. Real `bina` processes, real databases."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bina.cli import app
from bina.cli.errors import ExitCode
from bina.config import get_settings
from bina.jobs.migrate import upgrade_async

BINA = Path(sys.executable).parent / "bina"
PASSWORD = "s3cret-pw"
CLOSED_PORT_URL = f"postgresql://bina:{PASSWORD}@127.0.0.1:1/bina"


def bina(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`bina args…` as an operator runs it, with only the environment given (no .env)."""
    return subprocess.run(
        [str(BINA), *args],
        cwd=cwd,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bina: error: "), lines[0]
    assert PASSWORD not in result.stderr + result.stdout
    return lines[0]


DATABASE_COMMANDS = [
    ["jobs", "list"],
    ["jobs", "show", "abcdef12"],
    ["jobs", "retry", "abcdef12"],
    ["sites", "list"],
    ["sites", "unpublish", "kedai"],
    ["cleanup"],
    ["migrate"],
    ["worker"],
    ["serve", "--port", "0"],
]


@pytest.mark.parametrize("command", DATABASE_COMMANDS, ids=" ".join)
def test_a_closed_port_is_database_unavailable(command: list[str], tmp_path: Path) -> None:
    result = bina(*command, cwd=tmp_path, DATABASE_URL=CLOSED_PORT_URL)
    assert result.returncode == ExitCode.DATABASE_UNAVAILABLE
    line = one_error_line(result)
    assert line.startswith("bina: error: database unavailable at postgresql://bina:***@127.0.0.1:1")
    assert "Connect call failed" in line


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (f"mysql://bina:{PASSWORD}@127.0.0.1/bina", "must start with sqlite:// or postgresql://"),
        ("sqlite3:///bina.db", "must start with sqlite:// or postgresql://"),
        (f"postgresql://bina:{PASSWORD}@127.0.0.1:port/bina", "not a database URL"),
        ("sqlite:/bina.db", "not a database URL"),
        (f"postgresql://bina:{PASSWORD}@127.0.0.1:99999/bina", "port 99999 is not between"),
    ],
)
def test_a_bad_database_url_is_a_configuration_error(url: str, reason: str, tmp_path: Path) -> None:
    result = bina("jobs", "list", cwd=tmp_path, DATABASE_URL=url)
    assert result.returncode == ExitCode.CONFIGURATION
    line = one_error_line(result)
    assert line.startswith("bina: error: DATABASE_URL: ")
    assert reason in line


def test_each_bad_setting_is_a_line_naming_its_variable(tmp_path: Path) -> None:
    result = bina("migrate", cwd=tmp_path, PORT="eighty", BINA_CONCURRENCY="0")
    assert result.returncode == ExitCode.CONFIGURATION
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert any(line.startswith("bina: error: PORT: ") for line in lines)
    assert any(line.startswith("bina: error: BINA_CONCURRENCY: ") for line in lines)


@pytest.mark.parametrize("folder", ["no/such/folder", "/proc/bina"])
def test_a_sqlite_file_that_cannot_be_opened_is_database_unavailable(
    folder: str, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / folder if not folder.startswith('/') else folder}/bina.db"
    for command in (["jobs", "list"], ["migrate"]):
        result = bina(*command, cwd=tmp_path, DATABASE_URL=url)
        assert result.returncode == ExitCode.DATABASE_UNAVAILABLE
        assert "unable to open database file" in one_error_line(result)


def test_a_database_behind_on_migrations_says_to_migrate(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    asyncio.run(upgrade_async(url, "0006"))  # before jobs had a request id
    for command in (["jobs", "list"], ["cleanup"]):
        result = bina(*command, cwd=tmp_path, DATABASE_URL=url)
        assert result.returncode == ExitCode.MIGRATIONS_PENDING
        line = one_error_line(result)
        assert "at 0006" in line and line.endswith("run `bina migrate`")


def test_a_database_without_tables_says_to_migrate(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    result = bina("sites", "list", cwd=tmp_path, DATABASE_URL=url)
    assert result.returncode == ExitCode.MIGRATIONS_PENDING
    assert one_error_line(result) == (
        "bina: error: the database has no Bina tables yet: run `bina migrate`"
    )


@pytest.mark.postgres
def test_a_postgres_database_that_does_not_exist_is_unavailable(
    postgres_url: str, tmp_path: Path
) -> None:
    missing = postgres_url.rsplit("/", 1)[0] + "/bina_no_such_database"
    result = bina("jobs", "list", cwd=tmp_path, DATABASE_URL=missing)
    assert result.returncode == ExitCode.DATABASE_UNAVAILABLE
    assert 'database "bina_no_such_database" does not exist' in one_error_line(result)


@pytest.mark.parametrize(
    ("args", "env"),
    [(["--debug", "jobs", "list"], {}), (["jobs", "list"], {"BINA_LOG_LEVEL": "debug"})],
)
def test_debug_adds_the_traceback(args: list[str], env: dict[str, str], tmp_path: Path) -> None:
    result = bina(*args, cwd=tmp_path, DATABASE_URL=CLOSED_PORT_URL, **env)
    assert result.returncode == ExitCode.DATABASE_UNAVAILABLE
    assert "Traceback (most recent call last)" in result.stderr
    assert "ConnectionRefusedError" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("bina: error: database unavailable")
    assert PASSWORD not in result.stderr  # no locals in the traceback


def test_an_unforeseen_error_is_one_line_with_its_kind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bina.db'}")
    get_settings.cache_clear()

    def broken(action: object) -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr("bina.cli.jobs.with_job_store", broken)
    result = CliRunner().invoke(app, ["jobs", "list"])
    assert result.exit_code == ExitCode.FAILURE
    assert result.stderr.splitlines() == [
        "bina: error: unexpected RuntimeError: the disk is on fire "
        "(run with --debug for the traceback)"
    ]
    get_settings.cache_clear()


def test_an_unusable_description_is_bad_input(tmp_path: Path) -> None:
    result = bina("generate", "  ", "--out", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == ExitCode.USAGE
    assert "kosong" in one_error_line(result)


def test_a_handler_that_cannot_be_imported_is_bad_input(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bina.db'}"
    result = bina("worker", "--handler", "no_such_module:handler", cwd=tmp_path, DATABASE_URL=url)
    assert result.returncode == ExitCode.USAGE
    assert "--handler no_such_module:handler: No module named" in one_error_line(result)
