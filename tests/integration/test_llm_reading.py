"""The model reading the facts, against the scripted OpenAI-compatible server.

The rules' profile is made worse on purpose (`_forgetful_rules`) so that the tests do not
depend on what the rule reader happens to miss: the model's verified facts must fill the
gaps, its invented facts must never reach the page, and any failure leaves the rules' reading
with generation still quick.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from bina.config import Settings
from bina.generator import GenerationResult
from bina.generator import pipeline as pipeline_module
from bina.generator.analyze import analyze
from bina.generator.profile import BusinessProfile, Language
from tests.integration.openai_fake import (
    FakeOpenAI,
    Reply,
    generate_with,
    model_settings,
    serve_fake_openai,
)

DESCRIPTION = (
    "Durian Ah Seng, gerai durian tepi jalan di Bentong. Musang King RM45/kg, "
    "D24 RM28/kg, Black Thorn (duri hitam) RM60/kg. Musim durian Jun-Ogos sahaja. "
    "Buka 10 pagi - 7 petang. WhatsApp 012-778 9900."
)
GOOD_FACTS: dict[str, Any] = {
    "name": "Durian Ah Seng",
    "business_type": "fruit_stall",
    "area": "Bentong",
    "address": None,
    "phones": ["012-778 9900"],
    "email": None,
    "items": [
        {"name": "Musang King", "variant": None, "price": "RM45", "unit": "kg"},
        {"name": "D24", "variant": None, "price": "RM28", "unit": "kg"},
        {"name": "Black Thorn", "variant": "duri hitam", "price": "RM60", "unit": "kg"},
    ],
    "hours": [],
    "features": [],
    "modes": [],
    "notes": ["Musim durian Jun-Ogos"],
    "established": None,
    "specialty": None,
}
COPY = {"tagline": "Durian dari gerai kami di Bentong"}


def _forgetful_rules(description: str, language: Language = "ms") -> BusinessProfile:
    """The rule reader, minus the name, the D24 price and any notes."""
    profile = analyze(description, language)
    items = tuple(item for item in profile.items if "d24" not in item.name.lower())
    return profile.model_copy(update={"name": None, "items": items, "notes": ()})


@pytest.fixture
def fake_openai(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    monkeypatch.setattr(pipeline_module, "analyze", _forgetful_rules)
    with serve_fake_openai() as fake:
        yield fake


async def _generate(settings: Settings, language: Language = "ms") -> GenerationResult:
    return await generate_with(settings, DESCRIPTION, language)


def _priced(result: GenerationResult) -> set[tuple[str, str | None, Decimal | None]]:
    return {(item.name, item.variant, item.price) for item in result.profile.items if item.price}


async def test_verified_facts_fill_what_the_rules_missed(fake_openai: FakeOpenAI) -> None:
    fake_openai.read_replies = [Reply(content=json.dumps(GOOD_FACTS))]
    fake_openai.replies = [Reply(content=json.dumps(COPY))]
    result = await _generate(model_settings(fake_openai.base_url))
    assert result.warnings == []
    profile = result.profile
    assert profile.name == "Durian Ah Seng"
    assert ("D24", None, Decimal("28")) in _priced(result)
    assert any("Jun-Ogos" in note for note in profile.notes)
    d24 = next(item for item in profile.items if item.name == "D24")
    assert d24.unit == "kg"
    for style in result.styles:
        assert "Durian Ah Seng" in style.html
        assert "D24" in style.html and "28" in style.html
    # The merged facts are what the copy writer was given.
    written_from = json.loads(fake_openai.requests[0]["messages"][1]["content"])
    assert written_from["name"] == "Durian Ah Seng"
    assert "D24" in {item["name"] for item in written_from["items"]}
    assert any("Jun-Ogos" in note for note in written_from["notes"])
    request = fake_openai.read_requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["strict"] is True
    assert request["messages"][1]["content"] == profile.description
    assert request["temperature"] == 0


async def test_endpoint_without_json_schema_gets_plain_json(fake_openai: FakeOpenAI) -> None:
    refusal = json.dumps(
        {
            "error": {
                "message": "response_format.type 'json_schema' is not supported by this model",
                "type": "invalid_request_error",
                "param": "response_format",
            }
        }
    )
    fake_openai.read_replies = [
        Reply(status=400, raw=refusal),
        Reply(content=json.dumps(GOOD_FACTS)),
    ]
    fake_openai.replies = [Reply(content=json.dumps(COPY))]
    result = await _generate(model_settings(fake_openai.base_url))
    assert len(fake_openai.read_requests) == 2
    assert fake_openai.read_requests[0]["response_format"]["type"] == "json_schema"
    assert fake_openai.read_requests[1]["response_format"] == {"type": "json_object"}
    # Plain JSON mode still tells the model the keys it must answer with.
    assert "business_type" in fake_openai.read_requests[1]["messages"][0]["content"]
    assert result.profile.name == "Durian Ah Seng"
    assert result.warnings == []


async def test_endpoint_without_response_format_gets_the_prompt_alone(
    fake_openai: FakeOpenAI,
) -> None:
    refusal = '{"error": {"message": "Unsupported parameter: response_format"}}'
    fake_openai.read_replies = [
        Reply(status=400, raw=refusal),
        Reply(status=422, raw=refusal),
        Reply(content="Here are the facts:\n```json\n" + json.dumps(GOOD_FACTS) + "\n```"),
    ]
    result = await _generate(model_settings(fake_openai.base_url))
    formats = [r.get("response_format") for r in fake_openai.read_requests]
    assert [f["type"] if f else None for f in formats] == ["json_schema", "json_object", None]
    assert result.profile.name == "Durian Ah Seng"


async def test_other_bad_requests_are_not_retried(fake_openai: FakeOpenAI) -> None:
    fake_openai.read_replies = [
        Reply(status=400, raw='{"error": {"message": "context length exceeded"}}')
    ]
    fake_openai.replies = [Reply(content=json.dumps(COPY))]
    result = await _generate(model_settings(fake_openai.base_url))
    assert len(fake_openai.read_requests) == 1
    assert result.profile.name is None
    assert any("BadRequestError" in w for w in result.warnings)


async def test_malformed_json_twice_keeps_the_rules(fake_openai: FakeOpenAI) -> None:
    fake_openai.read_replies = [Reply(content="{not json"), Reply(content="name: Durian")]
    fake_openai.replies = [Reply(content=json.dumps(COPY))]
    result = await _generate(model_settings(fake_openai.base_url))
    assert len(fake_openai.read_requests) == 2
    assert "not valid" in fake_openai.read_requests[1]["messages"][-1]["content"]
    assert result.profile.name is None
    assert "D24" not in {item.name for item in result.profile.items}
    assert any("no valid facts after a retry" in w for w in result.warnings)
    assert result.copy_source == "llm"  # writing is a separate exchange
    assert len(result.styles) == 3


async def test_schema_invalid_then_valid_uses_the_second(fake_openai: FakeOpenAI) -> None:
    fake_openai.read_replies = [
        Reply(content=json.dumps({**GOOD_FACTS, "items": "Musang King, D24"})),
        Reply(content=json.dumps(GOOD_FACTS)),
    ]
    result = await _generate(model_settings(fake_openai.base_url))
    assert result.profile.name == "Durian Ah Seng"
    assert any("invalid facts on attempt 1" in w for w in result.warnings)


async def test_schema_invalid_twice_keeps_the_rules(fake_openai: FakeOpenAI) -> None:
    bad = {**GOOD_FACTS, "hours": [{"day": "everyday", "ranges": "10-7"}]}
    fake_openai.read_replies = [Reply(content=json.dumps(bad)), Reply(content=json.dumps(bad))]
    result = await _generate(model_settings(fake_openai.base_url))
    assert len(fake_openai.read_requests) == 2
    assert result.profile.name is None
    assert any("rules' reading was used" in w for w in result.warnings)


async def test_slow_reading_times_out_and_generation_stays_quick(
    fake_openai: FakeOpenAI,
) -> None:
    fake_openai.read_replies = [Reply(content=json.dumps(GOOD_FACTS), delay_s=10)]
    fake_openai.replies = [Reply(content=json.dumps(COPY))]
    started = time.perf_counter()
    result = await _generate(model_settings(fake_openai.base_url, timeout_s=0.5))
    elapsed = time.perf_counter() - started
    assert elapsed < 2.5, elapsed
    assert len(fake_openai.read_requests) == 1
    assert result.profile.name is None
    assert any("TimeoutError" in w or "APITimeoutError" in w for w in result.warnings)
    # The copy still had its share of the budget.
    assert result.copy_source == "llm"
    assert len(result.styles) == 3


async def test_slow_reading_and_slow_writing_share_one_budget(fake_openai: FakeOpenAI) -> None:
    fake_openai.read_replies = [Reply(content=json.dumps(GOOD_FACTS), delay_s=10)]
    fake_openai.replies = [Reply(content=json.dumps(COPY), delay_s=10)]
    started = time.perf_counter()
    result = await _generate(model_settings(fake_openai.base_url, timeout_s=0.5))
    assert time.perf_counter() - started < 2.5  # within 2 x timeout + 1, as without reading
    assert result.copy_source == "offline"
    assert len(result.styles) == 3


async def test_http_500_keeps_the_rules(fake_openai: FakeOpenAI) -> None:
    fake_openai.read_replies = [Reply(status=500, raw='{"error": {"message": "boom"}}')]
    fake_openai.replies = [Reply(content=json.dumps(COPY))]
    result = await _generate(model_settings(fake_openai.base_url))
    assert len(fake_openai.read_requests) == 1
    assert result.profile.name is None
    assert any("InternalServerError" in w for w in result.warnings)
    assert all("Durian" in style.html for style in result.styles)


async def test_invented_facts_never_reach_the_page(fake_openai: FakeOpenAI) -> None:
    invented = {
        **GOOD_FACTS,
        "name": "Raja Durian Bentong",
        "area": "Genting Highlands",
        "address": "Lot 88, Jalan Besar, Karak",
        "phones": ["012-778 9900", "019-555 1212"],
        "email": "order@rajadurian.my",
        "items": [
            {"name": "Musang King", "variant": None, "price": "RM39", "unit": "kg"},
            {"name": "Red Prawn", "variant": None, "price": "RM35", "unit": "kg"},
            {"name": "D24", "variant": "gred A", "price": "RM28", "unit": "kg"},
        ],
        "features": ["halal_certified", "delivery"],
        "notes": ["Pemenang Anugerah Durian Terbaik 2019"],
        "established": "1988",
        "hours": [{"day": "mon", "ranges": [{"opens": "08:00", "closes": "23:00"}]}],
    }
    fake_openai.read_replies = [Reply(content=json.dumps(invented))]
    fake_openai.replies = [Reply(content=json.dumps(COPY))]
    result = await _generate(model_settings(fake_openai.base_url))
    profile = result.profile
    assert profile.name is None
    assert "D24" not in {item.name for item in profile.items}
    for style in result.styles:
        html = style.html
        for invented_text in (
            "Raja Durian",
            "Genting",
            "Karak",
            "019-555",
            "rajadurian",
            "Red Prawn",
            "RM39",
            "gred A",
            "Anugerah",
            "1988",
            "23:00",
            "11:00 malam",
        ):
            assert invented_text not in html, invented_text
        assert "Sijil halal" not in html
    assert not {"halal_certified", "delivery"} & set(profile.features)
    assert profile.established is None and profile.address is None and profile.email is None
