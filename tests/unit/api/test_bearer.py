"""Bearer tokens without a server: asymmetric keys from a JWKS, the HS256 secret, the claims
that are checked, algorithm confusion, and which `sub` is a usable user id."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import jwt
import pytest

from bina.api.bearer import (
    AuthenticationFailed,
    BearerVerifier,
    TokenRules,
    UnknownSigningKey,
    clean_subject,
)
from bina.api.jwks import JwksKeys
from bina.config import Settings
from tests.jwks_helpers import SigningKey, jwks
from tests.jwks_helpers import hs256 as hs256_token

SECRET = "unit-secret-unit-secret-unit-secret"
# Never fetched from: a key not held is refused without a fetch in these tests.
UNUSED_URL = "http://127.0.0.1:9/jwks.json"

EC = SigningKey.ec("ec-1")
RSA = SigningKey.rsa("rsa-1")
ED = SigningKey.ed25519("ed-1")


def held_keys(*keys: SigningKey) -> JwksKeys:
    held = JwksKeys(UNUSED_URL)
    held.replace(jwks(*keys))
    return held


def verifier(
    *keys: SigningKey,
    secret: str | None = None,
    audience: str | None = None,
    issuer: str | None = None,
) -> BearerVerifier:
    return BearerVerifier(
        secret, keys=held_keys(*keys) if keys else None, audience=audience, issuer=issuer
    )


def hs256(claims: dict[str, Any], secret: str | bytes = SECRET, **header: Any) -> str:
    return hs256_token(claims, secret, **header)


def later(seconds: float = 600) -> int:
    return int(time.time() + seconds)


def refused(check: BearerVerifier, token: str) -> str:
    with pytest.raises(AuthenticationFailed) as raised:
        check.user_id(f"Bearer {token}")
    return raised.value.error


# --- asymmetric keys ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", [EC, RSA, ED], ids=["ES256", "RS256", "EdDSA"])
def test_a_token_signed_by_a_jwks_key_names_its_user(key: SigningKey) -> None:
    check = verifier(EC, RSA, ED, audience="authenticated")
    assert check.user_id(f"Bearer {key.token('user-7')}") == "user-7"


def test_the_algorithm_comes_from_the_key_not_from_the_token() -> None:
    check = verifier(EC, RSA)
    # The RSA key also verifies RS512 signatures mathematically; it is published as RS256.
    assert refused(check, RSA.token(algorithm="RS512")) == "invalid_token"
    # An EC token that names the RSA key's kid.
    assert refused(check, EC.token(kid=RSA.kid)) == "invalid_token"
    # An RSA token that names the EC key's kid.
    assert refused(check, RSA.token(kid=EC.kid)) == "invalid_token"


@pytest.mark.parametrize("secret", [None, SECRET], ids=["jwks-only", "jwks-and-secret"])
def test_an_hs256_token_signed_with_a_public_key_is_refused(secret: str | None) -> None:
    check = verifier(EC, RSA, ED, secret=secret)
    claims = {"sub": "mallory", "exp": later()}
    for key in (EC, RSA, ED):
        for material in (
            key.public_pem(),
            key.public_der(),
            key.public_raw(),
            json.dumps(key.jwk()).encode(),
        ):
            assert refused(check, hs256(claims, material, kid=key.kid)) == "invalid_token"


def test_alg_none_is_refused_even_naming_a_known_key() -> None:
    check = verifier(EC, secret=SECRET)
    unsigned = jwt.encode(
        {"sub": "mallory", "exp": later()}, "", algorithm="none", headers={"kid": EC.kid}
    )
    assert refused(check, unsigned) == "invalid_token"
    assert refused(check, unsigned.rsplit(".", 1)[0] + ".") == "invalid_token"


def test_an_asymmetric_token_is_refused_when_only_the_secret_is_configured() -> None:
    check = verifier(secret=SECRET)
    for key in (EC, RSA, ED):
        assert refused(check, key.token()) == "invalid_token"


def test_an_hs256_token_is_refused_when_only_a_jwks_is_configured() -> None:
    assert refused(verifier(EC), hs256({"sub": "u", "exp": later()})) == "invalid_token"


def test_both_ways_work_side_by_side() -> None:
    check = verifier(EC, secret=SECRET)
    assert check.user_id(f"Bearer {hs256({'sub': 'legacy', 'exp': later()})}") == "legacy"
    assert check.user_id(f"Bearer {EC.token('modern')}") == "modern"


def test_a_forged_signature_is_refused() -> None:
    impostor = SigningKey.ec(EC.kid)  # same kid, another private key
    assert refused(verifier(EC), impostor.token()) == "invalid_token"
    header, _payload, signature = EC.token("u").split(".")
    other_payload = base64.urlsafe_b64encode(b'{"sub":"admin","exp":9999999999}').rstrip(b"=")
    assert refused(verifier(EC), f"{header}.{other_payload.decode()}.{signature}") == (
        "invalid_token"
    )


def test_a_key_not_held_is_reported_for_a_fetch() -> None:
    with pytest.raises(UnknownSigningKey) as raised:
        verifier(EC).user_id(f"Bearer {SigningKey.ec('new-kid').token()}")
    assert (raised.value.error, raised.value.kid) == ("unknown_signing_key", "new-kid")


@pytest.mark.parametrize("kid", [None, "", 12, "k" * 300], ids=["none", "empty", "int", "long"])
def test_a_token_without_a_usable_kid_is_refused(kid: object) -> None:
    header = {} if kid is None else {"kid": kid}
    token = jwt.encode({"sub": "u", "exp": later()}, EC.private, algorithm="ES256")
    if header:
        # PyJWT insists that kid is a string: build the odd header by hand.
        _, payload, signature = token.split(".")
        raw = json.dumps({"alg": "ES256", "typ": "JWT", **header}).encode()
        token = f"{base64.urlsafe_b64encode(raw).rstrip(b'=').decode()}.{payload}.{signature}"
    assert refused(verifier(EC), token) == "invalid_token"


def test_symmetric_and_encryption_keys_in_a_jwks_are_never_used() -> None:
    held = JwksKeys(UNUSED_URL)
    secret_jwk = {"kty": "oct", "kid": "oct-1", "k": base64.urlsafe_b64encode(b"s" * 32).decode()}
    encryption = {**RSA.jwk(), "kid": "enc-1", "use": "enc"}
    held.replace({"keys": [secret_jwk, encryption, EC.jwk()]})
    assert held.kids == {EC.kid}
    with pytest.raises(ValueError):
        held.replace({"keys": [secret_jwk]})
    with pytest.raises(ValueError):
        held.replace({"keys": "nonsense"})
    assert held.kids == {EC.kid}  # a bad document never empties the keys held


# --- claims -------------------------------------------------------------------------------------


def test_expired_and_not_yet_valid_tokens() -> None:
    check = verifier(EC)
    assert refused(check, EC.token(expires_in=-3600)) == "token_expired"
    assert refused(check, EC.token(nbf=later(3600))) == "token_not_yet_valid"
    assert check.user_id(f"Bearer {EC.token('u', expires_in=-5)}") == "u"  # clock leeway


def test_exp_is_required() -> None:
    token = jwt.encode({"sub": "u"}, EC.private, algorithm="ES256", headers={"kid": EC.kid})
    assert refused(verifier(EC), token) == "invalid_token"


def test_the_audience_and_issuer_are_checked_when_configured() -> None:
    issuer = "https://ref.supabase.co/auth/v1"
    check = verifier(EC, audience="authenticated", issuer=issuer)
    assert check.user_id(f"Bearer {EC.token('u', iss=issuer)}") == "u"
    assert refused(check, EC.token(iss=issuer, aud="someone-else")) == "invalid_audience"
    assert refused(check, EC.token(iss=issuer, aud=None)) == "invalid_audience"
    assert refused(check, EC.token(iss="https://other.supabase.co/auth/v1")) == "invalid_issuer"
    assert refused(check, EC.token()) == "invalid_issuer"  # no iss at all
    # Without configured checks, any audience and issuer pass.
    assert verifier(EC).user_id(f"Bearer {EC.token('u', aud='x', iss='y')}") == "u"


def test_a_valid_token_without_sub_is_nobody_whatever_its_audience() -> None:
    # Supabase's anon key: `role: anon`, issuer "supabase", no audience, no `sub`.
    check = verifier(EC, audience="authenticated", issuer="https://ref.supabase.co/auth/v1")
    anon_key = EC.token(None, role="anon", iss="supabase", aud=None)
    assert check.user_id(f"Bearer {anon_key}") is None
    # ...but it must still be genuine and current.
    assert refused(check, EC.token(None, expires_in=-3600)) == "token_expired"
    assert refused(check, SigningKey.ec(EC.kid).token(None)) == "invalid_token"


# --- subjects -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    ["", "a\x00b", "\x00", "tab\there", "line\nbreak", "del\x7f", "c1\x85", "\ud800", "x\udfff",
     "sep\u2028", "x" * 256, 12, None, ["u"]],
    ids=["empty", "nul", "only-nul", "tab", "newline", "del", "c1", "lone-high-surrogate",
         "lone-low-surrogate", "line-separator", "256-chars", "int", "null", "list"],
)  # fmt: skip
def test_a_sub_that_is_not_clean_text_is_refused(subject: object) -> None:
    with pytest.raises(AuthenticationFailed) as raised:
        clean_subject(subject)
    assert raised.value.error == "invalid_token"
    if subject is not None:  # a `sub: null` token is refused by PyJWT already
        token = hs256({"sub": subject, "exp": later()})
        assert refused(verifier(secret=SECRET), token) == "invalid_token"


@pytest.mark.parametrize(
    "subject", ["3f0c9a52-8a5e-4c1f-9d4e-2b7f1e6a9c10", "x" * 255, "Siti Nurhaliza", "用户-1", "😀"]
)
def test_clean_subjects_are_kept_as_they_are(subject: str) -> None:
    assert clean_subject(subject) == subject
    assert verifier(secret=SECRET).user_id(f"Bearer {hs256({'sub': subject, 'exp': later()})}") == (
        subject
    )


def test_a_payload_that_is_not_utf8_is_refused() -> None:
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
    payload = base64.urlsafe_b64encode(b'{"sub":"\xff\xfe","exp":9999999999}').rstrip(b"=")
    signing_input = f"{header}.{payload.decode()}"
    signature = hmac.new(SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"
    assert refused(verifier(secret=SECRET), token) == "invalid_token"


# --- configuration ------------------------------------------------------------------------------


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def test_the_supabase_url_alone_sets_the_jwks_issuer_and_audience() -> None:
    rules = TokenRules.from_settings(settings(supabase_url="https://abc.supabase.co/"))
    assert rules == TokenRules(
        secret=None,
        jwks_url="https://abc.supabase.co/auth/v1/.well-known/jwks.json",
        audience="authenticated",
        issuer="https://abc.supabase.co/auth/v1",
    )


def test_explicit_settings_win_over_the_supabase_defaults() -> None:
    rules = TokenRules.from_settings(
        settings(
            supabase_url="https://abc.supabase.co",
            jwt_jwks_url="https://keys.example.com/jwks.json",
            jwt_audience="my-app",
            jwt_issuer="https://issuer.example.com",
            jwt_secret=SECRET,
        )
    )
    assert rules == TokenRules(
        secret=SECRET,
        jwks_url="https://keys.example.com/jwks.json",
        audience="my-app",
        issuer="https://issuer.example.com",
    )


def test_without_supabase_nothing_is_checked_that_was_not_asked_for() -> None:
    assert TokenRules.from_settings(settings(jwt_secret=SECRET)) == TokenRules(secret=SECRET)
    assert TokenRules.from_settings(settings(jwt_secret="")) == TokenRules()
    rules = TokenRules.from_settings(settings(jwt_jwks_url="https://k.example.com/jwks.json"))
    assert (rules.audience, rules.issuer) == (None, None)


def test_a_jwks_url_that_is_not_http_stops_startup() -> None:
    with pytest.raises(jwt.PyJWKClientError):
        BearerVerifier.from_rules(TokenRules(jwks_url="file:///etc/passwd"))


def test_with_nothing_configured_every_token_is_refused() -> None:
    check = BearerVerifier.from_rules(TokenRules())
    with pytest.raises(AuthenticationFailed) as raised:
        check.user_id(f"Bearer {EC.token()}")
    assert raised.value.error == "auth_not_configured"
