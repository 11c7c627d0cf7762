"""The Dockerfile and its build context, checked without a Docker engine.

hadolint (a pinned dev dependency, shipped as a binary wheel) lints the Dockerfile; the checks
below hold what this project needs of the image whatever hadolint's rules say.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
HADOLINT = Path(sys.executable).parent / "hadolint"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments out."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    found = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def arguments_of(instruction: str) -> list[str]:
    return [rest for word, rest in instructions() if word == instruction]


def test_hadolint_finds_nothing_to_fix() -> None:
    if not HADOLINT.exists():
        pytest.fail(f"no hadolint at {HADOLINT}: install the dev dependencies (make test does)")
    linted = subprocess.run(
        [str(HADOLINT), "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_every_stage_starts_from_python_3_11_slim_pinned_by_tag() -> None:
    bases = [rest.split()[0] for rest in arguments_of("FROM")]
    assert len(bases) == 2, "a build stage and a runtime stage"
    for base in bases:
        assert re.fullmatch(r"python:3\.11(\.\d+)?-slim(-\w+)?", base), base


def test_the_image_runs_bina_serve_as_a_numeric_non_root_user() -> None:
    user = arguments_of("USER")[-1]
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) != 0
    assert arguments_of("CMD") == ['["bina", "serve"]']
    assert arguments_of("EXPOSE") == ["8000"]


def test_the_healthcheck_asks_livez_with_python_and_the_port_bina_listens_on() -> None:
    (check,) = arguments_of("HEALTHCHECK")
    assert "urllib.request" in check and "/livez" in check
    assert "BINA_PORT" in check and "PORT" in check and "curl" not in check


def test_the_card_fonts_are_installed() -> None:
    runs = " ".join(arguments_of("RUN"))
    assert "fonts-dejavu-core" in runs and "fonts-noto-cjk" in runs


def test_no_secret_is_baked_into_the_image() -> None:
    for rest in arguments_of("ENV") + arguments_of("ARG"):
        for name in re.findall(r"([A-Z_]+)=", rest):
            assert not re.search(r"SECRET|PASSWORD|TOKEN|API_KEY", name), name
    assert "postgresql://" not in DOCKERFILE.read_text(encoding="utf-8")


def test_the_build_context_is_an_allow_list_without_env_files_or_databases() -> None:
    entries = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert entries[0] == "*", "everything is left out unless named"
    allowed = {entry[1:].rstrip("/") for entry in entries if entry.startswith("!")}
    assert allowed == {"pyproject.toml", "constraints.txt", "README.md", "src", "migrations"}
    for rest in arguments_of("COPY"):  # the build copies nothing else in
        if "--from=" in rest:
            continue
        *sources, _ = rest.split()
        assert all(source.rstrip("/") in allowed for source in sources), rest
