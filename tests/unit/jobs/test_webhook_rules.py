"""Webhook rules without a network: which URLs and addresses are fit, the signature, the body,
the retry delays."""

from __future__ import annotations

import ipaddress
import json
from datetime import UTC, datetime

import pytest

from bina.jobs.models import JobStatus
from bina.jobs.webhook_queue import DueWebhook
from bina.jobs.webhook_signing import signature, verify
from bina.jobs.webhook_urls import AllowList, CallbackUrlRefused
from bina.jobs.webhooks import WebhookSettings, event_body

HOSTS = AllowList.parse(["hooks.example.com", "api.example.org:8443", "203.0.113.7", "[::1]:9443"])
SECRET = b"whsec-test"


@pytest.mark.parametrize(
    ("url", "host", "port", "target"),
    [
        ("https://hooks.example.com/bina", "hooks.example.com", 443, "/bina"),
        ("https://HOOKS.example.com:443", "hooks.example.com", 443, "/"),
        ("https://hooks.example.com./x?a=1&b=2", "hooks.example.com", 443, "/x?a=1&b=2"),
        ("https://api.example.org:8443/h", "api.example.org", 8443, "/h"),
        ("https://203.0.113.7/h", "203.0.113.7", 443, "/h"),
        ("https://[::1]:9443/h", "::1", 9443, "/h"),
    ],
)
def test_allowed_urls_are_taken_apart(url: str, host: str, port: int, target: str) -> None:
    destination = HOSTS.check(url)
    assert (destination.host, destination.port, destination.target) == (host, port, target)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://hooks.example.com/bina", "https://"),
        ("ftp://hooks.example.com/bina", "https://"),
        ("hooks.example.com/bina", "https://"),
        ("https://user:pw@hooks.example.com/bina", "user name or password"),
        ("https://hooks.example.com@evil.example/bina", "user name or password"),
        ("https://evil.example/bina", "evil.example is not a webhook host"),
        ("https://hooks.example.com.evil.example/", "not a webhook host"),
        ("https://hooks.example.com:8443/bina", "hooks.example.com:8443 is not"),
        ("https://api.example.org/h", "api.example.org is not"),
        ("https://127.0.0.1/h", "127.0.0.1 is not"),
        ("https://2130706433/h", "not a webhook host"),
        ("https://[::1]/h", "[::1] is not"),
        ("https://hooks.example.com/bina#top", "#fragment"),
        ("https://hooks.example.com/a b", "printable ASCII"),
        ("https://hooks.example.com/\x00", "printable ASCII"),
        ("https://bücher.example/", "xn--"),
        ("https://hooks.example.com:0/", "optional port"),
        ("https://hooks.example.com:99999/", "port must be a number"),
        ("https:///bina", "host"),
        ("https://hooks.example.com/" + "a" * 2100, "at most 2048"),
    ],
)
def test_refused_urls_say_why(url: str, says: str) -> None:
    with pytest.raises(CallbackUrlRefused, match=says.replace("[", r"\[").replace("?", r"\?")):
        HOSTS.check(url)


def test_with_no_hosts_every_callback_is_refused() -> None:
    with pytest.raises(CallbackUrlRefused, match="webhooks are off"):
        AllowList.parse([]).check("https://hooks.example.com/bina")


def test_a_malformed_host_entry_is_an_error_that_names_it() -> None:
    with pytest.raises(ValueError, match=r"hooks\.example\.com:http"):
        AllowList.parse(["hooks.example.com:http"])


@pytest.mark.parametrize(
    ("address", "fit"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # a cloud's metadata service
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("fd00::1", False),
        ("fe80::1", False),
        ("::ffff:127.0.0.1", False),
        ("::1", True),  # listed as an IP literal
        ("203.0.113.7", True),  # listed, though a documentation range
        ("::ffff:203.0.113.7", True),
    ],
)
def test_only_public_or_listed_addresses_are_fit(address: str, fit: bool) -> None:
    assert HOSTS.fit(ipaddress.ip_address(address)) is fit


def test_a_signature_verifies_only_for_its_body_secret_and_time() -> None:
    body = b'{"event":"job.completed"}'
    header = signature(SECRET, body, 1_800_000_000)
    assert header.startswith("t=1800000000,v1=")
    assert verify(SECRET, body, header, now=1_800_000_010)
    assert not verify(SECRET, body + b" ", header, now=1_800_000_010)
    assert not verify(b"another secret", body, header, now=1_800_000_010)
    assert not verify(SECRET, body, header, now=1_800_000_000 + 301)  # replayed later
    forged_time = header.replace("t=1800000000", "t=1800000300")
    assert not verify(SECRET, body, forged_time, now=1_800_000_300)
    assert not verify(SECRET, body, "v1=" + header.partition("v1=")[2], now=1_800_000_010)
    # A receiver accepts any of several v1 signatures (a key being rotated).
    rotated = header + ",v1=" + "0" * 64
    assert verify(SECRET, body, rotated, now=1_800_000_010)


def test_the_body_names_the_job_and_its_end_and_nothing_more() -> None:
    finished = datetime(2026, 1, 2, 3, 4, 5, 600000, tzinfo=UTC)
    failed = DueWebhook("3f0c9a52-0000", JobStatus.FAILED, finished, "boom", "https://h/", 2)
    body = json.loads(event_body(failed, "https://bina.example/api/generate/status/{job_id}"))
    assert body == {
        "event": "job.failed",
        "job_id": "3f0c9a52-0000",
        "status": "failed",
        "finished_at": "2026-01-02T03:04:05.600000Z",
        "error": "boom",
        "status_url": "https://bina.example/api/generate/status/3f0c9a52-0000",
    }
    canceled = DueWebhook("j", JobStatus.CANCELED, finished, "stale", "https://h/", 1)
    assert json.loads(event_body(canceled, "/s/{job_id}"))["error"] is None


def test_retry_delays_grow_with_jitter_and_stay_at_the_last_step() -> None:
    settings = WebhookSettings(secret=SECRET, hosts=HOSTS, backoff_seconds=(10, 30, 120))
    for attempt, base in ((1, 10), (2, 30), (3, 120), (7, 120)):
        delays = {settings.retry_delay(attempt) for _ in range(50)}
        assert all(0.8 * base <= delay <= 1.2 * base for delay in delays)
        assert len(delays) > 1  # jittered
