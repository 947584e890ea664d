"""The one way the suite reads a remote URL: every URL a user gives is hostile.

A resource link, a schema catalogue or a harvest source can point at the
platform's own services (Solr on 127.0.0.1, PostgreSQL, Redis, a cloud
metadata endpoint) and read them back through a validation report. So:

- http and https only, no credentials in the URL;
- the host is resolved here and the connection is made to the address that
  was checked (no second DNS look-up an attacker could rebind); loopback,
  private, link-local, shared, reserved, multicast and cloud-metadata
  addresses are refused, at every redirect, which is followed by hand;
- a total deadline (a server sending one byte every few seconds cannot hold a
  worker), a byte cap counted on what is written, no environment proxies;
- a refusal says in French what was refused and why.

A platform that validates files on its own network lists those networks in
``allowed_networks``; cloud-metadata addresses stay refused whatever it says.
Pure module: no CKAN import (the CKAN layer builds the policy from config).
"""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from typing import IO, Iterable, List, Optional, Sequence, Tuple, Union
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3 import connection as _connection
from urllib3 import connectionpool as _pool
from urllib3.exceptions import HTTPError as _Urllib3Error

from .scdl.i18n import translate as _

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

# Cloud metadata services, refused even inside an allowed network.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "169.254.169.253", "fd00:ec2::254",
    "100.100.100.200", "168.63.129.16", "192.0.0.192",
))
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 1 << 16
USER_AGENT = "ckanext-opendatalocale (+validation SCDL)"


class FetchRefused(Exception):
    """The URL was not read; str() is a French sentence for the user."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason  # a stable code: scheme, address, size, deadline, http, network


@dataclass(frozen=True)
class FetchPolicy:
    max_bytes: int = 2_000_000_000
    deadline: float = 60.0
    connect_timeout: float = 10.0
    max_redirects: int = 5
    allowed_networks: Tuple[Network, ...] = field(default_factory=tuple)


@dataclass
class Fetched:
    url: str            # after redirects
    size: int
    content_type: str
    status: int


def parse_networks(values: Union[str, Iterable[str], None]) -> Tuple[Network, ...]:
    """CIDR blocks from config (a list, or one space/comma separated string)."""
    if not values:
        return ()
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip())


def address_refusal(address: IPAddress, policy: FetchPolicy) -> Optional[str]:
    """Why the suite must not connect to ``address`` (None when it may)."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return address_refusal(mapped, policy)
    if address in METADATA_ADDRESSES:
        return _("adresse d'un service de métadonnées d'hébergement")
    if any(address in network for network in policy.allowed_networks):
        return None
    if address.is_loopback:
        return _("adresse de la machine elle-même (boucle locale)")
    if address.is_link_local:
        return _("adresse locale au lien")
    if address.is_multicast:
        return _("adresse de multidiffusion")
    if address.is_private or not address.is_global or address.is_reserved or address.is_unspecified:
        return _("adresse d'un réseau privé ou réservé")
    return None


def _refused_address(host: str, reason: str) -> FetchRefused:
    return FetchRefused(_(
        "Le lien vers « {host} » n'a pas été suivi : il mène à une {reason}. "
        "Seules les adresses publiques sont lues."
    ).format(host=host, reason=reason), "address")


