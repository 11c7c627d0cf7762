"""How the service sets up webhooks: the signing key, and nothing at all when they are off."""

from __future__ import annotations

from typing import Any

from bina.api.identity import cookie_key
from bina.app.webhooks import webhook_secret, webhook_settings
from bina.config import Settings


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, database_url="sqlite:///unused.db", **values)


def test_the_webhook_secret_is_used_as_given() -> None:
    key, source = webhook_secret(settings(webhook_secret="whsec-given", cookie_secret="c"))
    assert (key, source) == (b"whsec-given", "BINA_WEBHOOK_SECRET")


def test_without_one_it_is_derived_from_the_cookie_key_and_is_not_that_key() -> None:
    first = settings(cookie_secret="cookie-one")
    key, source = webhook_secret(first)
    assert source == "derived from BINA_COOKIE_SECRET"
    assert key == webhook_secret(settings(cookie_secret="cookie-one"))[0]  # every instance alike
    assert key != webhook_secret(settings(cookie_secret="cookie-two"))[0]
    assert key not in (cookie_key(first)[0], cookie_key(first)[0].hex().encode())
    assert len(key) == 64  # hex: printable, so it can be handed to a receiver as it is


def test_webhooks_are_off_without_hosts_and_link_to_the_public_status() -> None:
    assert webhook_settings(settings()) is None
    on = webhook_settings(
        settings(webhook_hosts="hooks.example.com", public_url="https://bina.example/")
    )
    assert on is not None
    assert on.status_url == "https://bina.example/api/generate/status/{job_id}"
    assert on.hosts.check("https://hooks.example.com/x").host == "hooks.example.com"
