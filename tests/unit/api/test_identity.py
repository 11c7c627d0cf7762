"""Identity without a server: cookie signing, HS256 Bearer tokens, client addresses, the
cookie's SameSite (asymmetric tokens are in test_bearer.py)."""

from __future__ import annotations

import time
import warnings
from typing import Any

import jwt
import pytest
from jwt.warnings import InsecureKeyLengthWarning

from bina.api.identity import (
    AuthenticationFailed,
    BearerVerifier,
    Caller,
    CookieSigner,
    IdentityResolver,
    capability_owner,
    client_address,
    cookie_key,
    derived_key,
    parse_networks,
    quota_subject_for_address,
)
from bina.config import Settings

SECRET = "unit-secret-unit-secret-unit-secret"


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def encode(claims: dict[str, object], secret: str = SECRET, algorithm: str = "HS256") -> str:
    with warnings.catch_warnings():  # PyJWT warns about the key length for HS512
        warnings.simplefilter("ignore", InsecureKeyLengthWarning)
        return jwt.encode(claims, secret, algorithm=algorithm)


def later(seconds: float = 600) -> int:
    return int(time.time() + seconds)


#: For tokens made when the tests are collected: the whole suite may take longer than 600 s.
DAY = 24 * 3600


# --- cookies ------------------------------------------------------------------------------------


def test_a_signed_cookie_round_trips_and_any_change_breaks_it() -> None:
    signer = CookieSigner(b"k" * 32)
    token = signer.sign("abcdefghijklmnopqrstuvwx")
    assert signer.unsign(token) == "abcdefghijklmnopqrstuvwx"
    value, _, signature = token.rpartition(".")
    assert signer.unsign(f"{value}x.{signature}") is None
    assert signer.unsign(f"{value}.{signature[:-1]}A") is None
    assert signer.unsign(value) is None
    assert CookieSigner(b"other" * 8).unsign(token) is None


@pytest.mark.parametrize("garbage", ["", ".", "..", "a.b", "x" * 5000, "é.é", "abc\x00def.sig"])
def test_garbage_cookies_are_rejected_quietly(garbage: str) -> None:
    assert CookieSigner(b"k" * 32).unsign(garbage) is None


def test_the_cookie_key_comes_from_the_best_secret_available() -> None:
    by_cookie, source = cookie_key(settings(cookie_secret="c", jwt_secret="j"))
    assert source == "BINA_COOKIE_SECRET"
    by_jwt, source = cookie_key(settings(jwt_secret="j"))
    assert source == "BINA_JWT_SECRET"
    by_url, source = cookie_key(settings(database_url="sqlite:///a.db"))
    assert source == "DATABASE_URL"
    other_url, _ = cookie_key(settings(database_url="sqlite:///b.db"))
    assert len({by_cookie, by_jwt, by_url, other_url}) == 4
    # Deterministic: every instance of one deployment derives the same key.
    assert cookie_key(settings(jwt_secret="j"))[0] == by_jwt


def test_each_purpose_gets_its_own_key_from_the_same_secret() -> None:
    configured = settings(cookie_secret="c")
    cookie, _ = cookie_key(configured)
    job_tokens, source = derived_key(configured, b"bina-job-token-v1")
    assert source == "BINA_COOKIE_SECRET" and job_tokens != cookie
    assert derived_key(configured, b"bina-job-token-v1")[0] == job_tokens


# --- Bearer tokens ------------------------------------------------------------------------------


def test_a_valid_token_names_its_user() -> None:
    verifier = BearerVerifier(SECRET)
    assert verifier.user_id(f"Bearer {encode({'sub': 'u-1', 'exp': later()})}") == "u-1"
    assert verifier.user_id(f"bearer   {encode({'sub': 'u-2', 'exp': later()})} ") == "u-2"
    # Supabase tokens carry an audience; it is not required to match anything here.
    supabase = encode({"sub": "u-3", "exp": later(), "aud": "authenticated", "role": "x"})
    assert verifier.user_id(f"Bearer {supabase}") == "u-3"


def test_a_valid_token_without_sub_is_no_user() -> None:
    assert BearerVerifier(SECRET).user_id(f"Bearer {encode({'exp': later()})}") is None


def test_an_empty_sub_is_refused_not_taken_for_no_user() -> None:
    with pytest.raises(AuthenticationFailed) as raised:
        BearerVerifier(SECRET).user_id(f"Bearer {encode({'sub': '', 'exp': later()})}")
    assert raised.value.error == "invalid_token"


