"""Everything that can go wrong with a site, under one base class.

Each class's docstring is its default message. The API turns each into its HTTP answer;
nothing here knows about HTTP.
"""

from __future__ import annotations


class SiteError(Exception):
    """The site could not be changed."""

    code = "site_error"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())
        self.message = str(self)


class SiteNotFound(SiteError):
    """No such site."""

    code = "not_found"


class PhotoNotFound(SiteError):
    """No such photo on this site."""

    code = "not_found"


class VersionMismatch(SiteError):
    """The site changed since you loaded it (another tab or device?). Reload it and try again."""

    code = "version_mismatch"

    def __init__(self, current_version: int) -> None:
        super().__init__()
        self.current_version = current_version


class InvalidEdit(SiteError):
    """The change cannot be saved."""

    code = "invalid_edit"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class InvalidSlug(SiteError):
    """That address cannot be used."""

    code = "invalid_slug"


class SlugTaken(SiteError):
    """That address is already taken."""

    code = "slug_taken"

    def __init__(self, slug: str, suggestions: list[str]) -> None:
        super().__init__(f"The address {slug!r} is already taken; try one of the suggestions.")
        self.slug = slug
        self.suggestions = suggestions


class LimitReached(SiteError):
    """A limit was reached."""

    code = "limit_reached"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class SitesUnavailable(SiteError):
    """The site database is not answering right now; try again in a moment."""

    code = "unavailable"
