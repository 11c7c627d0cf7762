"""Keys a request hands the site store: what one must be before it is looked up."""

from __future__ import annotations


def storable(*keys: str | None) -> bool:
    """Whether keys taken from a request (a site id, a slug, a photo name) could name stored
    rows: none holds NUL or text that is not UTF-8, which PostgreSQL refuses outright (an
    error, where "not found" is the answer)."""
    for key in keys:
        if key is None:
            continue
        if "\x00" in key:
            return False
        try:
            key.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            return False
    return True
