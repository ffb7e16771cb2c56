"""Hashes of random secrets, and which secrets the token endpoint accepts for a client."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from mercato.core.time import utcnow
from mercato.security.models import ApiClient


def hash_secret(secret: str) -> str:
    # Client secrets and refresh tokens are long random strings, so a fast hash keeps
    # them out of the database without making every token request pay for argon2.
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    """A generated client secret: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


def secret_accepted(client: ApiClient, presented: str | None) -> bool:
    """Whether ``presented`` is the client's inline secret or one of its unexpired named ones."""
    if not presented:
        return False
    digest = hash_secret(presented)
    now = utcnow()
    candidates = [client.client_secret_hash] if client.client_secret_hash is not None else []
    candidates += [
        s.secret_hash for s in client.secrets if s.expiration is None or s.expiration > now
    ]
    # Compare against every candidate, so the time taken says nothing about which matched.
    matches = [hmac.compare_digest(candidate, digest) for candidate in candidates]
    return any(matches)
