""".env.example lists every setting of `bina.config.Settings`, with its default and what it does.

The file is made from the Settings class, so it cannot drift: a setting added, renamed or given
a new default fails this test until the file is written again with
`.venv/bin/python -m tests.unit.test_env_example`.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import pytest
from pydantic import AliasChoices, SecretStr
from pydantic.fields import FieldInfo

from bina.config import Settings

ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"

HEADER = """\
# Bina's settings, each with its default. Set them in the environment, or copy this file to
# `.env` in the directory `bina` runs from and uncomment the lines to change.
# Made from bina.config.Settings (`python -m tests.unit.test_env_example` writes it again).
"""


def variable_name(name: str, field: FieldInfo) -> str:
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    if isinstance(alias, str):
        return alias
    return f"{Settings.model_config.get('env_prefix', '')}{name}".upper()


def default_text(field: FieldInfo) -> str:
    value = field.get_default(call_default_factory=True)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, SecretStr):
        raise AssertionError("a secret has no default: leave it unset")
    if isinstance(value, list | dict):
        return json.dumps(value)
    return str(value)


def render() -> str:
    blocks = [HEADER]
    for name, field in Settings.model_fields.items():
        assert field.description, f"Settings.{name} needs a description (one line of what it does)"
        comment = textwrap.wrap(
            field.description, width=98, initial_indent="# ", subsequent_indent="# "
        )
        line = f"# {variable_name(name, field)}={default_text(field)}"
        blocks.append("\n".join([*comment, line]) + "\n")
    return "\n".join(blocks)


def test_env_example_lists_every_setting_with_its_default() -> None:
    assert ENV_EXAMPLE.read_text(encoding="utf-8") == render(), (
        ".env.example is out of date: `.venv/bin/python -m tests.unit.test_env_example`"
    )


def test_the_file_uncommented_is_a_valid_env_file_giving_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in list(os.environ):  # the developer's own settings stay out of it
        if name.startswith("BINA_") or name in ("DATABASE_URL", "PORT"):
            monkeypatch.delenv(name)
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    settings_lines = [line[2:] for line in lines if re.fullmatch(r"# [A-Z_]+=.*", line)]
    assert len(settings_lines) == len(Settings.model_fields)
    env_file = tmp_path / ".env"
    env_file.write_text("\n".join(line for line in settings_lines if not line.endswith("=")))
    assert Settings(_env_file=env_file) == Settings(_env_file=None)


if __name__ == "__main__":
    ENV_EXAMPLE.write_text(render(), encoding="utf-8")
    print(f"wrote {ENV_EXAMPLE}")
