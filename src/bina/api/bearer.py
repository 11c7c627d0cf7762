"""Bearer tokens: which user a JWT names, verified the way Supabase signs its tokens.

Two ways to verify, either or both configured:

* HS256 with `BINA_JWT_SECRET` (Supabase's legacy shared secret);
* asymmetric keys from a JWKS (`BINA_JWT_JWKS_URL`; ES256, RS256, EdDSA…), the key chosen by
  the token's `kid`. `BINA_SUPABASE_URL=https://<ref>.supabase.co` alone sets the JWKS address,
  the issuer (`<url>/auth/v1`) and the audience (`authenticated`); explicit settings win.

The algorithm always comes from what verifies, never from the token: the secret means HS256, a
JWKS key means the algorithm its JWK names. The token's `alg` header only picks which of the
two to try, and must then be exactly that algorithm, so an HS256 token "signed" with a public
key's bytes is checked against the secret and fails, and `alg: none` matches nothing.

`exp` is required (30 s of clock leeway); `aud` and `iss` are checked when configured. A valid
token without `sub` (Supabase's public anon key, sent before sign-in) names nobody: the caller
is anonymous, whatever its audience or issuer, since it grants nothing. A `sub` that is not
clean text (empty, over 255 characters, control characters, lone surrogates) is refused: it
would be stored as the owner of jobs and sites.
"""

from __future__ import annotations

import logging
import unicodedata
import warnings
from dataclasses import dataclass
from typing import Any

import jwt
from jwt.warnings import InsecureKeyLengthWarning

from bina.api.jwks import MAX_KID_LENGTH, JwksKeys
from bina.config import Settings

logger = logging.getLogger(__name__)

JWT_LEEWAY_SECONDS = 30
MAX_SUBJECT_LENGTH = 255
SUPABASE_AUDIENCE = "authenticated"
# Control characters (NUL included), surrogates, and the Unicode line and paragraph separators:
# no database column or log line should receive them from a token.
_UNCLEAN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


class AuthenticationFailed(Exception):
    """The Bearer token cannot be accepted."""

    def __init__(self, error: str, message: str) -> None:
        super().__init__(message)
        self.error = error
        self.message = message


class UnknownSigningKey(AuthenticationFailed):
    """The token names a `kid` that the JWKS held here does not have."""

    def __init__(self, kid: str) -> None:
        super().__init__(
            "unknown_signing_key",
            "The sign-in token is signed with a key this server does not know.",
        )
        self.kid = kid


def _invalid(message: str = "The sign-in token is not valid.") -> AuthenticationFailed:
    return AuthenticationFailed("invalid_token", message)


@dataclass(frozen=True, slots=True)
class TokenRules:
    """How Bearer tokens are verified, with Supabase's defaults filled in."""

    secret: str | None = None
    jwks_url: str | None = None
    audience: str | None = None
    issuer: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenRules:
        auth_url = None
        if settings.supabase_url:
            auth_url = f"{settings.supabase_url.rstrip('/')}/auth/v1"
        secret = settings.jwt_secret.get_secret_value() if settings.jwt_secret else ""
        return cls(
            secret=secret or None,
            jwks_url=settings.jwt_jwks_url
            or (f"{auth_url}/.well-known/jwks.json" if auth_url else None),
            audience=settings.jwt_audience or (SUPABASE_AUDIENCE if auth_url else None),
            issuer=settings.jwt_issuer or auth_url,
        )

    def describe(self) -> str:
        """One line for the startup log."""
        ways = [way for way, on in (("HS256 secret", self.secret), ("JWKS", self.jwks_url)) if on]
        if not ways:
            return "Bearer tokens: none accepted (no BINA_JWT_SECRET, JWKS or Supabase URL)"
        checks = ["exp"] + [
            f"{name} {value!r}"
            for name, value in (("aud", self.audience), ("iss", self.issuer))
            if value
        ]
        where = f" ({self.jwks_url})" if self.jwks_url else ""
        return f"Bearer tokens: {' and '.join(ways)}{where}; checked: {', '.join(checks)}"


def clean_subject(subject: object) -> str:
    """`sub` as a user id, or AuthenticationFailed when it is not clean text."""
    if not isinstance(subject, str) or not subject:
        raise _invalid("The sign-in token's `sub` is empty or not text.")
    if len(subject) > MAX_SUBJECT_LENGTH:
        raise _invalid(f"The sign-in token's `sub` is longer than {MAX_SUBJECT_LENGTH} characters.")
    if any(unicodedata.category(char) in _UNCLEAN_CATEGORIES for char in subject):
        raise _invalid("The sign-in token's `sub` contains control or invalid characters.")
    return subject


