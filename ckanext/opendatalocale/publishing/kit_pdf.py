"""The kit d'accompagnement as a PDF, drawn by WeasyPrint from the same HTML as the page.

WeasyPrint fetches whatever a document points to (images, stylesheets, fonts) unless
told otherwise; the kit carries text a territory typed (titles, inventory entries,
links), so its fetcher refuses every URL but the kit's own stylesheet folder on disk.
Links stay links in the PDF: a link is never fetched, only written."""
from __future__ import annotations

import logging
import os
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

STATIC = os.path.realpath(os.path.join(os.path.dirname(__file__), "kit_static"))
STYLESHEET_URL = "file://" + STATIC + "/kit.css"
_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}


class RefusedURL(ValueError):
    """A URL the kit's fetcher does not open (WeasyPrint then leaves the resource out)."""


class StaticOnlyFetcher(URLFetcher):
    """Opens ``file://`` URLs inside STATIC and nothing else: no http(s), no data:, no
    other file of the machine (``..`` and symbolic links resolved before the check)."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            log.info("Kit PDF: URL refusée %s", url[:200])
            raise RefusedURL(url[:200])
        path = os.path.realpath(unquote(parts.path))
        extension = os.path.splitext(path)[1].lower()
        if (os.path.commonpath([path, STATIC]) != STATIC or extension not in _TYPES
                or not os.path.isfile(path)):
            log.info("Kit PDF: fichier refusé %s", url[:200])
            raise RefusedURL(url[:200])
        with open(path, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, {"Content-Type": _TYPES[extension]})


def render(html: str, base_url: str) -> bytes:
    """The PDF of the kit's HTML; ``base_url`` (the site's address) makes the page's
    relative links absolute in the PDF, without fetching anything from it."""
    return HTML(string=html, base_url=base_url or None,
                url_fetcher=StaticOnlyFetcher()).write_pdf()