def test_a_token_just_past_expiry_is_within_the_clock_leeway() -> None:
    recent = encode({"sub": "u", "exp": later(-5)})
    assert BearerVerifier(SECRET).user_id(f"Bearer {recent}") == "u"


@pytest.mark.parametrize(
    ("header", "error"),
    [
        (f"Bearer {encode({'sub': 'u', 'exp': later(-3600)})}", "token_expired"),
        (f"Bearer {encode({'sub': 'u', 'exp': later(DAY)}, secret='wrong' * 8)}", "invalid_token"),
        (f"Bearer {encode({'sub': 'u', 'exp': later(DAY)}, algorithm='HS512')}", "invalid_token"),
        (
            f"Bearer {jwt.encode({'sub': 'u', 'exp': later(DAY)}, '', algorithm='none')}",
            "invalid_token",
        ),
        (f"Bearer {encode({'sub': 'u'})}", "invalid_token"),
        (f"Bearer {encode({'sub': 12, 'exp': later(DAY)})}", "invalid_token"),
        (f"Bearer {encode({'sub': 'x' * 300, 'exp': later(DAY)})}", "invalid_token"),
        ("Bearer " + encode({"sub": "a\x00b", "exp": later(DAY)}), "invalid_token"),
        ("Bearer", "invalid_token"),
        ("Token abc", "invalid_token"),
        ("", "invalid_token"),
    ],
    ids=[
        "expired",
        "wrong-secret",
        "hs512",
        "alg-none",
        "no-exp",
        "int-sub",
        "long-sub",
        "nul-sub",
        "no-token",
        "other-scheme",
        "empty",
    ],
)
def test_bad_tokens_are_refused(header: str, error: str) -> None:
    with pytest.raises(AuthenticationFailed) as raised:
        BearerVerifier(SECRET).user_id(header)
    assert raised.value.error == error


def test_without_a_secret_every_token_is_refused() -> None:
    with pytest.raises(AuthenticationFailed) as raised:
        BearerVerifier(None).user_id(f"Bearer {encode({'sub': 'u', 'exp': later()})}")
    assert raised.value.error == "auth_not_configured"


# --- addresses ----------------------------------------------------------------------------------

TRUSTED = parse_networks(["10.0.0.0/8", "127.0.0.1", "::1", "not-an-address"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.5", ["198.51.100.1"], "203.0.113.5"),  # untrusted peer: header ignored
        ("10.0.0.2", ["198.51.100.1"], "198.51.100.1"),
        ("10.0.0.2", ["198.51.100.1, 10.0.0.9"], "198.51.100.1"),  # two trusted hops
        ("10.0.0.2", ["1.1.1.1, 198.51.100.1"], "198.51.100.1"),  # spoofed left part ignored
        ("10.0.0.2", ["1.1.1.1", "198.51.100.1"], "198.51.100.1"),  # several headers
        ("10.0.0.2", [], "10.0.0.2"),
        ("10.0.0.2", ["garbage, 198.51.100.1"], "198.51.100.1"),
        ("10.0.0.2", ["198.51.100.1, garbage"], "10.0.0.2"),
        ("10.0.0.2", ["[2001:db8::1]:443"], "2001:db8::1"),
        ("10.0.0.2", ["198.51.100.1:5555"], "198.51.100.1"),
        ("::ffff:203.0.113.5", [], "203.0.113.5"),
        (None, ["198.51.100.1"], "unknown"),
    ],
)
def test_the_client_address(peer: str | None, forwarded: list[str], expected: str) -> None:
    assert client_address(peer, forwarded, TRUSTED) == expected


def test_quota_subjects_group_ipv6_by_64() -> None:
    assert quota_subject_for_address("203.0.113.5") == "ip:203.0.113.5"
    assert quota_subject_for_address("2001:db8:1:2:aaaa::1") == "ip:2001:db8:1:2::/64"
    assert quota_subject_for_address("2001:db8:1:2:bbbb::9") == "ip:2001:db8:1:2::/64"
    assert quota_subject_for_address("unknown") == "ip:unknown"


# --- the whole resolution -----------------------------------------------------------------------


async def resolve(resolver: IdentityResolver, **overrides: Any) -> tuple[Caller, str | None]:
    request: dict[str, Any] = {
        "authorization": None,
        "cookie": None,
        "peer": "192.0.2.10",
        "forwarded_for": [],
        "https": False,
        "forwarded_proto": None,
    }
    request.update(overrides)
    return await resolver.resolve(**request)


