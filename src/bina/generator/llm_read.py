"""Facts read by an OpenAI-compatible model, verified against the text, merged over the rules.

The rule reader (`analyze`) always runs first and its profile is the base. The model is asked
for the same facts as JSON: a strict JSON schema where the endpoint supports structured
output, plain JSON mode where it refuses one. The answer is validated (one retry), then every
value is checked against the description and merged (`fact_merge.py`). A timeout, an HTTP
error, invalid JSON twice or nothing verifiable leaves the rules' profile as it is: reading
never fails a generation and never runs past its deadline.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam
from pydantic import ValidationError

from bina.generator.fact_answer import DAYS, ReadFacts
from bina.generator.fact_checks import FEATURE_TRIGGERS
from bina.generator.fact_merge import merge_facts
from bina.generator.llm import json_object, model_client
from bina.generator.options import LLMOptions
from bina.generator.profile import BUSINESS_TYPES, SERVICE_MODES, BusinessProfile

logger = logging.getLogger(__name__)


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


def _strict(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def extraction_schema() -> dict[str, Any]:
    """The JSON schema of `ReadFacts` in the strict form structured output requires."""
    feature_keys = sorted(FEATURE_TRIGGERS)
    item = _strict(
        {
            "name": {"type": "string"},
            "variant": _nullable("string"),
            "price": _nullable("string"),
            "unit": _nullable("string"),
        }
    )
    time_range = _strict({"opens": {"type": "string"}, "closes": _nullable("string")})
    day = _strict(
        {
            "day": {"type": "string", "enum": list(DAYS)},
            "closed": {"type": "boolean"},
            "ranges": {"type": "array", "items": time_range},
        }
    )
    return _strict(
        {
            "name": _nullable("string"),
            "business_type": _nullable("string", enum=[*BUSINESS_TYPES, None]),
            "area": _nullable("string"),
            "address": _nullable("string"),
            "phones": {"type": "array", "items": {"type": "string"}},
            "email": _nullable("string"),
            "items": {"type": "array", "items": item},
            "hours": {"type": "array", "items": day},
            "features": {"type": "array", "items": {"type": "string", "enum": feature_keys}},
            "modes": {"type": "array", "items": {"type": "string", "enum": list(SERVICE_MODES)}},
            "notes": {"type": "array", "items": {"type": "string"}},
            "established": _nullable("string"),
            "specialty": _nullable("string"),
        }
    )


_SYSTEM = """You read the description a small Malaysian business owner wrote (Malay, English
or a mix, with shorthand such as utk, yg, dgn, thn, bln) and extract its facts as JSON.
Rules, all of them strict:
- Copy every value from the text. Never guess, complete, translate or invent anything;
  use null or [] for what the text does not say.
- name: the business name only if the owner wrote one; specialty: what it is known for.
- business_type: one of {kinds}.
- area: town or neighbourhood as written; address: the street address as written.
- phones: each number exactly as written. email as written.
- items: each product or service; name as written, variant = who or what that price is for
  (e.g. "kanak-kanak", "small dogs"), price = the amount exactly as written next to it
  (e.g. "RM7", "6.50", "80-120"), unit = per what (e.g. "piece", "month", "kg") or null.
  One price per item; a price belongs to the words written right next to it.
- hours: per day (mon..sun) the opening ranges as HH:MM 24-hour, or closed true.
- features: only from {features}; modes (main way first): only from {modes}.
- notes: other facts in the owner's words with shorthand spelled out (seasons, lead times,
  minimum orders, what a service includes, qualifications).
