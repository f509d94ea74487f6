"""Where a webhook may be delivered: never into our own network (no SSRF), and to the address that was checked.

The host is resolved once; every address it resolves to must be public (not loopback, private, link-local,
multicast, reserved or unspecified) unless WEBHOOK_ALLOW_PRIVATE is on or the host is in WEBHOOK_ALLOWED_HOSTS.
The delivery then connects to that checked address itself (the URL's host is kept as the Host header and as the
TLS server name), so a DNS answer that changes between the check and the connection (DNS rebinding) cannot
redirect it.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from flask import current_app
from flask_babel import lazy_gettext as _l

from crm.common.errors import ServiceError


@dataclass(frozen=True)
class Target:
    url: str  # the URL with the checked IP address in place of the host name
    host: str  # the name for the Host header and TLS (SNI and certificate check)
    address: str


def _allowed_hosts() -> set[str]:
    return {h.strip().lower() for h in current_app.config["WEBHOOK_ALLOWED_HOSTS"].split(",") if h.strip()}


def check_url(url: str) -> tuple[str, str, int]:
    """The scheme, host and port of an acceptable webhook URL (http or https, a host, no user:password)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ServiceError(_l("Enter a valid web address (https://…)."), field="url") from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ServiceError(_l("Enter a valid web address (https://…)."), field="url")
    if parts.username or parts.password:
        raise ServiceError(_l("A webhook address may not contain a user name or password."), field="url")
    return parts.scheme, parts.hostname.lower(), port


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(url: str) -> Target:
    """The checked address to connect to; ServiceError when the host is unknown or lies in a refused network."""
    scheme, host, port = check_url(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ServiceError(_l("The host of this address cannot be found."), field="url") from None
    addresses = sorted({info[4][0] for info in infos})
    if not addresses:
        raise ServiceError(_l("The host of this address cannot be found."), field="url")
    private_ok = current_app.config["WEBHOOK_ALLOW_PRIVATE"] or host in _allowed_hosts()
    if not private_ok and not all(_is_public(a) for a in addresses):
        raise ServiceError(
            _l("This address lies in a private or local network; webhooks may not be delivered there."), field="url"
        )
    address = addresses[0]
    netloc = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    parts = urlsplit(url.strip())
    return Target(url=urlunsplit((scheme, netloc, parts.path or "/", parts.query, "")), host=host, address=address)