def bearer_token(authorization: str) -> str:
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise _invalid("Use `Authorization: Bearer <token>` or no Authorization header.")
    return token


class BearerVerifier:
    """Checks Bearer tokens with the secret and/or the JWKS keys; with neither, refuses all."""

    def __init__(
        self,
        secret: str | None = None,
        *,
        keys: JwksKeys | None = None,
        audience: str | None = None,
        issuer: str | None = None,
    ) -> None:
        self._secret = secret or None
        self.keys = keys
        self._audience = audience
        self._issuer = issuer
        if self._secret is not None and len(self._secret.encode("utf-8")) < 32:
            logger.warning("BINA_JWT_SECRET is shorter than 32 bytes; HS256 wants at least 32")

    @classmethod
    def from_rules(cls, rules: TokenRules) -> BearerVerifier:
        keys = JwksKeys(rules.jwks_url) if rules.jwks_url else None
        return cls(rules.secret, keys=keys, audience=rules.audience, issuer=rules.issuer)

    async def verify(self, authorization: str) -> str | None:
        """`user_id`, after fetching the JWKS when the token names a key not held yet."""
        try:
            return self.user_id(authorization)
        except UnknownSigningKey as unknown:
            if self.keys is None or not await self.keys.fetch_for_unknown(unknown.kid):
                raise
        return self.user_id(authorization)

    def user_id(self, authorization: str) -> str | None:
        """The `sub` of a valid token; None for a valid token without one; else raises.

        Uses only the keys held (UnknownSigningKey when the token names another `kid`).
        """
        token = bearer_token(authorization)
        if self._secret is None and self.keys is None:
            raise AuthenticationFailed(
                "auth_not_configured",
                "This server does not accept sign-in tokens (set BINA_JWT_SECRET, "
                "BINA_JWT_JWKS_URL or BINA_SUPABASE_URL).",
            )
        try:
            header = jwt.get_unverified_header(token)
            # Which claims to check depends on whether the token names a user at all.
            names_user = "sub" in jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise _invalid() from exc
        key, algorithm = self._key_for(header)
        claims = self._decode(token, key, algorithm, check_audience_and_issuer=names_user)
        return clean_subject(claims["sub"]) if names_user else None

    def _key_for(self, header: dict[str, Any]) -> tuple[Any, str]:
        if header.get("alg") == "HS256":
            if self._secret is None:
                raise _invalid("This server does not accept HS256 tokens.")
            return self._secret, "HS256"
        if self.keys is None:
            raise _invalid("This server accepts only HS256 tokens.")
        kid = header.get("kid")
        if not isinstance(kid, str) or not 0 < len(kid) <= MAX_KID_LENGTH:
            raise _invalid("The sign-in token does not name its signing key (`kid`).")
        key = self.keys.key(kid)
        if key is None:
            raise UnknownSigningKey(kid)
        return key.key, key.algorithm_name

    def _decode(
        self, token: str, key: Any, algorithm: str, *, check_audience_and_issuer: bool
    ) -> dict[str, Any]:
        audience = self._audience if check_audience_and_issuer else None
        try:
            with warnings.catch_warnings():  # a short secret is reported once, at startup
                warnings.simplefilter("ignore", InsecureKeyLengthWarning)
                claims: dict[str, Any] = jwt.decode(
                    token,
                    key,
                    algorithms=[algorithm],
                    audience=audience,
                    issuer=self._issuer if check_audience_and_issuer else None,
                    options={"require": ["exp"], "verify_aud": audience is not None},
                    leeway=JWT_LEEWAY_SECONDS,
                )
        except jwt.PyJWTError as exc:
            raise _refusal(exc) from exc
        return claims


def _refusal(exc: jwt.PyJWTError) -> AuthenticationFailed:
    """The error a client is told for what PyJWT found."""
    if isinstance(exc, jwt.ExpiredSignatureError):
        return AuthenticationFailed("token_expired", "The sign-in token has expired.")
    if isinstance(exc, jwt.ImmatureSignatureError):
        return AuthenticationFailed("token_not_yet_valid", "The sign-in token is not valid yet.")
    missing = exc.claim if isinstance(exc, jwt.MissingRequiredClaimError) else None
    if isinstance(exc, jwt.InvalidAudienceError) or missing == "aud":
        return AuthenticationFailed(
            "invalid_audience", "The sign-in token is not meant for this service (`aud`)."
        )
    if isinstance(exc, jwt.InvalidIssuerError) or missing == "iss":
        return AuthenticationFailed(
            "invalid_issuer", "The sign-in token comes from another issuer (`iss`)."
        )
    if missing == "exp":
        return _invalid("The sign-in token has no expiry (`exp`).")
    return _invalid()
