"""The language-model writer's pure parts; the HTTP behaviour is in tests/integration."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bina.generator.llm import LLMCopy, LLMCopyWriter, _json_object
from bina.generator.options import LLMOptions


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


async def test_writer_from_options() -> None:
    options = LLMOptions(base_url="http://127.0.0.1:9/v1", model="m", timeout_s=3)
    writer = LLMCopyWriter.from_options(options)
    await writer.aclose()
