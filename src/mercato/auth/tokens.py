"""RS256 access tokens with OrderCloud's claims, signed by a key kept in the database."""

from __future__ import annotations

import functools
import json
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato.auth.models import SigningKey
from mercato.core.errors import Unauthorized
from mercato.core.memo import Memo
from mercato.core.time import utcnow

ALGORITHM = "RS256"


def ensure_signing_key(session: Session) -> SigningKey:
    """The newest signing key, created on first use."""
    key = session.scalars(select(SigningKey).order_by(SigningKey.pk.desc()).limit(1)).first()
    if key is not None:
        return key
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key = SigningKey(
        kid=uuid.uuid4().hex,
        private_pem=private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
        public_pem=private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode(),
    )
    session.add(key)
    session.flush()
    return key


@dataclass(frozen=True)
class TokenClaims:
    """The verified content of an access token."""

    username: str
    client_id: str
    user_pk: int
    user_type: str
    roles: tuple[str, ...]
    marketplace_id: str
    issued_at: float
    expires_at: int
    impersonator_pk: int | None = None
    order_id: str | None = None


def issue_access_token(
    session: Session,
    *,
    username: str,
    client_id: str,
    user_pk: int,
    user_type: str,
    roles: list[str],
    marketplace_id: str,
    minutes: int,
    issuer: str,
    impersonator_pk: int | None = None,
    order_id: str | None = None,
) -> str:
    key = ensure_signing_key(session)
    now = utcnow()
    claims: dict[str, Any] = {
        "usr": username,
        "cid": client_id,
        "u": str(user_pk),
        "usrtype": user_type,
        # OrderCloud sends a bare string when exactly one role is granted.
        "role": roles[0] if len(roles) == 1 else roles,
        "iss": issuer,
        "aud": issuer,
        "exp": int((now + timedelta(minutes=minutes)).timestamp()),
        "nbf": int(now.timestamp()),
        # Millisecond precision: revocation compares it with the user's "valid after" time,
        # and a token issued in the same second as a revocation must still be told apart.
        "iat": round(now.timestamp(), 3),
        "jti": uuid.uuid4().hex,
        "mkt": marketplace_id,
    }
    if impersonator_pk is not None:
        claims["imp"] = str(impersonator_pk)
    if order_id is not None:
        claims["orderid"] = order_id
    return jwt.encode(
        claims,
        _private_key(key.kid, key.private_pem),
        algorithm=ALGORITHM,
        headers={"kid": key.kid},
    )


@functools.lru_cache(maxsize=16)
def _private_key(kid: str, pem: str) -> rsa.RSAPrivateKey:
    # Parsing a PEM key costs about 40 ms (it validates the RSA numbers); a signing key
    # never changes once written, so each process parses it once.
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)  # noqa: S101 - only RSA keys are stored
    return key


class _PublicKeys:
    """Public keys by kid, parsed once. Keys never change once written, so caching is safe."""

    def __init__(self) -> None:
        self._keys: dict[str, rsa.RSAPublicKey] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, kid: str) -> rsa.RSAPublicKey | None:
        if kid not in self._keys:
            pem = session.scalar(select(SigningKey.public_pem).where(SigningKey.kid == kid))
            if pem is None:
                return None
            key = serialization.load_pem_public_key(pem.encode())
            assert isinstance(key, rsa.RSAPublicKey)  # noqa: S101 - only RSA keys are stored
            with self._lock:
                self._keys[kid] = key
        return self._keys[kid]


public_keys = _PublicKeys()


# Claims of tokens whose signature already checked out. A client sends the same token with
# every request for its whole life; verifying the RSA signature and decoding it each time cost
# a tenth of a cached product page. What a token says never changes, bar its lifetime, which
# every use checks again.
_VERIFIED: Memo[TokenClaims] = Memo(size=10_000)


def decode_access_token(session: Session, token: str, *, audience: str | None) -> TokenClaims:
    """Verify signature, algorithm and lifetime; raise 401 on anything wrong."""
    claims = _VERIFIED.get((token, audience), lambda: _verify(session, token, audience))
    if time.time() >= claims.expires_at:
        raise Unauthorized("Access token is invalid or expired.")
    return claims


def _verify(session: Session, token: str, audience: str | None) -> TokenClaims:
    try:
        header = jwt.get_unverified_header(token)
        kid = header.get("kid")
        public_key = public_keys.get(session, kid) if isinstance(kid, str) else None
        if public_key is None:
            raise Unauthorized("Access token is invalid or expired.")
        claims = jwt.decode(
            token,
            public_key,
            algorithms=[ALGORITHM],
            audience=audience,
            options={
                "verify_aud": audience is not None,
                "require": ["exp", "nbf", "iat", "u", "mkt"],
            },
        )
    except jwt.PyJWTError:
        raise Unauthorized("Access token is invalid or expired.") from None
    roles = claims.get("role") or []
    return TokenClaims(
        username=str(claims.get("usr", "")),
        client_id=str(claims.get("cid", "")),
        user_pk=int(claims["u"]),
        user_type=str(claims.get("usrtype", "")),
        roles=(roles,) if isinstance(roles, str) else tuple(roles),
        marketplace_id=str(claims["mkt"]),
        issued_at=float(claims.get("iat", claims["nbf"])),
        expires_at=int(claims["exp"]),
        impersonator_pk=int(claims["imp"]) if claims.get("imp") else None,
        order_id=str(claims["orderid"]) if claims.get("orderid") else None,
    )


def public_jwk(session: Session, kid: str) -> dict[str, Any] | None:
    """The public key ``kid`` as a JWK, for middleware that verifies tokens itself."""
    key = public_keys.get(session, kid)
    if key is None:
        return None
    jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(key))
    return {**jwk, "alg": ALGORITHM, "use": "sig", "kid": kid}
