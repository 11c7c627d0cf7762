"""The HTTP edge's protocol on a real Uvicorn server and real sockets, with a tiny app.

Short limits (a 0.5 s deadline, a 4 KiB head) make the edges cheap to reach: a head of exactly
the bound and one byte over it, a body trickling in slower than the deadline in total but
faster between reads, pipelined requests behind a slow answer, an idle keep-alive connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import time
from collections.abc import AsyncIterator
from typing import Any

import uvicorn

from bina.app.http_edge import EdgeLimits, EdgeProtocol

DEADLINE_S = 0.5
HEAD_BOUND = 4096
# How late a close may come after the deadline on a busy 2-core machine.
MARGIN_S = 2.0


class QuickEdge(EdgeProtocol):
    limits = EdgeLimits(header_timeout_s=DEADLINE_S, max_header_bytes=HEAD_BOUND, max_connections=8)


class TinyEdge(EdgeProtocol):
    limits = EdgeLimits(header_timeout_s=30, max_header_bytes=HEAD_BOUND, max_connections=2)


class EchoApp:
    """Answers `<path> <body length>` once the whole body is in; /slow first waits 1.5 s."""

    def __init__(self) -> None:
        self.disconnects = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        assert scope["type"] == "http"
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                self.disconnects += 1
                return
            size += len(message.get("body", b""))
            if not message.get("more_body", False):
                break
        if scope["path"] == "/slow":
            await asyncio.sleep(1.5)
        body = f"{scope['path']} {size}".encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


@contextlib.asynccontextmanager
async def edge_server(
    app: EchoApp, protocol: type[EdgeProtocol] = QuickEdge
) -> AsyncIterator[tuple[str, int]]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, http=protocol, lifespan="off", log_config=None, access_log=False)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[listener]))
    try:
        async with asyncio.timeout(10):
            while not server.started:
                await asyncio.sleep(0.01)
        yield listener.getsockname()
    finally:
        server.should_exit = True
        await task


@contextlib.asynccontextmanager
async def connection(
    address: tuple[str, int],
) -> AsyncIterator[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
    reader, writer = await asyncio.open_connection(*address)
    try:
        yield reader, writer
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def read_to_end(reader: asyncio.StreamReader, timeout: float = 10) -> bytes:
    async with asyncio.timeout(timeout):
        return await reader.read(-1)


def statuses(answer: bytes) -> list[int]:
    return [int(code) for code in re.findall(rb"HTTP/1\.1 (\d{3}) ", answer)]


def head_of_size(size: int, path: str = "/") -> bytes:
    start = f"GET {path} HTTP/1.1\r\nHost: edge\r\nX-Pad: ".encode()
    head = start + b"p" * (size - len(start) - 4) + b"\r\n\r\n"
    assert len(head) == size
    return head


async def test_a_head_of_exactly_the_bound_is_served_and_one_byte_more_is_431() -> None:
    async with edge_server(EchoApp()) as address:
        async with connection(address) as (reader, writer):
            writer.write(head_of_size(HEAD_BOUND, "/fits"))
            assert (await reader.readuntil(b"/fits 0")).startswith(b"HTTP/1.1 200 ")
        async with connection(address) as (reader, writer):
            writer.write(head_of_size(HEAD_BOUND + 1, "/over"))
            answer = await read_to_end(reader)
        assert statuses(answer) == [431]
        body = json.loads(answer.split(b"\r\n\r\n", 1)[1])
        assert body["success"] is False and body["error"] == "headers_too_large"
        assert re.search(rb"\r\nx-request-id: [0-9a-f]{32}\r\n", answer), answer


async def test_a_head_past_the_bound_in_many_small_writes_is_431() -> None:
    async with edge_server(EchoApp()) as address, connection(address) as (reader, writer):
        writer.write(b"GET / HTTP/1.1\r\nHost: edge\r\n")
        for index in range(100):
            writer.write(f"X-Header-{index}: {'v' * 60}\r\n".encode())
            await writer.drain()
        assert statuses(await read_to_end(reader)) == [431]


async def test_a_malformed_head_longer_than_the_bound_gets_only_uvicorn_s_400() -> None:
    async with edge_server(EchoApp()) as address, connection(address) as (reader, writer):
        writer.write(b"GET / HTTP/1.1\r\nBad Name: v\r\n" + head_of_size(HEAD_BOUND * 2))
        assert statuses(await read_to_end(reader)) == [400]


async def test_headers_and_a_large_body_in_one_write_are_served() -> None:
    body = b"x" * 100_000
    async with edge_server(EchoApp()) as address, connection(address) as (reader, writer):
        writer.write(
            b"POST /upload HTTP/1.1\r\nHost: edge\r\nContent-Length: 100000\r\n\r\n" + body
        )
        assert (await reader.readuntil(b"/upload 100000")).startswith(b"HTTP/1.1 200 ")


async def test_pipelined_requests_are_answered_in_order_then_keep_alive_goes_on() -> None:
    async with edge_server(EchoApp()) as address, connection(address) as (reader, writer):
        writer.write(b"".join(f"GET /{n} HTTP/1.1\r\nHost: edge\r\n\r\n".encode() for n in "abc"))
        answer = await reader.readuntil(b"/c 0")
        assert statuses(answer) == [200, 200, 200]
        assert answer.index(b"/a 0") < answer.index(b"/b 0") < answer.index(b"/c 0")
        # Idle between requests for longer than the header deadline: keep-alive's business.
        await asyncio.sleep(DEADLINE_S * 2)
        writer.write(b"GET /d HTTP/1.1\r\nHost: edge\r\n\r\n")
        assert (await reader.readuntil(b"/d 0")).startswith(b"HTTP/1.1 200 ")


async def test_a_half_sent_head_is_answered_408_and_closed_at_the_deadline() -> None:
    async with edge_server(EchoApp()) as address, connection(address) as (reader, writer):
        writer.write(b"GET / HTTP/1.1\r\nHost: edge\r\n")
        sent = time.monotonic()
        answer = await read_to_end(reader)
        assert time.monotonic() - sent < DEADLINE_S + MARGIN_S
        assert statuses(answer) == [408]
        assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"] == "request_timeout"


async def test_a_connection_that_sends_nothing_is_closed_at_the_deadline() -> None:
    async with edge_server(EchoApp()) as address, connection(address) as (reader, _):
        opened = time.monotonic()
        assert await read_to_end(reader) == b""
        assert time.monotonic() - opened < DEADLINE_S + MARGIN_S


async def test_a_body_trickling_in_is_served_and_a_stalled_one_is_closed() -> None:
    app = EchoApp()
    async with edge_server(app) as address:
        async with connection(address) as (reader, writer):
            writer.write(b"POST /trickle HTTP/1.1\r\nHost: edge\r\nContent-Length: 8\r\n\r\n")
            for _ in range(8):  # 8 × 0.2 s: longer than the deadline in all, shorter between reads
                await asyncio.sleep(DEADLINE_S * 0.4)
                writer.write(b"b")
            assert (await reader.readuntil(b"/trickle 8")).startswith(b"HTTP/1.1 200 ")
        async with connection(address) as (reader, writer):
            writer.write(b"POST /stall HTTP/1.1\r\nHost: edge\r\nContent-Length: 8\r\n\r\nbb")
            sent = time.monotonic()
            answer = await read_to_end(reader)
            assert time.monotonic() - sent < DEADLINE_S + MARGIN_S
        assert statuses(answer) == [408]
        async with asyncio.timeout(5):
            while app.disconnects == 0:  # the app waiting for the body hears the client left
                await asyncio.sleep(0.01)


async def test_behind_a_slow_answer_a_late_or_huge_next_head_ends_the_connection_after_it() -> None:
    async with edge_server(EchoApp()) as address:
        for rest in (b"GET /next HTTP/1.1\r\nHo", head_of_size(HEAD_BOUND * 3)):
            async with connection(address) as (reader, writer):
                writer.write(b"GET /slow HTTP/1.1\r\nHost: edge\r\n\r\n" + rest)
                answer = await read_to_end(reader)
            # The slow answer is whole and alone: no 408 or 431 written into the middle of it.
            assert statuses(answer) == [200]
            assert answer.endswith(b"/slow 0")
            assert b"connection: close" in answer.lower()


async def test_a_request_over_the_connection_limit_is_answered_503() -> None:
    async with edge_server(EchoApp(), TinyEdge) as address:
        async with (
            connection(address),
            connection(address),
            connection(address) as (reader, writer),
        ):
            writer.write(b"GET / HTTP/1.1\r\nHost: edge\r\n\r\n")
            answer = await read_to_end(reader)
        assert statuses(answer) == [503]
        assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"] == "service_unavailable"
        assert re.search(rb"\r\nx-request-id: [0-9a-f]{32}\r\n", answer), answer
        async with asyncio.timeout(5):
            while True:  # the idle connections' slots come back once they are closed
                async with connection(address) as (reader, writer):
                    writer.write(b"GET / HTTP/1.1\r\nHost: edge\r\nConnection: close\r\n\r\n")
                    if statuses(await read_to_end(reader)) == [200]:
                        break
                await asyncio.sleep(0.05)
