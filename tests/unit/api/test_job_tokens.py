"""Job tokens without a server: bound to one job and its owner, expiring with the job, and
worthless when changed in any way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bina.api.identity import cookie_key
from bina.api.job_tokens import TOKEN_GRACE, JobPass, JobTokens
from bina.config import Settings

JOB_A = "3f0c9a52-8a5e-4c1f-9d4e-2b7f1e6a9c10"
JOB_B = "7d8f5d1e-3c5a-4b7e-9f1a-0c2d3e4f5a6b"
OWNER = "anon:abcdefghijklmnopqrstuvwx"
CREATED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
RETENTION = timedelta(hours=24)


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


@pytest.fixture
def tokens() -> JobTokens:
    return JobTokens.from_settings(settings(cookie_secret="c", retention_hours=24))


def at(moment: datetime) -> float:
    return moment.timestamp()


def test_a_token_proves_its_own_job_of_its_own_owner(tokens: JobTokens) -> None:
    token = tokens.issue(JOB_A, OWNER, CREATED)
    assert tokens.proves(token, JOB_A, OWNER, now=at(CREATED))
    assert not tokens.proves(token, JOB_B, OWNER, now=at(CREATED))
    assert not tokens.proves(token, JOB_A, "anon:someone-else-entirely", now=at(CREATED))
    assert not tokens.proves(token, JOB_A, None, now=at(CREATED))
    # The same job gives the same token on every instance and for a repeated start.
    assert tokens.issue(JOB_A, OWNER, CREATED) == token


def test_a_token_lasts_as_long_as_the_job_is_kept(tokens: JobTokens) -> None:
    token = tokens.issue(JOB_A, OWNER, CREATED)
    end = CREATED + RETENTION + TOKEN_GRACE
    assert tokens.proves(token, JOB_A, OWNER, now=at(end - timedelta(seconds=1)))
    assert not tokens.proves(token, JOB_A, OWNER, now=at(end))
    assert not tokens.proves(token, JOB_A, OWNER, now=at(end + timedelta(days=30)))


def test_an_edited_token_proves_nothing(tokens: JobTokens) -> None:
    token = tokens.issue(JOB_A, OWNER, CREATED)
    expires, _, signature = token.partition(".")
    later_expiry = str(int(expires) + 365 * 24 * 3600)
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    for edited in [
        f"{later_expiry}.{signature}",  # a longer life
        f"{expires}.{flipped}",
        f"{expires}.{signature[:-1]}",
        f"{expires}.{signature}=",
        f"{expires}.{signature}.x",
        f" {token}",
        token.upper(),
        signature,
        expires,
        "",
        "x" * 5000,
        "1.2",
        "\x00" + token,
        "٣٣٣٣٣٣٣٣٣٣." + signature,  # digits, but not ASCII ones
    ]:
        assert not tokens.proves(edited, JOB_A, OWNER, now=at(CREATED)), edited
    assert not tokens.proves(None, JOB_A, OWNER, now=at(CREATED))


def test_another_deployments_key_or_a_cookie_signature_does_not_pass() -> None:
    ours = JobTokens.from_settings(settings(cookie_secret="ours"))
    theirs = JobTokens.from_settings(settings(cookie_secret="theirs"))
    token = theirs.issue(JOB_A, OWNER, CREATED)
    assert not ours.proves(token, JOB_A, OWNER, now=at(CREATED))
    # Signed with the cookie key over the same fields: still no token.
    cookie_signed = JobTokens(cookie_key(settings(cookie_secret="ours"))[0], RETENTION)
    assert not ours.proves(cookie_signed.issue(JOB_A, OWNER, CREATED), JOB_A, OWNER)


def test_a_pass_opens_only_the_job_it_was_issued_for(tokens: JobTokens) -> None:
    token = tokens.issue(JOB_A, OWNER, datetime.now(UTC))
    assert JobPass(tokens, token).opens(JOB_A, OWNER)
    assert not JobPass(tokens, token).opens(JOB_B, OWNER)
    assert not JobPass(tokens, None).opens(JOB_A, OWNER)
