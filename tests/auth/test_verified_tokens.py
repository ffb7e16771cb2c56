"""The cache of verified token claims: it saves the signature check, never the expiry."""

from __future__ import annotations

import pytest

from mercato.auth.tokens import TokenClaims, _VerifiedTokens
from mercato.core.errors import Unauthorized


def _claims(expires_at: int) -> TokenClaims:
    return TokenClaims(
        username="u", client_id="c", user_pk=1, user_type="Buyer", roles=("Shopper",),
        marketplace_id="m", issued_at=0.0, expires_at=expires_at,
    )  # fmt: skip


def test_a_cached_token_is_refused_once_it_expires() -> None:
    now = [100.0]
    cache = _VerifiedTokens(size=10, clock=lambda: now[0])
    cache.add("token", "aud", _claims(expires_at=160))

    assert cache.get("token", "aud") == _claims(expires_at=160)
    now[0] = 160.0
    with pytest.raises(Unauthorized):
        cache.get("token", "aud")
    assert cache.get("token", "aud") is None  # gone: the next call verifies it afresh


def test_a_token_is_cached_per_audience() -> None:
    cache = _VerifiedTokens(size=10, clock=lambda: 0.0)
    cache.add("token", "http://here", _claims(expires_at=60))

    assert cache.get("token", "http://elsewhere") is None


def test_the_oldest_token_leaves_when_the_cache_is_full() -> None:
    cache = _VerifiedTokens(size=2, clock=lambda: 0.0)
    for token in ("a", "b", "c"):
        cache.add(token, None, _claims(expires_at=60))

    assert [cache.get(t, None) is not None for t in ("a", "b", "c")] == [False, True, True]
