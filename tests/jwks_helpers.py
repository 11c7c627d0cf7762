"""Asymmetric signing keys and a real JWKS server for the token tests.

`SigningKey.ec()`, `.rsa()`, `.ed25519()` make keys with `cryptography`, sign tokens the way
Supabase does (`kid` in the header) and publish their public half as a JWK. `JwksServer` serves
a JWKS over HTTP on a free loopback port from a thread (`http.server`), counts the fetches, and
can rotate keys, answer errors, or stop answering at all.

Imported as `tests.jwks_helpers` (pyproject puts the project root on sys.path).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey


@dataclass(frozen=True)
class SigningKey:
    """A private key, its `kid`, and the algorithm it signs with."""

    kid: str
    algorithm: str
    private: PrivateKey

    @classmethod
    def ec(cls, kid: str) -> SigningKey:
        return cls(kid, "ES256", ec.generate_private_key(ec.SECP256R1()))

    @classmethod
    def rsa(cls, kid: str) -> SigningKey:
        return cls(kid, "RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048))

    @classmethod
    def ed25519(cls, kid: str) -> SigningKey:
        return cls(kid, "EdDSA", ed25519.Ed25519PrivateKey.generate())

    def jwk(self) -> dict[str, Any]:
        """The public half as a JWK, as a JWKS publishes it (no `alg`: the key type says it)."""
        public = self.private.public_key()
        if isinstance(public, ec.EllipticCurvePublicKey):
            data = ECAlgorithm.to_jwk(public, as_dict=True)
        elif isinstance(public, rsa.RSAPublicKey):
            data = RSAAlgorithm.to_jwk(public, as_dict=True)
        else:
            data = OKPAlgorithm.to_jwk(public, as_dict=True)
        return {**data, "kid": self.kid, "use": "sig"}

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def public_der(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def public_raw(self) -> bytes:
        """The bare public key bytes (the EC point, the RSA modulus, the Ed25519 key): PyJWT
        cannot tell them from a secret, so only the verifier's own rules stand in the way."""
        public = self.private.public_key()
        if isinstance(public, ec.EllipticCurvePublicKey):
            return public.public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        if isinstance(public, rsa.RSAPublicKey):
            modulus = public.public_numbers().n
            return modulus.to_bytes((modulus.bit_length() + 7) // 8, "big")
        return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def token(
        self,
        sub: str | None = "user-1",
        *,
        expires_in: float = 3600,
        kid: str | None = None,
        algorithm: str | None = None,
        **claims: Any,
    ) -> str:
        """A token like Supabase Auth issues: `sub`, `exp`, `aud`, `role`, `kid` in the header.

        A claim given as None is left out (`aud=None`: a token without an audience).
        """
        payload: dict[str, Any] = {
            "exp": int(time.time() + expires_in),
            "aud": "authenticated",
            "role": "authenticated",
            "sub": sub,
            **claims,
        }
        return jwt.encode(
            {name: value for name, value in payload.items() if value is not None},
            self.private,
            algorithm=algorithm or self.algorithm,
            headers={"kid": kid or self.kid},
        )


def hs256(claims: dict[str, Any], secret: str | bytes, **header: Any) -> str:
    """An HS256 token signed with any bytes at all (PyJWT refuses to HMAC with a public key,
    which is exactly the forgery the algorithm-confusion tests need)."""

    def part(data: dict[str, Any]) -> str:
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    key = secret.encode() if isinstance(secret, str) else secret
    signing_input = f"{part({'alg': 'HS256', 'typ': 'JWT', **header})}.{part(claims)}"
    signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


def jwks(*keys: SigningKey) -> dict[str, Any]:
    return {"keys": [key.jwk() for key in keys]}


class JwksServer:
    """A JWKS endpoint on 127.0.0.1, served by a thread; `fetches` counts the GETs."""

    def __init__(self, *keys: SigningKey) -> None:
        self.document: dict[str, Any] = jwks(*keys)
        self.fetches = 0
        self.status = 200
        self.delay = 0.0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with server._lock:
                    server.fetches += 1
                    status, delay = server.status, server.delay
                    body = json.dumps(server.document).encode()
                if delay:
                    time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = (
            f"http://127.0.0.1:{self._server.server_address[1]}/auth/v1/.well-known/jwks.json"
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        self._stopped = False

    def publish(self, *keys: SigningKey) -> None:
        """Serve these keys from now on (a rotation)."""
        with self._lock:
            self.document = jwks(*keys)

    def stop(self) -> None:
        """Stop answering: the port is closed, connections are refused."""
        if not self._stopped:
            self._stopped = True
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)


@contextlib.contextmanager
def jwks_server(*keys: SigningKey) -> Iterator[JwksServer]:
    server = JwksServer(*keys)
    try:
        yield server
    finally:
        server.stop()
