"""Guide pages: French markdown files with a small front matter (title, order).

A platform overrides any page by putting a file of the same name in the folder
named by ``ckanext.opendatalocale.guides_path``, or adds new ones there.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Optional

BUNDLED = os.path.join(os.path.dirname(__file__), "content")
_SLUG = re.compile(r"^[a-z0-9-]+$")
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@dataclass(frozen=True)
class GuidePage:
    slug: str
    title: str
    order: int
    body: str


def _parse(slug: str, text: str) -> GuidePage:
    meta: dict[str, str] = {}
    match = _FRONT.match(text)
    if match:
        for line in match.group(1).splitlines():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
        text = text[match.end():]
    try:
        order = int(meta.get("order", 99))
    except ValueError:
        order = 99
    return GuidePage(slug, meta.get("title") or slug, order, text)


def _folders(override: Optional[str]) -> list[str]:
    return [f for f in (override, BUNDLED) if f and os.path.isdir(f)]


def page(slug: str, override: Optional[str] = None) -> Optional[GuidePage]:
    if not _SLUG.match(slug):
        return None  # never let a slug walk out of the folders
    for folder in _folders(override):
        path = os.path.join(folder, slug + ".md")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as handle:
                return _parse(slug, handle.read())
    return None


def pages(override: Optional[str] = None) -> list[GuidePage]:
    slugs = {name[:-3] for folder in _folders(override) for name in os.listdir(folder)
             if name.endswith(".md") and _SLUG.match(name[:-3])}
    found = [page(slug, override) for slug in slugs - {"index"}]
    return sorted((p for p in found if p), key=lambda p: (p.order, p.title))
