"""One webhook POST: checked against the allow list, pinned to a fit address, over verified TLS.

The request goes to the address the host name was resolved to and checked against (see
webhook_urls.py), with the name in `Host` and in the TLS handshake (SNI), so the certificate
is verified for the name while no second DNS lookup can send it elsewhere. Redirects are not
followed (a 3xx is a failed attempt): a receiver cannot bounce a signed request anywhere. No
proxy or credentials come from the environment, and no connection is kept between sends (one
kept for one name must not carry a request for another that shares its address). The answer's
body is never read; only its status counts.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import httpx

from bina.jobs.webhook_urls import AllowList, CallbackUrlRefused, Destination, IPAddress

#: Resolves (host, port) to addresses; the default asks the system resolver.
Resolver = Callable[[str, int], Awaitable[list[IPAddress]]]


@dataclass(frozen=True, slots=True)
class SendResult:
    """How a send went. `retry`: another attempt later may succeed (a refusal never will)."""

    delivered: bool
    retry: bool
    detail: str


async def system_resolver(host: str, port: int) -> list[IPAddress]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).partition("%")[0])
        if address not in found:
            found.append(address)
    return found


class WebhookSender:
    """Sends signed webhook requests; one per process, closed with `aclose`."""

    def __init__(
        self,
        *,
        timeout_seconds: float,
        verify: ssl.SSLContext | bool = True,
        resolve: Resolver = system_resolver,
    ) -> None:
        self.timeout_seconds = timeout_seconds
        self._resolve = resolve
        self._client = httpx.AsyncClient(
            verify=verify,
            follow_redirects=False,
            trust_env=False,
            timeout=httpx.Timeout(timeout_seconds),
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def send(
        self, hosts: AllowList, url: str, body: bytes, headers: Mapping[str, str]
    ) -> SendResult:
        """POST `body` to `url` if the allow list lets it go there; never raises for the
        receiver's sake (its failures are the result)."""
        try:
            destination = hosts.check(url)
        except CallbackUrlRefused as exc:
            return SendResult(False, False, f"not sent: {exc}")
        try:
            async with asyncio.timeout(self.timeout_seconds):
                if destination.address is not None:
                    addresses = [destination.address]
                else:
                    addresses = await self._resolve(destination.host, destination.port)
                fit = [address for address in addresses if hosts.fit(address)]
                if not fit:
                    return SendResult(False, False, _unfit(destination.host, addresses))
                status = await self._post(destination.url_at(fit[0]), destination, body, headers)
        except TimeoutError:
            return SendResult(False, True, f"no answer within {self.timeout_seconds:g} s")
        except (httpx.HTTPError, OSError, ssl.SSLError) as exc:
            return SendResult(False, True, _describe(exc))
        if 200 <= status < 300:
            return SendResult(True, False, f"answered {status}")
        if 300 <= status < 400:
            return SendResult(False, True, f"answered {status} (redirects are not followed)")
        return SendResult(False, True, f"answered {status}")

    async def _post(
        self, pinned_url: str, destination: Destination, body: bytes, headers: Mapping[str, str]
    ) -> int:
        extensions = {} if destination.address is not None else {"sni_hostname": destination.host}
        request = self._client.build_request(
            "POST",
            pinned_url,
            content=body,
            headers={**headers, "Host": destination.host_header},
            extensions=extensions,
        )
        # Streamed and closed unread: a receiver cannot make us read a large answer.
        response = await self._client.send(request, stream=True)
        await response.aclose()
        return response.status_code


def _unfit(host: str, addresses: list[IPAddress]) -> str:
    shown = ", ".join(str(address) for address in addresses) or "nothing"
    return (
        f"not sent: {host} resolves to {shown}, none of them a public address or one listed "
        "in BINA_WEBHOOK_HOSTS"
    )


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, socket.gaierror):
        return f"could not resolve the host: {text}"
    return f"{type(exc).__name__}: {text}"[:500]
