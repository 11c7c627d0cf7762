"""`bina generate`: files on disk, a progress bar, errors as messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bina.cli import app

DESCRIPTION = "Warung Pak Mat di Kampung Baru. Nasi lemak RM7. WhatsApp 012-345 6789"


@pytest.fixture(autouse=True)
def _no_developer_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    for name in (
        "BINA_LLM_BASE_URL",
        "BINA_LLM_MODEL",
        "BINA_OFFLINE_DELAY_S",
        "BINA_IMAGE_API_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    from bina.config import get_settings

    get_settings.cache_clear()


def test_generate_writes_one_file_per_style_and_the_profile(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["generate", DESCRIPTION, "--language", "en", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "bold.html",
        "minimal.html",
        "modern.html",
        "profile.json",
    ]
    assert "wa.me/60123456789" in (out / "modern.html").read_text()
    summary = json.loads((out / "profile.json").read_text())
    assert summary["profile"]["name"] == "Warung Pak Mat"
    assert summary["copy_source"] == "offline"
    assert [s["file"] for s in summary["styles"]] == ["modern.html", "minimal.html", "bold.html"]
    assert "100%" in result.output


def test_generate_reads_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(app, ["generate", "-", "-o", str(out)], input=DESCRIPTION)
    assert result.exit_code == 0, result.output
    assert (out / "bold.html").exists()


def test_unusable_description_is_an_error_message(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", "  ", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "kosong" in result.output
    assert not (tmp_path / "x").exists()


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", DESCRIPTION, "--language", "fr"])
    assert result.exit_code != 0
