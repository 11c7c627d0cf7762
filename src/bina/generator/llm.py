"""Copy written by an OpenAI-compatible chat model, validated and fact-checked.

The model sees only the facts of the profile and may write a few fields (tagline, about
paragraphs, section titles, button labels, meta description) and pick a palette per style.
Its answer must be JSON matching `LLMCopy`; an invalid answer is retried once with the
error, then given up. Each field is then fact-checked (`factcheck.py`): a field that adds a
number, contact detail, claim or name the user did not give is dropped and the offline
wording is kept. Timeouts and errors never hang: the SDK timeout applies to every request,
the SDK does not retry, and one overall deadline bounds the whole exchange.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import httpx
import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bina.generator.copy import SiteCopy
from bina.generator.factcheck import FactChecker
from bina.generator.options import LLMOptions
from bina.generator.palettes import themes_for
from bina.generator.profile import BusinessProfile
from bina.generator.styles import STYLE_ORDER
from bina.generator.text import detect_language
from bina.generator.wording import FEATURE_LABELS, hours_rows

logger = logging.getLogger(__name__)

_TEXT_FIELDS = (
    "tagline",
    "about_title",
    "offer_title",
    "gallery_title",
    "hours_title",
    "location_title",
    "contact_title",
    "contact_lead",
    "cta_whatsapp",
    "cta_call",
    "cta_offer",
    "cta_directions",
    "meta_description",
)


class LLMCopy(BaseModel):
    """What the model may write. Every field is optional: a missing one keeps the offline text."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    tagline: str | None = Field(default=None, min_length=3, max_length=110)
    about: list[str] | None = Field(default=None, min_length=1, max_length=4)
    about_title: str | None = Field(default=None, min_length=2, max_length=40)
    offer_title: str | None = Field(default=None, min_length=2, max_length=40)
    gallery_title: str | None = Field(default=None, min_length=2, max_length=40)
    hours_title: str | None = Field(default=None, min_length=2, max_length=40)
    location_title: str | None = Field(default=None, min_length=2, max_length=40)
    contact_title: str | None = Field(default=None, min_length=2, max_length=40)
    contact_lead: str | None = Field(default=None, min_length=3, max_length=200)
    cta_whatsapp: str | None = Field(default=None, min_length=2, max_length=32)
    cta_call: str | None = Field(default=None, min_length=2, max_length=32)
    cta_offer: str | None = Field(default=None, min_length=2, max_length=32)
    cta_directions: str | None = Field(default=None, min_length=2, max_length=32)
    meta_description: str | None = Field(default=None, min_length=20, max_length=160)
    palettes: dict[str, str] | None = None


@dataclass
class CopyOutcome:
    """The copy per style, where it came from, and what was dropped on the way."""

    copies: dict[str, SiteCopy]
    source: str
    palettes: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


_SYSTEM = """You write the text of a small business's one-page website.
Rules, all of them strict:
- Write in {language_name} only{malay_note}.
- Use ONLY the facts given. Never add numbers, prices, years, phone numbers, addresses,
  web links, names of people, awards, certifications, ratings, "halal" or any claim such as
  "best", "fresh", "famous", "since", "traditional" unless that word is in the facts.
- Warm, plain and short; no exaggeration. Do not repeat the business name in every line.
- Answer with one JSON object and nothing else, with these optional keys:
  tagline (max 100 chars), about (list of 1-3 short paragraphs), about_title, offer_title,
  gallery_title, hours_title, location_title, contact_title (each max 40 chars),
  contact_lead (max 180), cta_whatsapp, cta_call, cta_offer, cta_directions (each max 30),
  meta_description (max 155), palettes (object mapping each of {styles} to one of {themes})."""


def _facts(profile: BusinessProfile) -> dict[str, Any]:
    language = profile.language
    facts: dict[str, Any] = {
        "name": profile.name,
        "kind": profile.business_type,
        "label": profile.label,
        "area": profile.area,
        "address": profile.address,
        "items": [
            {
                "name": item.name,
                **({"for": item.variant} if item.variant else {}),
                "has_price": item.price is not None,
            }
            for item in profile.items
        ],
        "notes": list(profile.notes),
        "features": [FEATURE_LABELS[f][language] for f in profile.features if f in FEATURE_LABELS],
        "opening_hours": [
            f"{days}: {value}" for days, value, _ in hours_rows(profile.hours, language)
        ],
        "established": profile.established,
        "has_whatsapp": profile.whatsapp is not None,
        "owner_words": list(profile.highlights),
        "description": profile.description,
    }
    return {key: value for key, value in facts.items() if value not in (None, [], "")}


def json_object(content: str) -> Any:
    """The JSON object in a reply, tolerating ```json fences and text around it."""
    text = content.strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.S)
    if fenced:
        text = fenced.group(1).strip()
    if not text.startswith("{"):
        start, end = text.find("{"), text.rfind("}")
        if start >= 0 and end > start:
            text = text[start : end + 1]
    return json.loads(text)


def model_client(base_url: str, api_key: str | None, timeout_s: float) -> AsyncOpenAI:
    """A client whose every request gives up after `timeout_s` and is never retried by the
    SDK: the callers retry once themselves, within their own deadline."""
    return AsyncOpenAI(
        base_url=base_url, api_key=api_key or "not-needed", timeout=timeout_s, max_retries=0
    )


