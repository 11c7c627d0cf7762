"""The language-model writer's pure parts; the HTTP behaviour is in tests/integration."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bina.config import Settings
from bina.generator.llm import LLMCopy, LLMCopyWriter, _json_object


@pytest.mark.parametrize(
    "content",
    [
        '{"tagline": "Jom makan"}',
        '```json\n{"tagline": "Jom makan"}\n```',
        'Sure! {"tagline": "Jom makan"} Hope this helps.',
    ],
)
def test_json_object_in_a_reply(content: str) -> None:
    assert _json_object(content) == {"tagline": "Jom makan"}


def test_garbage_is_not_json() -> None:
    with pytest.raises(ValueError):
        _json_object("no json here")


def test_llm_copy_limits() -> None:
    assert LLMCopy.model_validate({"tagline": "  Jom makan  ", "extra": 1}).tagline == "Jom makan"
    with pytest.raises(ValidationError):
        LLMCopy.model_validate({"tagline": "x" * 200})
    with pytest.raises(ValidationError):
        LLMCopy.model_validate({"about": ["a"] * 9})


async def test_writer_from_settings() -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        llm_base_url="http://127.0.0.1:9/v1",
        llm_model="m",
        llm_timeout_s=3,
    )
    assert settings.llm_enabled
    writer = LLMCopyWriter.from_settings(settings)
    await writer.aclose()
    with pytest.raises(ValueError):
        LLMCopyWriter.from_settings(Settings(_env_file=None))  # type: ignore[call-arg]
