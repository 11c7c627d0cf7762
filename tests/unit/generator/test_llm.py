"""The language-model writer's pure parts; the HTTP behaviour is in tests/integration."""

from __future__ import annotations

import asyncio
import time

import pytest
from pydantic import ValidationError

from bina.generator.analyze import analyze
from bina.generator.copy import write_offline_copy
from bina.generator.llm import LLMCopy, LLMCopyWriter, json_object
from bina.generator.options import LLMOptions


@pytest.mark.parametrize(
    "content",
    [
        '{"tagline": "Jom makan"}',
        '```json\n{"tagline": "Jom makan"}\n```',
        'Sure! {"tagline": "Jom makan"} Hope this helps.',
    ],
)
def testjson_object_in_a_reply(content: str) -> None:
    assert json_object(content) == {"tagline": "Jom makan"}


def test_garbage_is_not_json() -> None:
    with pytest.raises(ValueError):
        json_object("no json here")


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


async def test_writer_stops_at_an_earlier_deadline() -> None:
    writer = LLMCopyWriter(base_url="http://127.0.0.1:9/v1", model="m", api_key=None, timeout_s=30)
    assert writer.budget_s == 61
    profile = analyze("Kedai kopi di Ipoh, kopi putih RM2.80", "ms")
    offline = {"modern": write_offline_copy(profile, 0)}
    started = time.perf_counter()
    outcome = await writer.write(profile, offline, deadline=asyncio.get_running_loop().time() - 1)
    await writer.aclose()
    assert time.perf_counter() - started < 1
    assert outcome.source == "offline"
    assert any("TimeoutError" in w for w in outcome.warnings)
