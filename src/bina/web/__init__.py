"""The /create page: a Jinja2 template, plain ES modules and CSS, no build step.

The API's app factory includes `router` and calls `mount_static(app)`. This package knows only
FastAPI, Starlette and Jinja2: everything it learns about jobs it learns over HTTP, like any
other client of the API.
"""

from __future__ import annotations

from bina.web.pages import router
from bina.web.static import STATIC_DIR, mount_static

__all__ = ["STATIC_DIR", "mount_static", "router"]
