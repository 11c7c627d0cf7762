"""Optional OpenTelemetry: nothing happens unless it is installed and an OTLP endpoint is set;
then each request is one server span, exported over OTLP/HTTP to a local receiver here."""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bina.api import telemetry
from bina.app.serving import create_app
from bina.config import Settings
from tests.conftest import skip_or_fail

OTEL_VARIABLES = (
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_SERVICE_NAME",
    "OTEL_SDK_DISABLED",
    "OTEL_TRACES_SAMPLER",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OTEL_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def app_for(tmp_path: Path) -> FastAPI:
    # No lifespan runs here: the routes asked for below need no database.
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite:///{tmp_path / 'unused.db'}",
        cookie_secret="test-cookie-secret",
    )
    return create_app(settings, embed_worker=False)


def client_of(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


class _Receiver(BaseHTTPRequestHandler):
    """An OTLP/HTTP trace receiver: keeps each export request's body."""

    bodies: list[bytes]

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self.path == "/v1/traces":
            self.server.bodies.append(body)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        return None


@contextlib.contextmanager
def otlp_receiver() -> Iterator[tuple[str, list[bytes]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.bodies = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.bodies  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


async def test_without_an_endpoint_nothing_is_instrumented(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    assert not telemetry.wanted()
    assert not hasattr(app.state, "tracer_provider")
    assert not getattr(app, "_is_instrumented_by_opentelemetry", False)
    async with client_of(app) as client:
        assert (await client.get("/livez")).status_code == 200


async def test_without_the_packages_an_endpoint_only_logs_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")
    # As if the `otel` extra were not installed: the import fails.
    monkeypatch.setitem(sys.modules, "opentelemetry.instrumentation.fastapi", None)
    with caplog.at_level("WARNING", logger="bina.api.telemetry"):
        app = app_for(tmp_path)
    assert not hasattr(app.state, "tracer_provider")
    assert "not installed" in caplog.text
    async with client_of(app) as client:
        assert (await client.get("/livez")).status_code == 200


OTEL_MODULES = (
    "opentelemetry.sdk.trace",
    "opentelemetry.instrumentation.fastapi",
    "opentelemetry.exporter.otlp.proto.http.trace_exporter",
)


def _otel_or_skip() -> None:
    for name in OTEL_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            skip_or_fail(
                f"OpenTelemetry (the `otel` extra) is not installed: {exc}",
                "BINA_TEST_REQUIRE_OTEL",
            )


async def test_each_request_is_one_span_sent_over_otlp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _otel_or_skip()
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
    )

    with otlp_receiver() as (endpoint, bodies):
        monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
        monkeypatch.setenv("OTEL_SERVICE_NAME", "bina-test")
        app = app_for(tmp_path)
        provider = app.state.tracer_provider
        try:
            async with client_of(app) as client:
                assert (await client.get("/openapi.json")).status_code == 200
                missing = await client.get("/no-such-page", headers={"X-Request-ID": "t-1"})
                assert missing.status_code == 404
                assert missing.headers["X-Request-ID"] == "t-1"  # still the outermost answer
                assert (await client.get("/livez")).status_code == 200  # probes: no span
            assert provider.force_flush(10_000)
        finally:
            provider.shutdown()

    spans: list[tuple[str, dict[str, Any]]] = []
    services = set()
    for body in bodies:
        export = ExportTraceServiceRequest()
        export.ParseFromString(body)
        for resource_spans in export.resource_spans:
            resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            services.add(resource["service.name"])
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    attributes = {a.key: a.value for a in span.attributes}
                    spans.append((span.name, attributes))
    assert services == {"bina-test"}
    names = sorted(name for name, _attributes in spans)
    assert names == ["GET", "GET /openapi.json"], names