- established: the year they started, only if written.
Answer with one JSON object with exactly these keys: name, business_type, area, address,
phones, email, items, hours, features, modes, notes, established, specialty."""


def _system_prompt() -> str:
    return _SYSTEM.format(
        kinds=", ".join(BUSINESS_TYPES),
        features=", ".join(sorted(FEATURE_TRIGGERS)),
        modes=", ".join(SERVICE_MODES),
    )


# --- asking ----------------------------------------------------------------------------------


@dataclass
class ReadOutcome:
    """The profile to build the site from, where its facts came from, and what went wrong."""

    profile: BusinessProfile
    source: Literal["rules", "llm"]
    warnings: list[str] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def _format_rejected(exc: openai.APIStatusError) -> bool:
    if exc.status_code not in (400, 422):
        return False
    text = f"{exc.message} {exc.body}".lower()
    return any(word in text for word in ("response_format", "json_schema", "schema"))


class LLMFactReader:
    """Asks an OpenAI-compatible model for the facts; the rules' profile whenever it fails."""

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
        # Learnt from the endpoint: once it refuses a JSON schema, ask for a JSON object; once
        # it refuses that too, ask in the prompt alone.
        self._formats: list[str] = ["json_schema", "json_object", "prompt"]

    @classmethod
    def from_options(cls, options: LLMOptions) -> LLMFactReader:
        return cls(
            base_url=options.base_url,
            model=options.model,
            api_key=options.api_key,
            timeout_s=options.timeout_s,
        )

    async def aclose(self) -> None:
        await self._client.close()

    async def read(self, base: BusinessProfile, *, deadline: float | None = None) -> ReadOutcome:
        """The rules' profile with the model's verified facts merged in; never raises for the
        model's sake and never runs past `deadline` (event-loop time) or one request timeout."""
        loop = asyncio.get_running_loop()
        until = loop.time() + self._timeout_s
        if deadline is not None:
            until = min(until, deadline)
        try:
            async with asyncio.timeout_at(until):
                facts, warnings = await self._ask(base.description)
        except (openai.APIError, httpx.HTTPError, TimeoutError) as exc:
            reason = type(exc).__name__
            logger.warning("language model reading failed (%s); using the rules' reading", reason)
            return ReadOutcome(
                profile=base,
                source="rules",
                warnings=[f"llm: reading failed ({reason}); the rules' reading was used"],
            )
        if facts is None:
            return ReadOutcome(profile=base, source="rules", warnings=warnings)
        try:
            merged, used, dropped = merge_facts(base, facts)
        except (ValidationError, ValueError, ArithmeticError) as exc:
            logger.warning("model facts did not make a valid profile (%s)", exc)
            return ReadOutcome(
                profile=base,
                source="rules",
                warnings=[
                    *warnings,
                    "llm: the facts read did not fit; the rules' reading was used",
                ],
            )
        for reason in dropped:
            logger.debug("model fact dropped: %s", reason)
        if not used:
            logger.debug("nothing verifiable the rules did not have; the rules' reading is used")
        return ReadOutcome(
            profile=merged,
            source="llm" if used else "rules",
            warnings=warnings,
            used=used,
            dropped=dropped,
        )

    async def _ask(self, description: str) -> tuple[ReadFacts | None, list[str]]:
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": _system_prompt()},
            {"role": "user", "content": description},
        ]
        warnings: list[str] = []
        invalid = 0
        while True:
            kind = self._formats[0]
            extra: dict[str, Any] = {}
            if kind == "json_schema":
                extra["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {
                        "name": "business_facts",
                        "strict": True,
                        "schema": extraction_schema(),
                    },
                }
            elif kind == "json_object":
                extra["response_format"] = {"type": "json_object"}
            try:
                response = await self._client.chat.completions.create(
                    model=self._model,
                    messages=messages,
                    temperature=0,
                    max_tokens=1800,
                    **extra,
                )
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                if len(self._formats) == 1 or not _format_rejected(exc):
                    raise
                logger.info("the model endpoint refused response_format %s; trying the next", kind)
                if self._formats[0] == kind:  # another generation may have moved on already
                    self._formats = self._formats[1:]
                continue
            content = response.choices[0].message.content if response.choices else None
            try:
                return ReadFacts.model_validate(json_object(content or "")), warnings
            except (ValueError, ValidationError) as exc:
                invalid += 1
                problem = str(exc).splitlines()[0][:200]
                warnings.append(f"llm: invalid facts on attempt {invalid}: {problem}")
                if invalid >= 2:
                    warnings.append(
                        "llm: no valid facts after a retry; the rules' reading was used"
                    )
                    return None, warnings
                messages += [
                    {"role": "assistant", "content": (content or "")[:4000]},
                    {
                        "role": "user",
                        "content": f"That was not valid ({problem}). Reply with the JSON only.",
                    },
                ]
