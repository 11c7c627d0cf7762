"""What the generator may be told: a model for the facts and the copy, an image service, pacing.

Only what generation needs, nothing else of the service's settings (no database URL, no
secrets but the model's key): the application builds these from its settings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LLMOptions:
    """An OpenAI-compatible chat model that writes the copy and helps read the facts."""

    base_url: str
    model: str
    api_key: str | None = None
    timeout_s: float = 45.0
    #: Also ask the model for the facts (verified against the text, merged over the rules').
    read_facts: bool = True


@dataclass(frozen=True, slots=True)
class GeneratorOptions:
    """How to generate; the defaults are the offline generator, as fast as it goes."""

    #: Spread the offline stages over this many seconds (to rehearse a model's latency).
    offline_delay_s: float = 0.0
    #: An HTTP image provider; None draws offline SVG art.
    image_api_url: str | None = None
    #: A model for the copy; None writes it offline.
    llm: LLMOptions | None = None
