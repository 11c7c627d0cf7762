"""The HTTP API: routes, identity and quota, errors, SSE. It talks only to `bina.jobs`."""

from bina.api.main import create_app

__all__ = ["create_app"]