def resolve(host: str, port: int, policy: FetchPolicy) -> List[Tuple[int, tuple]]:
    """Addresses of ``host`` the suite may connect to; refuses if any is forbidden.

    Refusing when *one* of the addresses is forbidden (not only all) keeps a
    host that resolves to both a public and a private address from being used
    to reach the private one.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchRefused(_(
            "Le nom « {host} » est introuvable (DNS) : vérifiez le lien."
        ).format(host=host), "network") from error
    usable = []
    for family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        reason = address_refusal(address, policy)
        if reason:
            raise _refused_address(host, reason)
        usable.append((family, sockaddr))
    if not usable:
        raise FetchRefused(_("Le nom « {host} » est introuvable (DNS) : vérifiez le lien.").format(
            host=host), "network")
    return usable


class _GuardedConnectionMixin:
    """Connects to an address checked against the policy, never to a re-resolved name."""

    policy: FetchPolicy

    def _new_conn(self):  # noqa: D401 - urllib3 hook
        last_error: Optional[OSError] = None
        for family, sockaddr in resolve(self._dns_host, self.port, self.policy):
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.settimeout(self.timeout if isinstance(self.timeout, (int, float)) else None)
                for option in self.socket_options or ():
                    sock.setsockopt(*option)
                sock.connect(sockaddr)
                return sock
            except OSError as error:
                sock.close()
                last_error = error
        raise _connection.NewConnectionError(self, f"connexion impossible : {last_error}")


def _pool_class(scheme: str, policy: FetchPolicy):
    base_conn = _connection.HTTPSConnection if scheme == "https" else _connection.HTTPConnection
    base_pool = _pool.HTTPSConnectionPool if scheme == "https" else _pool.HTTPConnectionPool
    conn_cls = type("GuardedConnection", (_GuardedConnectionMixin, base_conn), {"policy": policy})
    return type("GuardedPool", (base_pool,), {"ConnectionCls": conn_cls})


def check_url(url: str) -> Tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an acceptable URL, or FetchRefused."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError as error:
        raise FetchRefused(_("Le lien « {url} » n'est pas une adresse valide.").format(
            url=_shorten(url)), "scheme") from error
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(_(
            "Le lien « {url} » n'a pas été suivi : seules les adresses http:// et https:// sont lues."
        ).format(url=_shorten(url)), "scheme")
    if not parts.hostname:
        raise FetchRefused(_("Le lien « {url} » n'indique pas de serveur.").format(
            url=_shorten(url)), "scheme")
    if parts.username or parts.password:
        raise FetchRefused(_(
            "Le lien « {host} » contient un identifiant ou un mot de passe : "
            "il n'a pas été suivi."
        ).format(host=parts.hostname), "scheme")
    port = port or (443 if parts.scheme == "https" else 80)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname, port, path


def _shorten(text: str, limit: int = 200) -> str:
    text = str(text or "")
    return text if len(text) <= limit else text[:limit] + "…"


def _deadline_refusal(url: str, policy: FetchPolicy) -> FetchRefused:
    return FetchRefused(_(
        "Le fichier à l'adresse {url} n'a pas répondu dans le délai de {timeout} s. "
        "Vérifiez le lien ou déposez le fichier directement."
    ).format(url=_shorten(url), timeout=_seconds(policy.deadline)), "deadline")


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _size_refusal(url: str, policy: FetchPolicy) -> FetchRefused:
    return FetchRefused(_(
        "Le fichier à l'adresse {url} dépasse {limit} octets : il n'a pas été lu."
    ).format(url=_shorten(url), limit=policy.max_bytes), "size")


def fetch(url: str, target: IO[bytes], policy: FetchPolicy,
          accept: str = "*/*") -> Fetched:
    """Write the body of ``url`` into ``target``; FetchRefused says why not.

    ``target`` may hold part of the body when the fetch is refused midway:
    callers write into a temporary file and keep it only on success.
    """
    started = time.monotonic()

    def remaining() -> float:
        left = policy.deadline - (time.monotonic() - started)
        if left <= 0:
            raise _deadline_refusal(url, policy)
        return left

    current = url
    for _hop in range(policy.max_redirects + 1):
        scheme, host, port, path = check_url(current)
        pool = _pool_class(scheme, policy)(
            host, port, maxsize=1, retries=False,
            timeout=urllib3.Timeout(connect=min(policy.connect_timeout, remaining()),
                                    read=remaining()))
        try:
            response = pool.urlopen(
                "GET", path, redirect=False, retries=False, preload_content=False,
                headers={"User-Agent": USER_AGENT, "Accept": accept,
                         "Accept-Encoding": "identity"})
        except FetchRefused:
            pool.close()
            raise
        except (_Urllib3Error, OSError) as error:
            pool.close()
            if time.monotonic() - started >= policy.deadline or "timed out" in str(error).lower():
                raise _deadline_refusal(url, policy) from error
            raise FetchRefused(_(
                "Le fichier à l'adresse {url} n'a pas pu être téléchargé : {reason}."
            ).format(url=_shorten(url), reason=type(error).__name__), "network") from error
        try:
            if response.status in _REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise FetchRefused(_(
                        "Le serveur de {url} redirige sans dire vers où."
                    ).format(url=_shorten(url)), "http")
                current = urljoin(current, location)
                continue
            if response.status >= 400:
                raise FetchRefused(_(
                    "Le fichier à l'adresse {url} n'a pas pu être téléchargé (erreur HTTP {code})."
                ).format(url=_shorten(url), code=response.status), "http")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > policy.max_bytes:
                raise _size_refusal(url, policy)
            size = _copy_body(response, target, policy, remaining, url)
            return Fetched(current, size, response.headers.get("Content-Type", ""), response.status)
        finally:
            response.release_conn()
            pool.close()
    raise FetchRefused(_(
        "Le lien {url} redirige plus de {count} fois : il n'a pas été suivi."
    ).format(url=_shorten(url), count=policy.max_redirects), "http")


def _copy_body(response, target, policy, remaining, url) -> int:
    size = 0
    sock = getattr(getattr(response, "connection", None), "sock", None)
    while True:
        left = remaining()
        if sock is not None:
            # Each read may wait only for what is left of the total deadline.
            sock.settimeout(left)
        try:
            # read1 returns what one socket read brings: read() would keep
            # collecting a drip byte by byte past the deadline.
            chunk = response.read1(_CHUNK, decode_content=False)
        except (_Urllib3Error, OSError) as error:
            if "timed out" in str(error).lower() or isinstance(error, socket.timeout):
                raise _deadline_refusal(url, policy) from error
            raise FetchRefused(_(
                "Le fichier à l'adresse {url} n'a pas pu être téléchargé : {reason}."
            ).format(url=_shorten(url), reason=type(error).__name__), "network") from error
        if not chunk:
            return size
        size += len(chunk)
        if size > policy.max_bytes:
            raise _size_refusal(url, policy)
        target.write(chunk)


def policy_from_config(config, max_bytes: Optional[int] = None,
                       deadline: Optional[float] = None) -> FetchPolicy:
    """The suite's policy from a CKAN-like config mapping (``config.get``)."""
    defaults = FetchPolicy()

    def option(name, default):
        value = config.get("ckanext.opendatalocale.fetch." + name)
        return default if value in (None, "") else value

    return FetchPolicy(
        max_bytes=int(max_bytes if max_bytes is not None else option("max_bytes", defaults.max_bytes)),
        deadline=float(deadline if deadline is not None else option("deadline", defaults.deadline)),
        max_redirects=int(option("max_redirects", defaults.max_redirects)),
        allowed_networks=parse_networks(option("allowed_networks", ())),
    )


__all__: Sequence[str] = ("FetchRefused", "FetchPolicy", "Fetched", "fetch", "check_url",
                          "address_refusal", "resolve", "parse_networks", "policy_from_config")
