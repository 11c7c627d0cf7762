"""Where `bina serve` listens: the command line, then Bina's settings, then the platform's.

Container platforms (Heroku, Render, Cloud Run, Fly, Railway…) say which port to use in `PORT`
and route traffic to it from outside the container, so there the address must be 0.0.0.0;
on a developer's machine the default stays 127.0.0.1, reachable from that machine only.
"""

from __future__ import annotations

from collections.abc import Mapping

from bina.config import Settings

DEFAULT_HOST = "127.0.0.1"
ALL_INTERFACES = "0.0.0.0"
DEFAULT_PORT = 8000


def listen_address(
    host: str | None, port: int | None, settings: Settings, environ: Mapping[str, str]
) -> tuple[str, int]:
    """(host, port) from `--host`/`--port`, else BINA_HOST/BINA_PORT, else PORT, else defaults.

    `settings.port` already is BINA_PORT or else PORT; `environ` tells whether a platform set
    PORT, which makes 0.0.0.0 the default host.
    """
    chosen_port = port if port is not None else settings.port or DEFAULT_PORT
    chosen_host = host or settings.host
    if not chosen_host:
        chosen_host = ALL_INTERFACES if environ.get("PORT", "").strip() else DEFAULT_HOST
    return chosen_host, chosen_port
