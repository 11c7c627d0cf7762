"""A TCP proxy the tests steer, to stand between a real server and its real PostgreSQL.

It makes the network faults a database client meets in production, on demand:
- `pass_through()`: bytes flow both ways, as if the proxy were not there;
- `silence()`: every connection, old and new, stays open but nothing flows either way (a
  database host that froze, a firewall that started dropping packets): the client sees no
  error, only no answer. Bytes already sent arrive once `pass_through()` lets them, as TCP
  delivers them after a blip: a statement given up on may still run at the server;
- `drop_reply_to(marker)`: the next message from the client that contains `marker` reaches the
  server, and once the server has answered it (up to its ReadyForQuery, so a statement outside
  a transaction has committed), the answer is thrown away and both sides are reset: a commit
  whose reply was lost. With `cut_client_at_once`, the client's side is reset as soon as the
  message went out, while the server goes on with it: the client retries while its first
  try is still running at the server;
- `reset()`: every open connection is reset now.

The proxy runs its own event loop in a thread (`running_proxy`), so a test that blocks (a
plain HTTP client, `time.sleep`) never stalls the bytes it lets through.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field

#: PostgreSQL's ReadyForQuery message ('Z', length 5) starts this way: the server finished
#: the request (and, outside a transaction, committed it) and waits for the next one.
READY_FOR_QUERY = b"Z\x00\x00\x00\x05"
_CHUNK = 65536


@dataclass(eq=False)
class _Link:
    """One client connection and its connection to the server."""

    client: asyncio.StreamWriter
    server: asyncio.StreamWriter
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    #: Set once a message with the marker went to the server: its answer is dropped.
    swallowing: bool = False
    #: The client's side was reset on purpose; the server's side lives until it answers.
    client_cut: bool = False
    swallowed: bytes = b""

    def reset(self) -> None:
        for writer in (self.client, self.server):
            _reset(writer)
        for task in self.tasks:
            task.cancel()


def _reset(writer: asyncio.StreamWriter) -> None:
    # SO_LINGER with a zero timeout: close() sends RST, as a crashed peer or a cut does.
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class TcpProxy:
    """Forwards 127.0.0.1:`port` to `target`, with the faults named in the module docstring.

    Every method but `start` and `stop` is called from the test's thread.
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target_host = target_host
        self.target_port = target_port
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._links: set[_Link] = set()
        #: Clients accepted while the network is silent, not yet linked to the server.
        self._waiting: set[asyncio.StreamWriter] = set()
        self._flowing = asyncio.Event()
        self._marker: bytes | None = None
        self._cut_client_at_once = False
        #: How many replies were dropped (so a test knows its fault really happened).
        self.replies_dropped = 0

    # --- steering (from the test's thread) ---------------------------------------------------

    def pass_through(self) -> None:
        self._call(self._flowing.set)

    def silence(self) -> None:
        self._call(self._flowing.clear)

    def drop_reply_to(self, marker: bytes, *, cut_client_at_once: bool = False) -> None:
        """Drop the answer to the next client message containing `marker`, then reset."""

        def arm() -> None:
            self._marker = marker
            self._cut_client_at_once = cut_client_at_once

        self._call(arm)

    def reset(self) -> None:
        """Reset every open connection now (a failover, a restarted middlebox)."""
        self._call(self._cut_all)

    def _cut_all(self) -> None:
        for link in list(self._links):
            link.reset()
        self._links.clear()
        for client in list(self._waiting):
            _reset(client)
        self._waiting.clear()

    def _call(self, action: Callable[[], object]) -> None:
        """Run `action` on the proxy's loop and wait for it."""
        assert self._loop is not None
        done: Future[None] = Future()

        def run() -> None:
            try:
                action()
                done.set_result(None)
            except BaseException as exc:
                done.set_exception(exc)

        self._loop.call_soon_threadsafe(run)
        done.result(timeout=5)

    # --- the proxy (on its own loop) -----------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._flowing.set()
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        self._cut_all()
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
        await asyncio.sleep(0)  # the aborted transports close their sockets now

    async def _accept(self, client_in: asyncio.StreamReader, client: asyncio.StreamWriter) -> None:
        # A silent network answers no handshake either: the server is reached only once
        # bytes flow (until then the client waits, as on a real frozen path).
        self._waiting.add(client)
        try:
            await self._flowing.wait()
        finally:
            self._waiting.discard(client)
        if client.transport.is_closing():
            return
        try:
            server_in, server = await asyncio.open_connection(self.target_host, self.target_port)
        except OSError:
            _reset(client)
            return
        link = _Link(client, server)
        self._links.add(link)
        link.tasks = [
            asyncio.create_task(self._to_server(link, client_in)),
            asyncio.create_task(self._to_client(link, server_in)),
        ]
        await asyncio.gather(*link.tasks, return_exceptions=True)
        self._links.discard(link)
        for writer in (client, server):
            writer.transport.abort()

    async def _to_server(self, link: _Link, source: asyncio.StreamReader) -> None:
        while True:
            await self._flowing.wait()
            data = await source.read(_CHUNK)
            if not data:
                return link.reset()
            # Silence that began while we read holds these bytes too.
            await self._flowing.wait()
            if self._marker is not None and self._marker in data:
                self._marker = None
                link.swallowing = True
                link.client_cut = self._cut_client_at_once
            link.server.write(data)
            await link.server.drain()
            if link.client_cut:
                _reset(link.client)
                return  # the server's side stays open until it has answered

    async def _to_client(self, link: _Link, source: asyncio.StreamReader) -> None:
        while True:
            await self._flowing.wait()
            data = await source.read(_CHUNK)
            if not data:
                return link.reset()
            await self._flowing.wait()
            if link.swallowing:
                # The server answered the marked message: keep it from the client, and once
                # the server is ready again (the work is done and, outside a transaction,
                # committed), cut both ways.
                link.swallowed += data
                if READY_FOR_QUERY in link.swallowed:
                    self.replies_dropped += 1
                    self._links.discard(link)
                    return link.reset()
                continue
            link.client.write(data)
            await link.client.drain()


@contextlib.contextmanager
def running_proxy(target_host: str, target_port: int) -> Iterator[TcpProxy]:
    """A started `TcpProxy` on its own event loop in a daemon thread; stopped on exit."""
    proxy = TcpProxy(target_host, target_port)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="tcp-proxy", daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(proxy.start(), loop).result(timeout=5)
        yield proxy
    finally:
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(proxy.stop(), loop).result(timeout=5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        loop.close()