class LLMCopyWriter:
    """Asks an OpenAI-compatible model for the copy; falls back per field, never hangs."""

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | None,
        timeout_s: float,
        client: AsyncOpenAI | None = None,
    ) -> None:
        self._model = model
        self._timeout_s = timeout_s
        self._client = client or model_client(base_url, api_key, timeout_s)

    @property
    def budget_s(self) -> float:
        """The longest one exchange may take: a request, a retry after an invalid answer."""
        return self._timeout_s * 2 + 1

    @classmethod
    def from_options(cls, options: LLMOptions) -> LLMCopyWriter:
        return cls(
            base_url=options.base_url,
            model=options.model,
            api_key=options.api_key,
            timeout_s=options.timeout_s,
        )

    async def aclose(self) -> None:
        await self._client.close()

    async def write(
        self,
        profile: BusinessProfile,
        offline: dict[str, SiteCopy],
        *,
        deadline: float | None = None,
    ) -> CopyOutcome:
        """Model copy merged over the offline copy; the offline copy alone when anything fails.

        `deadline` (event-loop time) ends the exchange early when reading the facts already
        used part of the budget; the writer's own bound applies either way.
        """
        until = asyncio.get_running_loop().time() + self.budget_s
        if deadline is not None:
            until = min(until, deadline)
        try:
            async with asyncio.timeout_at(until):
                answer, warnings = await self._ask(profile)
        except (openai.APIError, httpx.HTTPError, TimeoutError) as exc:
            reason = type(exc).__name__
            logger.warning("language model failed (%s); using the offline copy", reason)
            return CopyOutcome(
                copies=offline,
                source="offline",
                warnings=[f"llm: {reason}; the offline copy was used"],
            )
        if answer is None:
            return CopyOutcome(copies=offline, source="offline", warnings=warnings)
        return self._merge(profile, offline, answer, warnings)

    async def _ask(self, profile: BusinessProfile) -> tuple[LLMCopy | None, list[str]]:
        language_name = "Malay (Bahasa Malaysia)" if profile.language == "ms" else "English"
        system = _SYSTEM.format(
            language_name=language_name,
            malay_note=", natural Malaysian Malay, not Indonesian"
            if profile.language == "ms"
            else "",
            styles=", ".join(STYLE_ORDER),
            themes=", ".join(t.key for t in themes_for(profile.business_type, profile.description)),
        )
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": system},
            {"role": "user", "content": json.dumps(_facts(profile), ensure_ascii=False)},
        ]
        warnings: list[str] = []
        for attempt in (1, 2):
            response = await self._client.chat.completions.create(
                model=self._model,
                messages=messages,
                response_format={"type": "json_object"},
                temperature=0.6,
                max_tokens=1200,
            )
            content = response.choices[0].message.content if response.choices else None
            try:
                return LLMCopy.model_validate(json_object(content or "")), warnings
            except (ValueError, ValidationError) as exc:
                problem = str(exc).splitlines()[0][:200]
                warnings.append(f"llm: invalid answer on attempt {attempt}: {problem}")
                messages += [
                    {"role": "assistant", "content": (content or "")[:4000]},
                    {
                        "role": "user",
                        "content": (
                            f"That was not valid ({problem}). Reply with the JSON object only."
                        ),
                    },
                ]
        warnings.append("llm: no valid answer after a retry; the offline copy was used")
        return None, warnings

    def _merge(
        self,
        profile: BusinessProfile,
        offline: dict[str, SiteCopy],
        answer: LLMCopy,
        warnings: list[str],
    ) -> CopyOutcome:
        checker = FactChecker(profile)
        accepted: dict[str, Any] = {}
        for name in _TEXT_FIELDS:
            value = getattr(answer, name)
            if value is None:
                continue
            problem = checker.problem(value)
            if (
                problem is None
                and len(value.split()) >= 8
                and detect_language(value) != profile.language
            ):
                problem = "not in the site's language"
            if problem:
                warnings.append(f"llm: dropped {name}: {problem}")
            else:
                accepted[name] = value
        if answer.about:
            kept = []
            for paragraph in answer.about:
                problem = checker.problem(paragraph)
                if (
                    problem is None
                    and len(paragraph.split()) >= 8
                    and detect_language(paragraph) != profile.language
                ):
                    problem = "not in the site's language"
                if problem:
                    warnings.append(f"llm: dropped an about paragraph: {problem}")
                elif 3 <= len(paragraph) <= 600:
                    kept.append(paragraph)
            if kept:
                accepted["about"] = kept
        palettes: dict[str, str] = {}
        allowed = {t.key for t in themes_for(profile.business_type, profile.description)}
        for style, theme in (answer.palettes or {}).items():
            if style in STYLE_ORDER and theme in allowed:
                palettes[style] = theme
        if not accepted:
            warnings.append("llm: nothing usable in the answer; the offline copy was used")
            return CopyOutcome(
                copies=offline, source="offline", palettes=palettes, warnings=warnings
            )
        copies = {style: copy.model_copy(update=accepted) for style, copy in offline.items()}
        return CopyOutcome(copies=copies, source="llm", palettes=palettes, warnings=warnings)
