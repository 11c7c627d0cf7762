"""The HTTP API: routes, identity and quota, errors, SSE, metrics (wired by bina.app)."""

from bina.api.lifespan import ApiServices
from bina.api.main import create_api

__all__ = ["ApiServices", "create_api"]
