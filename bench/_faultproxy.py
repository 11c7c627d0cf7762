"""A fault-injecting TCP proxy on loopback: a bad mobile network in front of `bina serve`.

Run by bench/mobile.py as its own process (so its timers do not share an event loop with
hundreds of simulated phones). Every accepted connection gets, from a seeded RNG:

  latency     a round-trip time drawn from [--rtt-min, --rtt-max] ms; each byte is delayed
              by half of it in each direction, and the connection's first request bytes by
              one more RTT (the TCP handshake a real phone would pay)
  bandwidth   a cap of --bandwidth KB/s in each direction, per connection (3G-like)
  breakage    with probability --broken the connection is broken mid-response: once the
              server's answer starts, the proxy forwards a random prefix of it (0 bytes up to
              one byte short of the whole answer, sized from its Content-Length) and then
              either resets both sides (RST) or stalls: forwards nothing more and keeps the
              socket open until the client gives up
  outages     full outages at random times (exponential gaps with mean --outage-every s,
              each lasting --outage-min..--outage-max s): every open connection is reset at
              the start, and every connection accepted during the outage is reset at once

    python bench/_faultproxy.py --port P --upstream-port U [--seed S] [--broken 0.1] ...

Prints `READY <port>` when it listens; on SIGTERM/SIGINT it writes its counters as JSON to
--stats (when given) and exits.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds `queue.py`, which would shadow the standard library's `queue` (imported by
# asyncio) for scripts run from here: take the folder off the import path first.
sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]
sys.path.append(str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import contextlib
import json
import random
import re
import signal
import socket
import struct
import time
from dataclasses import asdict, dataclass, field

CHUNK = 4096
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)


@dataclass
class FaultConfig:
    broken: float = 0.10
    rtt_min_ms: float = 150
    rtt_max_ms: float = 600
    bandwidth_kbs: float = 50  # KB/s per connection and direction; 0 = unlimited
    outage_every_s: float = 45  # mean gap between outages; 0 = none
    outage_min_s: float = 2
    outage_max_s: float = 5
    stall_share: float = 0.5  # of broken connections, the share stalled (the rest are reset)
    seed: int = 1


@dataclass
class ProxyStats:
    connections: int = 0
    broken_reset: int = 0
    broken_stalled: int = 0
    outage_dropped: int = 0  # open when an outage began
    outage_refused: int = 0  # accepted during an outage
    upstream_refused: int = 0
    bytes_down: int = 0
    bytes_up: int = 0
    outages: list[tuple[float, float]] = field(default_factory=list)  # (start s, length s)
    # The same outages on CLOCK_MONOTONIC, which every process on the machine shares, so a
    # client can tell which of its failed requests an outage broke.
    outage_windows: list[tuple[float, float]] = field(default_factory=list)
    # Every mid-response fault: (client port, "stall" | "reset", monotonic time), so a client
    # can check that each of its timeouts was a stall this proxy made (not a server hang).
    faults: list[tuple[int, str, float]] = field(default_factory=list)


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST (SO_LINGER 0), as a dropped mobile link looks to the peer."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class _Link:
    """One client connection and its upstream twin."""

    def __init__(self, proxy: FaultProxy, index: int) -> None:
        rng = random.Random(f"{proxy.config.seed}:{index}")
        config = proxy.config
        self.proxy = proxy
        self.rtt = rng.uniform(config.rtt_min_ms, config.rtt_max_ms) / 1000
        self.bandwidth = config.bandwidth_kbs * 1024
        self.broken = rng.random() < config.broken
        self.stall = rng.random() < config.stall_share
        self.cut_fraction = rng.random()
        self.writers: list[asyncio.StreamWriter] = []
        self.stalled = asyncio.Event()
        self.closed = False
        self.client_port = 0

    def drop(self) -> None:
        self.closed = True
        for writer in self.writers:
            _reset(writer)

    async def _paced_write(self, writer: asyncio.StreamWriter, data: bytes) -> None:
        for start in range(0, len(data), CHUNK):
            if self.closed or self.stalled.is_set():
                return
            piece = data[start : start + CHUNK]
            writer.write(piece)
            await writer.drain()
            if self.bandwidth > 0:
                await asyncio.sleep(len(piece) / self.bandwidth)

    async def _read_into(self, reader: asyncio.StreamReader, queue: asyncio.Queue) -> None:
        loop = asyncio.get_running_loop()
        try:
            while data := await reader.read(65536):
                queue.put_nowait((loop.time(), data))
        except (ConnectionError, OSError):
            pass
        finally:
            queue.put_nowait((loop.time(), b""))

    async def pump(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        downstream: bool,
        extra_delay: float = 0.0,
    ) -> None:
        """Forward one direction, delayed by RTT/2 and paced; break responses when chosen."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        feeder = asyncio.create_task(self._read_into(reader, queue))
        head = b""
        cut_at: int | None = None
        sent = 0
        try:
            while True:
                arrived, data = await queue.get()
                due = arrived + self.rtt / 2 + extra_delay
                extra_delay = 0.0
                if (wait := due - loop.time()) > 0:
                    await asyncio.sleep(wait)
                if self.closed or self.stalled.is_set():
                    if not data:
                        return
                    continue  # keep reading (so the server is never blocked), forward nothing
                if not data:
                    with contextlib.suppress(OSError, RuntimeError):
                        writer.write_eof()
                    return
                if downstream:
                    self.proxy.stats.bytes_down += len(data)
                else:
                    self.proxy.stats.bytes_up += len(data)
                if downstream and self.broken:
                    if cut_at is None:
                        head += data
                        if b"\r\n\r\n" not in head:
                            continue  # wait for the whole response head to size the answer
                        data, head = head, b""
                        head_len = data.index(b"\r\n\r\n") + 4
                        match = _CONTENT_LENGTH.search(data[:head_len])
                        total = head_len + (int(match.group(1)) if match else 4096)
                        cut_at = int(self.cut_fraction * (total - 1))  # never the whole answer
                    if sent + len(data) >= cut_at:
                        await self._paced_write(writer, data[: cut_at - sent])
                        self._break()
                        continue
                await self._paced_write(writer, data)
                sent += len(data)
        except (ConnectionError, OSError):
            self.drop()
        finally:
            feeder.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await feeder

    def _break(self) -> None:
        self.proxy.stats.faults.append(
            (self.client_port, "stall" if self.stall else "reset", time.monotonic())
        )
        if self.stall:
            self.proxy.stats.broken_stalled += 1
            self.stalled.set()  # the client will time out and close; then we close upstream
        else:
            self.proxy.stats.broken_reset += 1
            self.drop()


