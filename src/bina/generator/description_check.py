"""Whether a description can be read at all: not empty, not too short, not too long.

The one rule for what a usable description is, with its messages in Malay and English. The
API applies it before a generation is charged, so it stands apart from the reading itself.
"""

from __future__ import annotations

import unicodedata

from bina.generator.errors import (
    DescriptionTooLongError,
    DescriptionTooShortError,
    EmptyDescriptionError,
    GenerationError,
)
from bina.generator.profile import Language
from bina.generator.text import clean, words

__all__ = ["MAX_DESCRIPTION_CHARS", "check_description"]

MAX_DESCRIPTION_CHARS = 5000
_ERRORS: dict[type[GenerationError], dict[str, str]] = {
    EmptyDescriptionError: {
        "ms": "Penerangan kosong. Tulis jenis perniagaan, lokasi dan cara menghubungi anda.",
        "en": "The description is empty. Say what the business is, where, and how to reach it.",
    },
    DescriptionTooShortError: {
        "ms": "Penerangan terlalu pendek. Tambah beberapa perkataan tentang perniagaan anda.",
        "en": "The description is too short. Add a few words about the business.",
    },
    DescriptionTooLongError: {
        "ms": f"Penerangan terlalu panjang (had {MAX_DESCRIPTION_CHARS} aksara).",
        "en": f"The description is too long (at most {MAX_DESCRIPTION_CHARS} characters).",
    },
}


def _fail(error: type[GenerationError], language: Language) -> GenerationError:
    return error(_ERRORS[error][language])


def check_description(description: str, language: Language) -> str:
    """The cleaned description, or a `GenerationError` when it cannot be used.

    The one rule for "too short, no words": the API applies it before a start is charged, so
    a description that would always fail here never costs a generation.
    """
    if len(description) > MAX_DESCRIPTION_CHARS * 2:
        raise _fail(DescriptionTooLongError, language)
    text = clean(description)
    if not text:
        raise _fail(EmptyDescriptionError, language)
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise _fail(DescriptionTooLongError, language)
    letters = sum(1 for c in text if c.isalpha() and unicodedata.category(c).startswith("L"))
    if letters < 6 or len(words(text)) < 2:
        raise _fail(DescriptionTooShortError, language)
    return text
