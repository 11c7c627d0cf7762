"""Who is calling: a signed-in user (Bearer JWT) or an anonymous visitor (signed cookie).

* `Authorization: Bearer <JWT>`, verified as `bina.api.bearer` says (HS256 secret and/or a
  JWKS): `sub` is the user id. A bad, expired or forged token is a 401: a caller who meant to
  sign in is never quietly treated as someone else. A valid token without `sub` (Supabase's
  public "anon" key) is an anonymous caller. A `sub` in Bina's own namespaces (`anon:`,
  `public:`) is refused, so no token can pose as a visitor or claim capability jobs.
* Otherwise the server issues a random id in an HttpOnly cookie, signed with HMAC-SHA256; that
  id owns the caller's jobs. A tampered cookie is replaced by a fresh one, it is not an error.
  The cookie is `SameSite=Lax` (`Secure` over https), or `SameSite=None; Secure` when
  `BINA_CORS_ORIGINS` names origins allowed to send credentials: a front end on another site
  then keeps its visitor's identity.
* A request with neither (no token that names a user, no valid cookie: a front end on
  another origin calling without credentials, a plain `curl`) starts *capability jobs*: such a
  job's UUID is its secret, and whoever holds the id may follow and cancel it, as in the
  system Bina replaces. Jobs started with a cookie or a token stay private to their owner.
* Quota is counted per signed-in user, or per client address for anonymous callers (IPv6 per
  /64, which is what one subscriber is given). `X-Forwarded-For` is believed only from the
  peers in `BINA_TRUSTED_PROXIES`.

A `user_id` in a request body is never read.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import ipaddress
import logging
import re
import secrets
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass

from bina.api.bearer import AuthenticationFailed as AuthenticationFailed
from bina.api.bearer import BearerVerifier as BearerVerifier
from bina.api.bearer import TokenRules
from bina.config import Settings

logger = logging.getLogger(__name__)

COOKIE_NAME = "bina_anon"
COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600
ANONYMOUS_PREFIX = "anon:"
#: Owners of capability jobs: `public:<label>`, the label being the body's `user_id` (or
#: "anonymous"), kept only so operators can tell such jobs apart; it never grants access.
CAPABILITY_PREFIX = "public:"
RESERVED_PREFIXES = (ANONYMOUS_PREFIX, CAPABILITY_PREFIX)
_LABEL = re.compile(r"^[A-Za-z0-9._@+:-]{1,64}$")
_COOKIE_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_COOKIE_KEY_CONTEXT = b"bina-anonymous-cookie-v1"

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True, slots=True)
class Caller:
    """The identity a request acts as."""

    user_id: str  # owns jobs: the JWT's `sub`, or "anon:<random id>"
    quota_subject: str  # "user:<sub>" or "ip:<address or /64>"
    signed_in: bool
    client_address: str
    #: False when the request carried no token naming a user and no valid cookie: what it
    #: starts is a capability job, followed by whoever holds the job's id.
    credentialed: bool = True

    def owner_of_new_job(self, label: str | None) -> str:
        """Who owns a job this caller starts: the caller, or nobody (a capability job)."""
        if self.credentialed:
            return self.user_id
        return capability_owner(label)

    def may_follow(self, owner: str | None) -> bool:
        """Whether this caller may see (and cancel) a job that `owner` owns."""
        return owner == self.user_id or is_capability_owner(owner)


def capability_owner(label: str | None) -> str:
    """The owner recorded for a capability job; an unusable label becomes "anonymous"."""
    clean = label.strip() if isinstance(label, str) else ""
    return f"{CAPABILITY_PREFIX}{clean if _LABEL.match(clean) else 'anonymous'}"


def is_capability_owner(owner: str | None) -> bool:
    return owner is not None and owner.startswith(CAPABILITY_PREFIX)


def cookie_key(settings: Settings) -> tuple[bytes, str]:
    """The HMAC key for anonymous cookies, and where it came from (for the startup log).

    BINA_COOKIE_SECRET when set; else derived from BINA_JWT_SECRET; else from DATABASE_URL,
    which every instance of one deployment shares (and which holds the database password on
    PostgreSQL). Deriving keeps `make run` zero-configuration; a public deployment should
    set BINA_COOKIE_SECRET.
    """
    return derived_key(settings, _COOKIE_KEY_CONTEXT)


def derived_key(settings: Settings, context: bytes) -> tuple[bytes, str]:
    """A key for one purpose (`context`) from the cookie secret's material, and its source.

    Each purpose gets its own key, so a value signed for one (a cookie) is never valid as
    another (a job token).
    """
    for source, value in (
        ("BINA_COOKIE_SECRET", settings.cookie_secret),
        ("BINA_JWT_SECRET", settings.jwt_secret),
    ):
        if value is not None and value.get_secret_value():
            return _derive(context, value.get_secret_value()), source
    return _derive(context, settings.database_url), "DATABASE_URL"


def _derive(context: bytes, material: str) -> bytes:
    return hmac.new(context, material.encode("utf-8"), hashlib.sha256).digest()


class CookieSigner:
    """`<id>.<signature>` with an HMAC-SHA256 signature over the id."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _signature(self, value: str) -> str:
        digest = hmac.new(self._key, value.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def sign(self, value: str) -> str:
        return f"{value}.{self._signature(value)}"

    def unsign(self, token: str) -> str | None:
        value, _, signature = token.rpartition(".")
        if not _COOKIE_ID.match(value) or not signature.isascii():
            return None
        if hmac.compare_digest(signature, self._signature(value)):
            return value
        return None


def new_anonymous_id() -> str:
    return secrets.token_urlsafe(18)


def parse_networks(entries: Iterable[str]) -> tuple[IPNetwork, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            logger.warning("ignoring BINA_TRUSTED_PROXIES entry %r: not an address", entry)
    return tuple(networks)


def _parse_address(text: str) -> IPAddress | None:
    text = text.strip()
    if text.startswith("["):  # "[v6]:port"
        text = text[1 : text.find("]")] if "]" in text else text
    elif text.count(":") == 1:  # "v4:port"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: IPAddress | None, networks: Sequence[IPNetwork]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(
    peer: str | None, forwarded_for: Sequence[str], trusted: Sequence[IPNetwork]
) -> str:
    """The caller's address: the peer, or the nearest untrusted hop of X-Forwarded-For."""
    current = _parse_address(peer) if peer else None
    if not _trusted(current, trusted):
        return str(current) if current is not None else (peer or "unknown")
    hops = [hop for header in forwarded_for for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse_address(hop)
        if address is None:
            break  # garbage in the chain: believe no further than the last trusted proxy
        current = address
        if not _trusted(address, trusted):
            break
    return str(current)


def quota_subject_for_address(address: str) -> str:
    parsed = _parse_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return f"ip:{ipaddress.ip_network(f'{parsed}/64', strict=False)}"
    return f"ip:{parsed if parsed is not None else address}"


def forwarded_https(peer: str | None, proto: str | None, trusted: Sequence[IPNetwork]) -> bool:
    if not proto or not peer:
        return False
    return _trusted(_parse_address(peer), trusted) and proto.split(",")[0].strip() == "https"


class IdentityResolver:
    """Turns a request's headers and cookie into a Caller (and a cookie to set, if new)."""

    def __init__(self, settings: Settings) -> None:
        key, self.key_source = cookie_key(settings)
        self.signer = CookieSigner(key)
        self.token_rules = TokenRules.from_settings(settings)
        self.verifier = BearerVerifier.from_rules(self.token_rules)
        self.trusted = parse_networks(settings.trusted_proxies)
        # Browsers send a SameSite=Lax cookie only to the site that set it; a front end on
        # another site needs SameSite=None, which browsers accept only with Secure. Only
        # exact origins may send credentials at all (a `*` entry means none may).
        origins = settings.cors_origins
        self.cross_site_cookie = bool(origins) and "*" not in origins

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Keeps the JWKS keys fresh while the app serves (when a JWKS is configured)."""
        logger.info("%s", self.token_rules.describe())
        keys = self.verifier.keys
        if keys is None:
            yield
            return
        async with keys.kept_fresh():
            yield

    async def resolve(
        self,
        *,
        authorization: str | None,
        cookie: str | None,
        peer: str | None,
        forwarded_for: Sequence[str],
        https: bool,
        forwarded_proto: str | None,
    ) -> tuple[Caller, str | None]:
        """The caller, and a `Set-Cookie` value when a new anonymous id was issued."""
        address = client_address(peer, forwarded_for, self.trusted)
        if authorization is not None:
            subject = await self.verifier.verify(authorization)
            if subject is not None:
                if subject.startswith(RESERVED_PREFIXES):
                    raise AuthenticationFailed(
                        "invalid_token", "The sign-in token's `sub` is reserved for visitors."
                    )
                caller = Caller(subject, f"user:{subject}", True, address)
                return caller, None
        anonymous_id = self.signer.unsign(cookie) if cookie else None
        credentialed = anonymous_id is not None
        set_cookie = None
        if anonymous_id is None:
            anonymous_id = new_anonymous_id()
            secure = https or forwarded_https(peer, forwarded_proto, self.trusted)
            set_cookie = self._cookie_for(anonymous_id, secure)
        caller = Caller(
            f"{ANONYMOUS_PREFIX}{anonymous_id}",
            quota_subject_for_address(address),
            signed_in=False,
            client_address=address,
            credentialed=credentialed,
        )
        return caller, set_cookie

    def visitor_cookie(
        self, *, cookie: str | None, peer: str | None, https: bool, forwarded_proto: str | None
    ) -> str | None:
        """A `Set-Cookie` value for a page visitor who has no valid cookie yet, else None.

        The /create page gets its visitor's identity on load, so the jobs it starts carry the
        cookie and stay private (a first start without it would make a capability job).
        """
        if cookie and self.signer.unsign(cookie) is not None:
            return None
        secure = https or forwarded_https(peer, forwarded_proto, self.trusted)
        return self._cookie_for(new_anonymous_id(), secure)

    def _cookie_for(self, anonymous_id: str, secure: bool) -> str:
        if self.cross_site_cookie:
            same_site = "SameSite=None; Secure"
        else:
            same_site = f"SameSite=Lax{'; Secure' if secure else ''}"
        return (
            f"{COOKIE_NAME}={self.signer.sign(anonymous_id)}; Max-Age={COOKIE_MAX_AGE_SECONDS}"
            f"; Path=/; HttpOnly; {same_site}"
        )
