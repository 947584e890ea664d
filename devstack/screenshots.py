"""Screenshots of the demo for the README (`make screenshots`).

Reads a running site (by default the demo that `make run` serves), finds the pages
worth showing through the site's own API — the territory furthest along the six
phases, a canteen week that has dishes, a validation report (one with errors when
there is one) — and saves them as PNG with a headless Chromium, the Debian
chromium/chromium-driver that the browser tests use. Nothing is named in advance, so
the pictures follow the demo when it changes.

    python devstack/screenshots.py [--site URL] [--out DIR] [--lang fr|en] [--width PX]

Only the visitor's view is shown (no login): it is what a platform judges first.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

# A page longer than this is cut: the top of a long list says what it is. A file over
# DEFAULT_MAX_KB is cut shorter still, so that the README stays light.
DEFAULT_MAX_HEIGHT = 2400
DEFAULT_MAX_KB = 400
# Datasets read through the API when looking for a report or a menu: enough for any
# demo, bounded for a real catalogue.
_SEARCH_LIMIT = 1000
_PAGE = 100


@dataclass(frozen=True)
class Shot:
    filename: str
    path: str  # site path without the language prefix
    what: str


def api(site: str, action: str, **params) -> dict:
    query = urllib.parse.urlencode(
        {key: json.dumps(value) if isinstance(value, (list, dict)) else value
         for key, value in params.items()})
    with urllib.request.urlopen(f"{site}/api/3/action/{action}?{query}", timeout=60) as answer:
        body = json.load(answer)
    if not body.get("success"):
        raise RuntimeError(f"{action}: {body.get('error')}")
    return body["result"]


def _datasets(site: str, **params):
    for start in range(0, _SEARCH_LIMIT, _PAGE):
        page = api(site, "package_search", rows=_PAGE, start=start,
                   sort="metadata_modified desc", **params)
        yield from page["results"]
        if start + _PAGE >= page["count"]:
            return


def furthest_territory(site: str) -> str | None:
    """The territory at the highest phase (then the most advanced in it)."""
    listed = api(site, "odl_territory_progress_list", sort="phase", order="desc",
                 limit=100)["results"]
    if not listed:
        return None
    best = max(listed, key=lambda row: (row["current_phase"] or 0, row["percent"] or 0,
                                        row["public_datasets"] or 0))
    return best["name"]


def menu_week(site: str) -> str | None:
    """A canteen service's week with dishes: its first restaurant that has some."""
    for dataset in _datasets(site, fq="dataset_type:cantine"):
        shown = api(site, "odl_menu_week_show", id=dataset["id"])
        candidates = [shown] if shown.get("dish_count") else []
        if not candidates:
            for restaurant in shown.get("restaurants", []):
                week = api(site, "odl_menu_week_show", id=dataset["id"],
                           restaurant=restaurant["key"])
                if week.get("dish_count"):
                    candidates.append(week)
                    break
        if candidates:
            week = candidates[0]
            query = urllib.parse.urlencode({"restaurant": week["restaurant"]["key"],
                                            "semaine": week["monday"]})
            return f"/cantine/{dataset['name']}/menus?{query}"
    return None


def validation_report(site: str) -> str | None:
    """A resource's validation report, one that found errors when there is one."""
    fallback = None
    for dataset in _datasets(site):
        for resource in dataset.get("resources", []):
            status = resource.get("validation_status")
            if not status:
                continue
            path = f"/dataset/{dataset['name']}/resource/{resource['id']}/validation"
            if status == "failure":
                return path
            fallback = fallback or path
    return fallback


def shots(site: str) -> list[Shot]:
    found = [Shot("accueil.png", "/", "page d'accueil"),
             Shot("territoires.png", "/territoires", "vue d'ensemble des territoires")]
    territory = furthest_territory(site)
    if territory:
        found.append(Shot("tableau-de-bord.png", f"/territoires/{territory}",
                          f"tableau de bord de {territory}"))
    found.append(Shot("obligation.png", "/territoires/obligation", "obligation d'ouverture"))
    week = menu_week(site)
    if week:
        found.append(Shot("menus.png", week, "semaine de menus"))
    report = validation_report(site)
    if report:
        found.append(Shot("validation.png", report, "rapport de validation"))
    return found


def browser(lang: str):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not (chromium and chromedriver):
        sys.exit("chromium et chromium-driver doivent être installés (devstack/packages.sh)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--hide-scrollbars",
                 f"--lang={'fr-FR' if lang == 'fr' else 'en-GB'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(60)
    return driver


def _viewport(driver, width: int, height: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def capture(driver, url: str, target: str, width: int, max_height: int,
            max_bytes: int | None = None) -> int:
    """Save the page at `url`, full height up to `max_height`, cut shorter while the
    file is over `max_bytes` (Chromium's PNG is already well compressed; a palette
    would need a tool the machine may not have). Returns the file's size."""
    _viewport(driver, width, 900 if width >= 600 else 800)
    driver.get(url)
    deadline = time.monotonic() + 30
    while driver.execute_script("return document.readyState") != "complete":
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    time.sleep(0.5)  # the funnel and CKAN's modules draw after the load event
    # The content's own height, not the window's: a short page ends with its footer.
    height = min(max_height, int(driver.execute_script(
        "return Math.ceil(Math.max(document.body.getBoundingClientRect().bottom,"
        " document.body.scrollHeight) + window.scrollY)")))
    for _attempt in range(4):
        _viewport(driver, width, height)
        time.sleep(0.3)
        data = base64.b64decode(
            driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})["data"])
        if not max_bytes or len(data) <= max_bytes:
            break
        height = int(height * max_bytes / len(data) * 0.95)
    with open(target, "wb") as handle:
        handle.write(data)
    return len(data)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=os.environ.get("SITE_URL", "http://127.0.0.1:5000"))
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--max-height", type=int, default=DEFAULT_MAX_HEIGHT)
    parser.add_argument("--max-kb", type=int, default=DEFAULT_MAX_KB,
                        help="a longer page is cut until its file fits (0: no limit)")
    args = parser.parse_args(argv)
    site = args.site.rstrip("/")
    prefix = "" if args.lang == "fr" else f"/{args.lang}"
    os.makedirs(args.out, exist_ok=True)
    found = shots(site)
    driver = browser(args.lang)
    try:
        for shot in found:
            target = os.path.join(args.out, shot.filename)
            size = capture(driver, f"{site}{prefix}{shot.path}", target,
                           args.width, args.max_height, args.max_kb * 1024)
            print(f"{target}  {size // 1024} Ko  {shot.what}  ({shot.path})")
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
