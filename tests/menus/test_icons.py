"""Pictograms of the menu pages draw without any font (issue 19): inline SVG beside
their words, never an emoji that shows as an empty box where no emoji font is
installed (town-hall computers, printers)."""
import re

import pytest
import ckan.plugins.toolkit as tk

from .conftest import MENUS

ROUTE = "/cantine/cantines-saint-chamond"
WEEK = "restaurant=ecole-elementaire-jules-ferry&semaine=2025-W38"
# Pictographic code points that DejaVu, the usual fallback font, does not draw.
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F]")

pytestmark = pytest.mark.ckan_config("ckan.site_id", tk.config.get("ckan.site_id") + "_menus")


def _page(app, path):
    body = app.get(path).body
    assert not EMOJI.findall(body), EMOJI.findall(body)
    return body


def test_week_print_and_indicator_pages_have_svg_icons_and_no_emoji(
        app, canteen, create_with_upload, year_csv):
    create_with_upload(year_csv, "menus.csv", package_id=canteen["dataset"]["id"], schema=MENUS)
    week = _page(app, f"{ROUTE}/menus?{WEEK}")
    for name in ("print", "calendar", "leaf", "carrot"):
        assert f"odl-icon--{name}" in week, name
    assert re.search(r'odl-icon--print"[^>]*aria-hidden="true"[^>]*><path[^>]*/></svg>Version à imprimer', week)
    assert re.search(r"odl-icon--carrot.*?</svg>menu végétarien", week)
    assert re.search(r"odl-icon--leaf.*?</svg>Bio", week)
    filtered = _page(app, f"{ROUTE}/menus?{WEEK}&exclure=lait")
    assert re.search(r"odl-icon--check.*?</svg>Sans les allergènes exclus", filtered)
    printed = _page(app, f"{ROUTE}/menus/imprimer?{WEEK}")
    assert re.search(r"odl-icon--leaf.*?</svg>Bio : agriculture biologique", printed)
    _page(app, f"{ROUTE}/indicateurs")
