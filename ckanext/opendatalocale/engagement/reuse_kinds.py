"""Reuses, modelled on data.gouv.fr's (udata's reuse constants): eight types, fifteen
topics, a link unique once normalised, moderation before the public sees them.

Pure domain code (no CKAN). The link is checked as text only: a web request never
fetches what a visitor gives (ARCHITECTURE.md, "Remote URLs are hostile").
"""
from __future__ import annotations

from typing import Optional
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

PROPOSED, PUBLISHED, REFUSED = "proposee", "publiee", "refusee"
STATES = (PROPOSED, PUBLISHED, REFUSED)
STATE_LABELS = {PROPOSED: "Proposée (en attente de modération)", PUBLISHED: "Publiée",
                REFUSED: "Refusée"}
_MOVES = {PROPOSED: frozenset({PUBLISHED, REFUSED}), PUBLISHED: frozenset({REFUSED}),
          REFUSED: frozenset({PUBLISHED})}

TYPES = {
    "api": "API",
    "application": "Application",
    "idea": "Idée",
    "news_article": "Article de presse",
    "paper": "Article scientifique",
    "post": "Billet de blog",
    "visualization": "Visualisation",
    "hardware": "Objet connecté",
}

TOPICS = {
    "health": "Santé",
    "transport_and_mobility": "Transports et mobilité",
    "housing_and_development": "Logement et aménagement",
    "food_and_agriculture": "Alimentation et agriculture",
    "culture_and_recreation": "Culture et loisirs",
    "economy_and_business": "Économie et entreprises",
    "environment_and_energy": "Environnement et énergie",
    "work_and_training": "Travail et formation",
    "politics_and_public_life": "Politique et vie publique",
    "safety_and_security": "Sécurité",
    "education_and_research": "Éducation et recherche",
    "society_and_demography": "Société et démographie",
    "law_and_justice": "Droit et justice",
    "open_data_tools": "Outils pour les données ouvertes",
    "others": "Autres",
}

URL_MAX = 2000
_TRACKING = ("utm_", "fbclid", "gclid", "mc_")


class LinkRefused(ValueError):
    """A French source string saying why a link is not accepted."""


def check_link(text: str) -> str:
    """The link as given, trimmed, once it reads as an http(s) address of a named
    host; LinkRefused otherwise. Nothing is resolved or fetched."""
    link = (text or "").strip()
    if not link:
        raise LinkRefused("Indiquez le lien de la réutilisation.")
    if len(link) > URL_MAX:
        raise LinkRefused("Ce lien est trop long.")
    if any(c.isspace() or ord(c) < 32 for c in link):
        raise LinkRefused("Un lien ne contient pas d'espace.")
    parts = urlsplit(link)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise LinkRefused("Le lien doit commencer par https:// (ou http://) suivi d'un nom de site.")
    if parts.username or parts.password:
        raise LinkRefused("Un lien ne contient ni identifiant ni mot de passe.")
    try:
        parts.port
    except ValueError:
        raise LinkRefused("Le port de ce lien n'est pas valide.")
    return link


def link_key(link: str) -> str:
    """What makes two links the same reuse (udata hashes the raw URL; we normalise
    first): scheme and host lower-cased, http and https alike, default port, "www.",
    trailing slash, fragment and tracking parameters dropped, parameters sorted."""
    parts = urlsplit(check_link(link))
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not k.lower().startswith(_TRACKING)))
    return urlunsplit(("", netloc, path, query, ""))[2:]


def check_move(current: str, wanted: str, reason: str = "") -> Optional[str]:
    if wanted not in STATES:
        return "État inconnu."
    if wanted not in _MOVES.get(current, frozenset()):
        return "Une réutilisation « {current} » ne peut pas passer à « {wanted} »."
    if wanted == REFUSED and not (reason or "").strip():
        return "Donnez la raison du refus."
    return None
