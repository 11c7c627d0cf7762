"""Each sentence said once on a page: whether two sentences repeat each other, and the copy
with the later of any two that do left out.

Used when the offline copy is written and again when a page is rendered (page_view), where
an owner's own tagline or about text can say what our words already say; so it stands apart
from the writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bina.generator.site_copy import SiteCopy
from bina.generator.text import sentences

__all__ = ["first_unsaid", "repeats", "unrepeated", "unsaid"]

_KEY_WORD = re.compile(r"[^\W_]+")


def _key(sentence: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in _KEY_WORD.findall(sentence))


def repeats(sentence: str, other: str) -> bool:
    """Whether two sentences say the same thing: the same words, or the words of one (of
    three words or more) inside the other ("Kami datang ke rumah anda." and "Kami datang ke
    rumah anda. Hubungi kami."). Case and punctuation do not count."""
    a, b = _key(sentence), _key(other)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(short) < 3:
        return False
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def unsaid(paragraph: str, said: list[str]) -> str:
    """The paragraph without the sentences the page has already said (or that it says
    twice itself); `said` grows by the sentences kept. Unchanged when nothing repeats."""
    kept: list[str] = []
    for sentence in sentences(paragraph):
        if not any(repeats(sentence, other) for other in said):
            kept.append(sentence)
            said.append(sentence)
    if len(kept) == len(sentences(paragraph)):
        return paragraph
    return " ".join(kept)


def first_unsaid(options: Iterable[str], said: list[str]) -> str | None:
    """The first option with something left to say once what `said` holds is left out;
    `said` grows by what it says."""
    for option in options:
        trial = list(said)
        kept = unsaid(option, trial)
        if kept:
            said[:] = trial
            return kept
    return None


def unrepeated(copy: SiteCopy, *, owner_about: bool = False) -> SiteCopy:
    """The copy saying each sentence once, in the order the page shows them: the tagline,
    the about paragraphs, the facts, then the contact lead. A later sentence that repeats an
    earlier one is left out. `owner_about`: the about text is the owner's own and is kept
    whole (what follows it yields to it)."""
    said = [copy.tagline]
    about: list[str] = []
    for paragraph in copy.about:
        if owner_about:
            said.extend(sentences(paragraph))
            about.append(paragraph)
        elif kept := unsaid(paragraph, said):
            about.append(kept)
    facts = tuple(kept for fact in copy.facts if (kept := unsaid(fact, said)))
    # The contact section needs a lead: one that would say nothing new stays as it is.
    lead = unsaid(copy.contact_lead, said) or copy.contact_lead
    update = {"about": about or list(copy.about[:1]), "facts": facts, "contact_lead": lead}
    if all(getattr(copy, key) == value for key, value in update.items()):
        return copy
    return copy.model_copy(update=update)
