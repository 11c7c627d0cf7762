"""The language-model copy writer against a small OpenAI-compatible server on 127.0.0.1.

The server (tests/integration/openai_fake.py) runs in a thread on a random free port and
answers from a script: a valid answer, invalid JSON, a slow answer (the client times out),
HTTP 500, and answers that try to add facts. The model is also asked for the facts first; here
it reads nothing new (tests/integration/test_llm_reading.py covers that). Whatever the model
does, generation finishes quickly with a usable site.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bina.config import Settings
from bina.generator import GenerationResult
from bina.generator.profile import Language
from tests.integration.openai_fake import (
    FakeOpenAI,
    Reply,
    generate_with,
    model_settings,
    serve_fake_openai,
)

DESCRIPTION = (
    "Warung Pak Mat di Kampung Baru, KL. Nasi lemak RM7, mee goreng RM6.50, teh tarik RM1.50. "
    "Buka setiap hari 6 pagi - 12 tengah hari kecuali Jumaat. WhatsApp 012-300 4455."
)
GOOD: dict[str, Any] = {
    "tagline": "Nasi lemak dan teh tarik untuk pagi anda di Kampung Baru",
    "about": [
        "Warung Pak Mat menyediakan nasi lemak, mee goreng dan teh tarik di Kampung Baru.",
        "Singgah untuk sarapan sebelum memulakan hari anda.",
    ],
    "about_title": "Kisah warung kami",
    "cta_whatsapp": "Tanya di WhatsApp",
    "meta_description": "Warung Pak Mat di Kampung Baru, KL: nasi lemak, mee goreng dan teh tarik.",
    "palettes": {"modern": "pandan", "minimal": "sambal", "bold": "nonexistent"},
}


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    with serve_fake_openai() as fake:
        yield fake


async def _generate(settings: Settings, language: Language = "ms") -> GenerationResult:
    return await generate_with(settings, DESCRIPTION, language)


async def test_valid_answer_is_used(fake_openai: FakeOpenAI) -> None:
    fake_openai.replies = [Reply(content=json.dumps(GOOD))]
    result = await _generate(model_settings(fake_openai.base_url))
    assert result.copy_source == "llm"
    assert result.warnings == []
    for style in result.styles:
        assert GOOD["tagline"] in style.html
        assert "Kisah warung kami" in style.html
        assert "Singgah untuk sarapan sebelum memulakan hari anda." in style.html
        assert "RM6.50" in style.html  # facts still come from the profile
    request = fake_openai.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["model"] == "test-model"
    assert request["response_format"] == {"type": "json_object"}
    assert "Nasi lemak" in request["messages"][1]["content"]
    assert fake_openai.headers[0]["authorization"] == "Bearer test-key"


async def test_model_may_choose_known_palettes_only(fake_openai: FakeOpenAI) -> None:
    fake_openai.replies = [Reply(content=json.dumps(GOOD))]
    result = await _generate(model_settings(fake_openai.base_url))
    modern, minimal, bold = (style.html for style in result.styles)
    assert "--a1:#2f7d32" in modern  # pandan, as the model asked
    assert "#c2410c" in minimal or "--primary:#" in minimal
    assert "nonexistent" not in bold


async def test_answer_in_code_fences_is_accepted(fake_openai: FakeOpenAI) -> None:
    fenced = "Here you go:\n```json\n" + json.dumps({"tagline": GOOD["tagline"]}) + "\n```"
    fake_openai.replies = [Reply(content=fenced)]
    result = await _generate(model_settings(fake_openai.base_url))
    assert result.copy_source == "llm"
    assert GOOD["tagline"] in result.styles[0].html


async def test_invalid_json_is_retried_once_then_offline(fake_openai: FakeOpenAI) -> None:
    fake_openai.replies = [Reply(content="{not json"), Reply(content="still { not json")]
    result = await _generate(model_settings(fake_openai.base_url))
    assert result.copy_source == "offline"
    assert len(fake_openai.requests) == 2
    assert any("invalid answer on attempt 1" in w for w in result.warnings)
    assert any("offline copy was used" in w for w in result.warnings)
    # The retry tells the model what was wrong.
    assert "not valid" in fake_openai.requests[1]["messages"][-1]["content"]
    assert all("Warung Pak Mat" in style.html for style in result.styles)


async def test_invalid_then_valid_uses_the_second_answer(fake_openai: FakeOpenAI) -> None:
    too_long = json.dumps({"tagline": "x" * 500})
    fake_openai.replies = [Reply(content=too_long), Reply(content=json.dumps(GOOD))]
    result = await _generate(model_settings(fake_openai.base_url))
    assert result.copy_source == "llm"
    assert len(fake_openai.requests) == 2
    assert GOOD["tagline"] in result.styles[0].html


async def test_slow_answer_times_out_and_offline_copy_is_used(fake_openai: FakeOpenAI) -> None:
    fake_openai.replies = [Reply(content=json.dumps(GOOD), delay_s=10)]
    started = time.perf_counter()
    result = await _generate(model_settings(fake_openai.base_url, timeout_s=0.5))
    elapsed = time.perf_counter() - started
    assert elapsed < 3, elapsed
    assert result.copy_source == "offline"
    assert any("Timeout" in w for w in result.warnings)
    assert len(fake_openai.requests) == 1  # a timeout is not retried
    assert len(result.styles) == 3


async def test_http_500_falls_back_without_retrying(fake_openai: FakeOpenAI) -> None:
    fake_openai.replies = [Reply(status=500, raw='{"error": {"message": "boom"}}')]
    result = await _generate(model_settings(fake_openai.base_url))
    assert result.copy_source == "offline"
    assert len(fake_openai.requests) == 1
    assert any("InternalServerError" in w for w in result.warnings)


async def test_unreachable_server_falls_back_quickly() -> None:
    started = time.perf_counter()
    result = await _generate(model_settings("http://127.0.0.1:9/v1", timeout_s=1))
    assert time.perf_counter() - started < 3
    assert result.copy_source == "offline"
    assert any("APIConnectionError" in w for w in result.warnings)


async def test_invented_facts_are_dropped_field_by_field(fake_openai: FakeOpenAI) -> None:
    answer = {
        "tagline": "Nasi lemak terbaik di KL sejak 1985",
        "about": [
            "Warung Pak Mat menyediakan nasi lemak dan teh tarik di Kampung Baru.",
            "Semua hidangan kami halal dan hanya RM5!",
            "Dimasak oleh Chef Ahmad setiap pagi.",
        ],
        "meta_description": "Warung Pak Mat, Kampung Baru: nasi lemak, mee goreng dan teh tarik.",
        "contact_lead": "Hubungi kami di 019-999 9999 atau www.pakmat.my",
        "cta_whatsapp": "Tanya di WhatsApp",
    }
    fake_openai.replies = [Reply(content=json.dumps(answer))]
    result = await _generate(model_settings(fake_openai.base_url))
    assert result.copy_source == "llm"
    html = result.styles[0].html
    assert "terbaik" not in html and "1985" not in html
    assert "halal" not in html.lower() and "RM5!" not in html
    assert "Chef Ahmad" not in html
    assert "019-999" not in html and "pakmat.my" not in html
    assert "Warung Pak Mat menyediakan nasi lemak dan teh tarik di Kampung Baru." in html
    assert "Tanya di WhatsApp" in html
    dropped = " ".join(result.warnings)
    assert "dropped tagline" in dropped and "dropped contact_lead" in dropped
    assert dropped.count("dropped an about paragraph") == 2


async def test_answer_in_the_wrong_language_is_dropped(fake_openai: FakeOpenAI) -> None:
    english = {
        "about": [
            "Warung Pak Mat serves nasi lemak and teh tarik in Kampung Baru every day for you."
        ]
    }
    fake_openai.replies = [Reply(content=json.dumps(english))]
    result = await _generate(model_settings(fake_openai.base_url))
    assert result.copy_source == "offline"
    assert any("not in the site's language" in w for w in result.warnings)


async def test_english_site_asks_for_english(fake_openai: FakeOpenAI) -> None:
    fake_openai.replies = [Reply(content=json.dumps({"tagline": "Breakfast in Kampung Baru"}))]
    result = await _generate(model_settings(fake_openai.base_url), language="en")
    assert "English" in fake_openai.requests[0]["messages"][0]["content"]
    assert result.copy_source == "llm"
    assert "Breakfast in Kampung Baru" in result.styles[0].html
