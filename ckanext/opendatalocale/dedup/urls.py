"""Resource links compared as the same file: one normal form per URL.

udata compares the raw URL (its `urlhash`), so `HTTP://Example.org:80/a/?utm_source=x#top`
and `http://example.org/a` count as two files there; here they are one. The scheme is
left out of the key on purpose: a portal that moved to https still serves the same file.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

__all__ = ["normalise_url", "TRACKING_PARAMETERS"]

DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "xtor", "_ga", "igshid",
})


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def _host_and_port(parts) -> tuple[str, int | None]:
    """SplitResult's hostname and port, read from the netloc once: its properties split
    it again at each call, and a full scan normalises every link of the catalogue."""
    host = parts.netloc.rpartition("@")[2]
    if "[" in host:  # IPv6: the library's own reading
        return parts.hostname or "", parts.port
    host, colon, port = host.partition(":")
    name, percent, zone = host.partition("%")  # a zone is kept as written, as hostname does
    host = name.lower() + percent + zone
    if not colon or not port:
        return host, None
    if not (port.isascii() and port.isdigit()) or int(port) > 65535:
        raise ValueError(f"Port out of range 0-65535: {port}")
    return host, int(port)


def normalise_url(url: str | None) -> str | None:
    """The comparison key of a link, or None when it is not an absolute web link."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            return None
        host, port = _host_and_port(parts)
    except ValueError:
        return None
    host = host.rstrip(".")
    if not host:
        return None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = sorted((name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
                   if not _is_tracking(name)) if parts.query else ()
    return f"//{netloc}{path}" + (f"?{urlencode(query)}" if query else "")
