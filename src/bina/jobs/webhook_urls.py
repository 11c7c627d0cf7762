"""Where a webhook may go: HTTPS, to a host on the operator's list, never somewhere private.

The list (`BINA_WEBHOOK_HOSTS`) names hosts exactly, lower-case: `hooks.example.com` means
that host on port 443, `hooks.example.com:8443` that host on that port; an IP literal is a
host like any other and must be listed to be used. A callback URL is checked when its job is
started and again before every send, so a host taken off the list gets nothing more.

A name on the list is resolved at send time, and the request goes to one of the addresses it
resolved to, pinned (no second lookup that a hostile DNS server could answer differently). An
address is fit when it is public, or when it is itself on the list as an IP literal: a listed
name whose DNS is pointed at 127.0.0.1, 10.x or 169.254.169.254 (a cloud's metadata service)
gets nothing, and a receiver on a private network is reached by listing its address as well.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from bina.jobs.exceptions import JobError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_URL_CHARS = 2048
HTTPS_PORT = 443


class CallbackUrlRefused(JobError):
    """This callback URL is not one that webhooks may be sent to."""


@dataclass(frozen=True, slots=True)
class Destination:
    """A checked callback URL, in the parts a pinned request needs."""

    #: Lower-case host name, or an IP literal in its short form (no brackets).
    host: str
    port: int
    #: Path and query, as sent in the request line.
    target: str
    address: IPAddress | None

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == HTTPS_PORT else f"{host}:{self.port}"

    def url_at(self, address: IPAddress) -> str:
        """The URL with `address` in place of the host: where the request really goes."""
        host = f"[{address}]" if address.version == 6 else str(address)
        return f"https://{host}:{self.port}{self.target}"


@dataclass(frozen=True, slots=True)
class AllowList:
    """The hosts webhooks may go to, and the IP literals among them."""

    hosts: frozenset[tuple[str, int]]
    addresses: frozenset[IPAddress]

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        """From `host`, `host:port`, `203.0.113.7`, `[2001:db8::1]:8443` or `2001:db8::1`."""
        hosts = {_entry(entry) for entry in entries if entry.strip()}
        addresses = {address for host, _port in hosts if (address := _ip(host)) is not None}
        return cls(frozenset(hosts), frozenset(addresses))

    def check(self, url: str) -> Destination:
        """The URL's parts, or CallbackUrlRefused saying what is wrong with it."""
        if not self.hosts:
            raise CallbackUrlRefused(
                "webhooks are off on this server (BINA_WEBHOOK_HOSTS is empty); "
                "leave out callback_url"
            )
        if len(url) > MAX_URL_CHARS:
            raise CallbackUrlRefused(
                f"callback_url is {len(url)} characters long; at most {MAX_URL_CHARS}"
            )
        if not url.isascii() or any(char <= " " or char == "\x7f" for char in url):
            raise CallbackUrlRefused(
                "callback_url may hold only printable ASCII (percent-encode the rest, and "
                "write an international domain name in its xn-- form)"
            )
        parts = urlsplit(url)
        if parts.scheme.lower() != "https":
            raise CallbackUrlRefused("callback_url must be an https:// URL")
        if "@" in parts.netloc:
            raise CallbackUrlRefused("callback_url must not carry a user name or password")
        if "#" in url:
            raise CallbackUrlRefused("callback_url must not have a #fragment")
        host, port = _host_and_port(parts.netloc)
        if (host, port) not in self.hosts:
            shown = Destination(host, port, "/", None).host_header
            raise CallbackUrlRefused(
                f"{shown} is not a webhook host this server sends to (BINA_WEBHOOK_HOSTS)"
            )
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return Destination(host, port, target, _ip(host))

    def fit(self, address: IPAddress) -> bool:
        """Whether a request may go to `address`: a public one, or one on the list."""
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if address in self.addresses:
            return True
        return address.is_global and not address.is_multicast


def _entry(entry: str) -> tuple[str, int]:
    text = entry.strip().lower().rstrip(".")
    if text.count(":") > 1 and not text.startswith("["):
        text = f"[{text}]"  # a bare IPv6 address
    try:
        return _host_and_port(text)
    except CallbackUrlRefused as exc:
        raise ValueError(f"BINA_WEBHOOK_HOSTS entry {entry!r}: {exc}") from None


def _host_and_port(netloc: str) -> tuple[str, int]:
    """(lower-case host or short IP literal, port) of `host[:port]`, 443 when not given."""
    parts = urlsplit(f"//{netloc}")
    try:
        port = parts.port
    except ValueError:
        raise CallbackUrlRefused("the port must be a number from 1 to 65535") from None
    host = (parts.hostname or "").rstrip(".")
    if not host or port == 0 or parts.path or "@" in parts.netloc:
        raise CallbackUrlRefused(f"{netloc!r} is not a host with an optional port")
    address = _ip(host)
    return (str(address) if address is not None else host), port or HTTPS_PORT


def _ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None
