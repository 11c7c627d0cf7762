"""A small scripted OpenAI-compatible /v1/chat/completions server, run in a thread on 127.0.0.1.

Requests that ask for the business facts (the reading prompt) and requests for the copy have
separate scripts, so a test can make the model read well and write badly, or the other way.
An unscripted fact request gets an empty answer (nothing to merge); an unscripted copy
request gets HTTP 500.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bina.app.handler import generator_options
from bina.config import Settings
from bina.generator import GenerationResult, SitePipeline
from bina.generator.profile import Language

READING_MARK = "extract its facts as JSON"


@dataclass
class Reply:
    status: int = 200
    content: str | None = None
    delay_s: float = 0.0
    raw: str | None = None


@dataclass
class FakeOpenAI:
    """The scripts, and every request received (copy and reading apart)."""

    replies: list[Reply] = field(default_factory=list)
    read_replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    read_requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    base_url: str = ""

    def next_reply(self, reading: bool) -> Reply:
        if reading:
            return self.read_replies.pop(0) if self.read_replies else Reply(content="{}")
        return self.replies.pop(0) if self.replies else Reply(status=500, raw="no reply scripted")


def completion(content: str) -> str:
    return json.dumps(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": "test-model",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        }
    )


def _is_reading(body: dict[str, Any]) -> bool:
    messages = body.get("messages") or []
    return bool(messages) and READING_MARK in str(messages[0].get("content", ""))


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            reading = _is_reading(body)
            (fake.read_requests if reading else fake.requests).append({"path": self.path, **body})
            if not reading:
                fake.headers.append({k.lower(): v for k, v in self.headers.items()})
            reply = fake.next_reply(reading)
            if reply.delay_s and fake.stopping.wait(reply.delay_s):
                return
            payload = reply.raw if reply.raw is not None else completion(reply.content or "")
            data = payload.encode()
            try:
                self.send_response(reply.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout): exactly what the slow tests want

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a client that hung up is not an error here


@contextmanager
def serve_fake_openai() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()
    server = _Server(("127.0.0.1", 0), _handler(fake))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield fake
    finally:
        fake.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def model_settings(base_url: str, timeout_s: float = 2.0) -> Settings:
    """Settings that point the generator at the fake server."""
    return Settings(
        _env_file=None,
        llm_base_url=base_url,
        llm_model="test-model",
        llm_api_key="test-key",
        llm_timeout_s=timeout_s,
    )


async def generate_with(
    settings: Settings, description: str, language: Language = "ms"
) -> GenerationResult:
    """One generation through the pipeline a worker builds from these settings."""
    pipeline = SitePipeline(generator_options(settings))
    try:
        return await pipeline.generate(description, language)
    finally:
        await pipeline.aclose()
