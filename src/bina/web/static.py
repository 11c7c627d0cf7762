"""Static files for the page, served under a content-hashed path so phones cache them for good.

`/static/<version>/app.js` is immutable for a year: `<version>` is a hash of every file in the
folder, so any change gives new URLs. Relative imports between the ES modules keep the version
segment without a build step or an import map. Plain `/static/app.js` still works (revalidated
on each use) for anything that links to it by name.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from fastapi import FastAPI
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).parent / "static"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


@lru_cache(maxsize=1)
def static_version() -> str:
    """A short hash of the static files' names and contents (computed once per process)."""
    digest = hashlib.sha256()
    for path in sorted(STATIC_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(STATIC_DIR).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return "v-" + digest.hexdigest()[:12]


def static_url(name: str) -> str:
    """The cache-forever URL of one static file."""
    return f"/static/{static_version()}/{name}"


class VersionedStaticFiles(StaticFiles):
    """StaticFiles that strips the current version segment and sets cache headers."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        version, _, rest = path.partition("/")
        versioned = version == static_version() and bool(rest)
        if version.startswith("v-") and rest:
            # An old page asking for an older version gets today's file, but not cached forever.
            path = rest
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = IMMUTABLE if versioned else REVALIDATE
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def mount_static(app: FastAPI) -> None:
    """Serve the page's CSS and JavaScript at /static."""
    app.mount("/static", VersionedStaticFiles(directory=STATIC_DIR), name="static")
