"""Where a request comes from, and the per-API-client allow-lists of networks.

``X-Forwarded-For`` is believed only when the direct peer is a configured proxy;
otherwise any client could claim any address and walk past an allow-list.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.requests import Request

from mercato.core.errors import ValidationFailure


def parse_networks(values: Sequence[str], *, prop: str = "AllowedNetworks") -> list[str]:
    """Normalised CIDR strings; a bare address is a network of one."""
    result = []
    for value in values:
        try:
            result.append(str(ipaddress.ip_network(value.strip(), strict=False)))
        except ValueError:
            raise ValidationFailure(
                prop, f"{value!r} is not an IP address or CIDR network."
            ) from None
    return result


def client_address(request: Request, trusted_proxies: Sequence[str]) -> str:
    """The caller's address, taken from X-Forwarded-For only when a trusted proxy sent it."""
    peer = request.client.host if request.client else ""
    if not trusted_proxies or not _in_any(peer, trusted_proxies):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    # Walk back from the nearest hop; the first address no trusted proxy vouches for is it.
    for hop in reversed(hops):
        if not _in_any(hop, trusted_proxies):
            return hop
    return hops[0] if hops else peer


def _in_any(address: str, networks: Sequence[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(n, strict=False) for n in networks)


def is_allowed(allowed: Sequence[str], address: str) -> bool:
    """Whether ``address`` lies in one of ``allowed``; an empty list allows every address."""
    return not allowed or _in_any(address, allowed)


ADDRESS_NOT_ALLOWED = "Auth.IPAddressNotAllowed"
