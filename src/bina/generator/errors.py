"""Everything the generator raises on purpose, under one base class.

The class docstring is the default message, so `raise DescriptionTooShortError()` is enough;
callers that know the job's language pass a localised message instead.
"""

from __future__ import annotations


class GenerationError(Exception):
    """The website could not be generated from this description."""

    #: A short machine-readable code the API can show as `error`.
    code: str = "generation_failed"
    #: True when the user's input is at fault (a retry with the same text fails again, so the
    #: job system should not retry it; whether quota is refunded is its own decision).
    user_error: bool = True

    def __init__(self, message: str | None = None) -> None:
        self.message = message or (self.__doc__ or "").strip()
        super().__init__(self.message)


class EmptyDescriptionError(GenerationError):
    """The description is empty: say what the business is, where it is and how to reach it."""

    code = "description_empty"


class DescriptionTooShortError(GenerationError):
    """The description is too short to build a website from; add a few more words."""

    code = "description_too_short"


class DescriptionTooLongError(GenerationError):
    """The description is too long; keep it under a few thousand characters."""

    code = "description_too_long"


class CopyProviderError(GenerationError):
    """The language model could not write the copy; the offline writer is used instead."""

    code = "copy_provider_failed"
    user_error = False


class ImageProviderError(GenerationError):
    """The image service could not provide images; the offline art is used instead."""

    code = "image_provider_failed"
    user_error = False
