"""The owner's own sentences ready to show: shorthand spelled out, emoji and "!!" removed,
a capital first letter and a full stop; and the profile's notes made ready that way.

The owner's words are cleaned, never reworded. A page shows the notes its profile holds when
it is rendered, not only when its copy was written, so this is shared by the offline writer
and the page (page_view).
"""

from __future__ import annotations

import re

from bina.generator.profile import BusinessProfile
from bina.generator.text import detect_language, expand_shorthand, strip_symbols, trim, words

__all__ = ["facts_for", "user_sentence"]


def user_sentence(text: str) -> str | None:
    """The user's own sentence ready to show: shorthand spelled out, no emoji, no "!!",
    first letter upper case, ending in a full stop or a single "!" or "?"."""
    # "30 min" after a number is minutes, not "minimum".
    text = re.sub(r"(\d\s?)min\b", "\\1\x01", text)
    text = expand_shorthand(text, detect_language(text)).replace("\x01", "min")
    text = strip_symbols(text)
    text = re.sub(r"([!?])[!?]+", r"\1", text)
    text = re.sub(r"\.{2,}(?!\.)", ".", text.replace("…", "."))
    text = re.sub(r"\s+([,.;:!?])", r"\1", " ".join(text.split())).strip(" -•*:;,")
    if len(words(text)) < 2:
        return None
    text = trim(text, 200)
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def facts_for(profile: BusinessProfile) -> tuple[str, ...]:
    """The profile's notes ready to show (also for a page whose stored copy is older than
    the owner's latest notes)."""
    facts: list[str] = []
    shown = {user_sentence(h) for h in profile.highlights}
    for note in profile.notes:
        sentence = user_sentence(note)
        if sentence and sentence not in facts and sentence not in shown:
            facts.append(sentence)
    return tuple(facts[:8])