class FaultProxy:
    def __init__(self, upstream: tuple[str, int], config: FaultConfig) -> None:
        self.upstream = upstream
        self.config = config
        self.stats = ProxyStats()
        self.links: set[_Link] = set()
        self.in_outage = False
        self._count = 0
        self._handlers: set[asyncio.Task[None]] = set()
        self._server: asyncio.Server | None = None
        self._outages: asyncio.Task[None] | None = None
        self._started = 0.0

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        self._server = await asyncio.start_server(self._handle, host, port, backlog=4096)
        self._started = time.monotonic()
        if self.config.outage_every_s > 0:
            self._outages = asyncio.create_task(self._outage_loop())
        return int(self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self._outages is not None:
            self._outages.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._outages
        if self._server is not None:
            self._server.close()
        for link in list(self.links):
            link.drop()
        # Let every handler see its sockets close and return (none is left to be cancelled).
        if self._handlers:
            await asyncio.wait(self._handlers, timeout=5)

    async def _outage_loop(self) -> None:
        rng = random.Random(f"{self.config.seed}:outages")
        while True:
            await asyncio.sleep(rng.expovariate(1 / self.config.outage_every_s))
            length = rng.uniform(self.config.outage_min_s, self.config.outage_max_s)
            now = time.monotonic()
            self.stats.outages.append((round(now - self._started, 1), round(length, 1)))
            self.stats.outage_windows.append((now, now + length))
            self.in_outage = True
            for link in list(self.links):
                if not (link.closed or link.stalled.is_set()):
                    self.stats.outage_dropped += 1
                link.drop()
            await asyncio.sleep(length)
            self.in_outage = False

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
            task.add_done_callback(self._handlers.discard)
        self.stats.connections += 1
        if self.in_outage:
            self.stats.outage_refused += 1
            _reset(writer)
            return
        self._count += 1
        link = _Link(self, self._count)
        peer = writer.get_extra_info("peername")
        link.client_port = int(peer[1]) if peer else 0
        link.writers.append(writer)
        self.links.add(link)
        try:
            try:
                up_reader, up_writer = await asyncio.open_connection(*self.upstream)
            except OSError:
                self.stats.upstream_refused += 1
                _reset(writer)
                return
            link.writers.append(up_writer)
            if link.closed:  # an outage began while connecting
                link.drop()
                return
            await asyncio.gather(
                link.pump(reader, up_writer, downstream=False, extra_delay=link.rtt),
                link.pump(up_reader, writer, downstream=True),
            )
        finally:
            self.links.discard(link)
            for w in link.writers:
                w.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--upstream-host", default="127.0.0.1")
    parser.add_argument("--upstream-port", type=int, required=True)
    parser.add_argument("--stats", help="write the counters here as JSON on exit")
    defaults = FaultConfig()
    for name, value in asdict(defaults).items():
        kind = int if name == "seed" else float
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, default=value)
    args = parser.parse_args(argv)
    config = FaultConfig(**{name: getattr(args, name) for name in asdict(defaults)})

    async def run() -> None:
        proxy = FaultProxy((args.upstream_host, args.upstream_port), config)
        port = await proxy.start(port=args.port)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        print(f"READY {port}", flush=True)
        await stop.wait()
        await proxy.stop()
        if args.stats:
            Path(args.stats).write_text(json.dumps(asdict(proxy.stats)))

    asyncio.run(run())


if __name__ == "__main__":
    main()
