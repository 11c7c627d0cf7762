"""Which kind of business a description is: weighed keywords, then the look-alike rules.

The deciding lives apart from the keyword tables (`kinds` and the modules it assembles) so
the tables stay plain data and the scoring can be read in one place.
"""

from __future__ import annotations

import itertools
import re

from bina.generator.kind_lookalikes import food_kind, literal_care, names_no_kind
from bina.generator.kinds import GENERAL, KINDS
from bina.generator.profile import BusinessType

_COMPILED: dict[BusinessType, list[tuple[int, re.Pattern[str]]]] = {
    key: [(weight, re.compile(rf"\b(?:{words})\b", re.I)) for weight, words in kind.keywords]
    for key, kind in KINDS.items()
}

# What a business is gets said early; scanning a long tail only costs time.
CLASSIFY_CHARS = 2000


def classify(text: str) -> tuple[BusinessType, str, int]:
    """(business type, schema.org type, score) for a description; 'general' when unsure.

    Each keyword adds its weight, and a keyword in the first sentence counts double: the
    opening words ("Kedai kek di Ipoh…") say most reliably what the business is.
    """
    text = literal_care(text[:CLASSIFY_CHARS])
    first = re.split(r"[.!?\n]", text, maxsplit=1)[0]
    if names_no_kind(first):
        return "general", GENERAL.schema_type, 0
    best: tuple[int, int, BusinessType] = (0, 0, "general")
    for key, patterns in _COMPILED.items():
        score = 0
        earliest = len(text)
        for weight, pattern in patterns:
            # A few mentions decide; counting hundreds would only cost time on long texts.
            for match in itertools.islice(pattern.finditer(text), 8):
                score += weight * (2 if match.start() < len(first) else 1)
                earliest = min(earliest, match.start())
        if score > best[0] or (score == best[0] and score and -earliest > best[1]):
            best = (score, -earliest, key)
    score, _, key = best
    # One everyday word once ("pintu kereta") does not make a kind.
    if score < 3:
        return "general", GENERAL.schema_type, score
    key = food_kind(key, first, text)
    kind = KINDS[key]
    schema_type = kind.schema_type
    for refinement, refined in kind.schema_refinements:
        if re.search(rf"\b(?:{refinement})\b", text, re.I):
            schema_type = refined
            break
    return key, schema_type, score
