"""A published site's address: `/s/{slug}` (and `{slug}.{BINA_SITES_DOMAIN}`).

A slug is 3–40 characters of `a-z`, `0-9` and `-`, neither starting nor ending with `-`,
never two `-` in a row (so it is also a valid DNS label), and not a word the service or a
sites domain needs for itself. Suggestions come from the business's name and area, so an
owner rarely has to invent one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MIN_LENGTH = 3
MAX_LENGTH = 40
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

RESERVED = frozenset(
    {
        "about", "account", "admin", "api", "app", "assets", "auth", "bina", "blog", "cdn",
        "create", "dashboard", "docs", "edit", "help", "home", "login", "logout", "mail",
        "media", "metrics", "new", "null", "og", "preview", "privacy", "public", "root", "s",
        "settings", "signin", "signup", "site", "sites", "static", "status", "support", "terms",
        "test", "undefined", "user", "users", "www",
    }
)  # fmt: skip


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot be an address, in a sentence; None when it can."""
    if not MIN_LENGTH <= len(slug) <= MAX_LENGTH:
        return f"An address is {MIN_LENGTH} to {MAX_LENGTH} characters long."
    if not _SLUG.match(slug):
        return (
            "An address uses only lower-case letters a-z, digits and single hyphens, "
            "and does not start or end with a hyphen."
        )
    if slug in RESERVED:
        return "That address is reserved."
    return None


def slugify(text: str) -> str:
    """`Kedai Kek Puan Salmah!` → `kedai-kek-puan-salmah`; accents dropped, cut at a word."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("&", " dan "))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_LENGTH:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:MAX_LENGTH]
    return slug


def candidates(name: str, area: str | None, business_kind: str | None = None) -> list[str]:
    """Slugs worth suggesting for a business, best first, each one usable (free or not)."""
    base = slugify(name)
    found: list[str] = []

    def add(slug: str) -> None:
        if slug and slug not in found and slug_problem(slug) is None:
            found.append(slug)

    add(base)
    if area:
        add(slugify(f"{name} {area}"))
    if business_kind:
        add(slugify(f"{name} {business_kind}"))
    words = base.split("-")
    if len(words) > 2:
        add("-".join(words[:2]))
    stem = base if len(base) >= MIN_LENGTH else (base + "-kedai").strip("-")
    for number in range(2, 100):
        add(f"{stem[: MAX_LENGTH - 3]}-{number}".replace("--", "-"))
    return found


def first_free(options: Iterable[str], taken: set[str], count: int) -> list[str]:
    """The first `count` of `options` not in `taken`."""
    free = [slug for slug in options if slug not in taken]
    return free[:count]
