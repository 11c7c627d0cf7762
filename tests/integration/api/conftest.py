"""Fixtures of the HTTP API tests; each test runs on a real SQLite file and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Any

import pytest

from bina.config import Settings
from tests.api_helpers import Api, AppFactory, live_server, running_app


@pytest.fixture
def api_settings(settings: Settings) -> Settings:
    """The shared test settings, with the waits the API tests expect."""
    return settings.model_copy(update={"simple_timeout_s": 5.0, "daily_limit": 3})


@pytest.fixture
async def api(api_settings: Settings) -> AsyncIterator[Api]:
    """The app in-process (no embedded worker): jobs move only when a test drives them."""
    async with running_app(api_settings) as running:
        yield running


@pytest.fixture
def make_api(api_settings: Settings) -> AppFactory:
    """Build an in-process app with other settings or options: `async with make_api(…)`."""

    def make(**options: Any) -> AbstractAsyncContextManager[Api]:
        updates = options.pop("settings", {})
        return running_app(api_settings.model_copy(update=updates), **options)

    return make


@pytest.fixture
def make_server(api_settings: Settings) -> AppFactory:
    """Build the app on a live Uvicorn server (real streaming): `async with make_server(…)`."""

    def make(**options: Any) -> AbstractAsyncContextManager[Api]:
        updates = options.pop("settings", {})
        return live_server(api_settings.model_copy(update=updates), **options)

    return make
