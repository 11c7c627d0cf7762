"""`bina --version` and `bina --help`: what an operator checks first."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from typer.testing import CliRunner

from bina.cli import app
from bina.cli.errors import ExitCode

BINA = Path(sys.executable).parent / "bina"


def test_version_is_the_installed_distributions() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"bina {metadata.version('bina')}\n"


def test_version_needs_no_settings_and_no_database(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BINA), "--version"],
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "DATABASE_URL": "mysql://nowhere"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.split() == ["bina", metadata.version("bina")]


def test_the_help_lists_every_exit_code() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    flat = " ".join(result.stdout.replace("│", " ").split())
    described = {
        ExitCode.FAILURE: "1 unexpected failure",
        ExitCode.USAGE: "2 bad usage or input",
        ExitCode.CONFIGURATION: "3 invalid configuration",
        ExitCode.DATABASE_UNAVAILABLE: "4 database unavailable",
        ExitCode.NOT_FOUND: "5 job or site not found",
        ExitCode.AMBIGUOUS: "6 ambiguous job id prefix",
        ExitCode.MIGRATIONS_PENDING: "7 database schema not current",
    }
    assert set(described) == set(ExitCode)
    for text in described.values():
        assert text in flat
