"""Verified token claims are kept: that saves the signature check, never the expiry."""

from __future__ import annotations

import time

import pytest
from fastapi import FastAPI

from mercato.auth import tokens
from mercato.core.errors import Unauthorized
from mercato.db import transaction
from tests.factories import Tenant


def test_a_token_verified_before_is_refused_once_it_expires(
    app: FastAPI, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = tenant.token_for(tenant.admin_username, ["FullAccess"])
    with transaction(app.state.session_factory) as session:
        claims = tokens.decode_access_token(session, token, audience=app.state.issuer)
        # The claims are kept now; the clock reaching their expiry must still refuse them.
        monkeypatch.setattr(time, "time", lambda: float(claims.expires_at))
        with pytest.raises(Unauthorized):
            tokens.decode_access_token(session, token, audience=app.state.issuer)


def test_a_token_verified_for_one_audience_is_checked_again_for_another(
    app: FastAPI, tenant: Tenant
) -> None:
    token = tenant.token_for(tenant.admin_username, ["FullAccess"])
    with transaction(app.state.session_factory) as session:
        tokens.decode_access_token(session, token, audience=app.state.issuer)
        with pytest.raises(Unauthorized):
            tokens.decode_access_token(session, token, audience="http://elsewhere")