async def test_an_anonymous_caller_gets_an_id_that_sticks() -> None:
    resolver = IdentityResolver(settings(cookie_secret="c"))
    caller, set_cookie = await resolve(resolver)
    assert set_cookie is not None and set_cookie.startswith("bina_anon=")
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie and "Path=/" in set_cookie
    cookie_value = set_cookie.split(";")[0].split("=", 1)[1]
    again, no_cookie = await resolve(resolver, cookie=cookie_value)
    assert no_cookie is None and again.user_id == caller.user_id
    assert caller.user_id.startswith("anon:") and caller.quota_subject == "ip:192.0.2.10"
    assert caller.signed_in is False
    # The first request came with no credentials: what it starts is a capability job.
    assert caller.credentialed is False and caller.owner_of_new_job(None) == "public:anonymous"
    assert again.credentialed is True and again.owner_of_new_job("x") == again.user_id


async def test_who_may_follow_a_job() -> None:
    resolver = IdentityResolver(settings(cookie_secret="c", jwt_secret=SECRET))
    visitor, _ = await resolve(resolver)
    signed_in, _ = await resolve(
        resolver, authorization=f"Bearer {encode({'sub': 'u', 'exp': later()})}"
    )
    for caller in (visitor, signed_in):
        assert caller.may_follow(caller.user_id)
        assert caller.may_follow("public:anonymous")  # a capability job: its id is the secret
        assert not caller.may_follow("anon:someone-else")
        assert not caller.may_follow("someone-else")
        assert not caller.may_follow(None)  # operators' jobs belong to no caller


@pytest.mark.parametrize(
    ("label", "owner"),
    [
        ("visitor-42", "public:visitor-42"),
        ("anonymous", "public:anonymous"),
        (None, "public:anonymous"),
        ("", "public:anonymous"),
        ("<script>alert(1)</script>", "public:anonymous"),
        ("x" * 65, "public:anonymous"),
        ("a\nb", "public:anonymous"),
    ],
)
def test_capability_owners_carry_only_a_clean_label(label: str | None, owner: str) -> None:
    assert capability_owner(label) == owner


async def test_a_signed_in_caller_is_counted_per_user() -> None:
    resolver = IdentityResolver(settings(jwt_secret=SECRET))
    authorization = f"Bearer {encode({'sub': 'u-9', 'exp': later()})}"
    caller, set_cookie = await resolve(resolver, authorization=authorization)
    assert set_cookie is None
    assert (caller.user_id, caller.quota_subject, caller.signed_in) == ("u-9", "user:u-9", True)


@pytest.mark.parametrize("subject", ["anon:abc", "public:anonymous", "public:x"])
async def test_a_sub_in_the_visitors_namespaces_is_refused(subject: str) -> None:
    resolver = IdentityResolver(settings(jwt_secret=SECRET))
    with pytest.raises(AuthenticationFailed) as raised:
        await resolve(resolver, authorization=f"Bearer {encode({'sub': subject, 'exp': later()})}")
    assert raised.value.error == "invalid_token"


# --- the cookie's SameSite ----------------------------------------------------------------------


def cookie_attributes(set_cookie: str | None) -> set[str]:
    assert set_cookie is not None
    return {part.strip() for part in set_cookie.split(";")[1:]}


@pytest.mark.parametrize("https", [False, True])
async def test_without_cross_origin_front_ends_the_cookie_is_lax(https: bool) -> None:
    for origins in ([], ["*"]):  # `*` never allows credentials, so no cookie crosses sites
        resolver = IdentityResolver(settings(cookie_secret="c", cors_origins=origins))
        _, set_cookie = await resolve(resolver, https=https)
        attributes = cookie_attributes(set_cookie)
        assert "SameSite=Lax" in attributes and "HttpOnly" in attributes
        assert ("Secure" in attributes) is https


@pytest.mark.parametrize("https", [False, True])
async def test_with_front_ends_on_other_origins_the_cookie_is_samesite_none_and_secure(
    https: bool,
) -> None:
    origins = ["https://shop.example.my", "http://localhost:3000"]
    resolver = IdentityResolver(settings(cookie_secret="c", cors_origins=origins))
    _, set_cookie = await resolve(resolver, https=https)
    attributes = cookie_attributes(set_cookie)
    # Browsers drop SameSite=None without Secure; they accept Secure from http://localhost.
    assert {"SameSite=None", "Secure", "HttpOnly", "Path=/"} <= attributes
    assert "SameSite=Lax" not in attributes
    page_cookie = resolver.visitor_cookie(cookie=None, peer=None, https=https, forwarded_proto=None)
    assert {"SameSite=None", "Secure"} <= cookie_attributes(page_cookie)
