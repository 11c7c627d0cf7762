"""Optional OpenTelemetry tracing: one server span per request, sent over OTLP.

Off unless both hold: the `otel` extra is installed (`pip install 'bina[otel]'`) and the
standard `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set. The
rest is the standard environment too, read by the SDK itself: `OTEL_SERVICE_NAME` (default
`bina`), `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_TRACES_SAMPLER`,
`OTEL_BSP_*`. Spans go over OTLP/HTTP (protobuf); a process that an OpenTelemetry launcher
(`opentelemetry-instrument`) already set up is left to it.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from fastapi import FastAPI

logger = logging.getLogger(__name__)

ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
DEFAULT_SERVICE_NAME = "bina"
#: Probes and scrapes arrive every few seconds on every instance: spans of them are noise.
EXCLUDED_URLS = "/livez,/readyz,/metrics"


def wanted() -> bool:
    """Whether the operator asked for traces (an OTLP endpoint is set)."""
    return any(os.environ.get(name, "").strip() for name in ENDPOINT_VARIABLES)


def instrument(app: FastAPI) -> bool:
    """Trace `app`'s requests when asked for and possible; True when it does.

    The tracer provider is kept on `app.state.tracer_provider` (flushed at process exit).
    """
    if not wanted():
        return False
    try:
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
        from opentelemetry.sdk.resources import SERVICE_NAME, Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError as exc:
        logger.warning(
            "OTEL_EXPORTER_OTLP_ENDPOINT is set but OpenTelemetry is not installed "
            "(pip install 'bina[otel]'): no traces (%s)",
            exc,
        )
        return False
    configured: Any = trace.get_tracer_provider()
    if isinstance(configured, TracerProvider):
        return False  # a launcher set OpenTelemetry up, and instruments the app itself
    # Our default name only when the environment names none (OTEL_SERVICE_NAME wins).
    named = os.environ.get("OTEL_SERVICE_NAME")
    attributes = {} if named else {SERVICE_NAME: DEFAULT_SERVICE_NAME}
    provider = TracerProvider(resource=Resource.create(attributes))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=provider,
        excluded_urls=EXCLUDED_URLS,
        # One span per request, not one more per chunk sent or received.
        exclude_spans=["receive", "send"],
    )
    app.state.tracer_provider = provider
    logger.info("tracing requests over OTLP (OpenTelemetry)")
    return True
