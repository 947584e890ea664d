"""EGalim shares of purchase value, from a ma-cantine purchase import file.

The law's thresholds are on the value of food purchases (HT), not on dish
counts: at least 50 % sustainable and quality products, of which 20 % organic,
and 60 % for meat and fish. Each purchase is counted once, in the highest
group it belongs to (bio > SIQO > other EGalim > externalities/performance),
as ma-cantine does (reference/egalim_labels.json, ``counting_rule``). "Meat and
fish" are ma-cantine's families VIANDES_VOLAILLES and PRODUITS_DE_LA_MER.
"""
from __future__ import annotations

import math
from typing import Dict, List, Tuple

from ..scdl.catalogue import default_catalogue
from ..scdl.cells import compile_field
from ..scdl.csv_source import CsvSource, CsvSourceError, Source
from .menu_file import MenuProblem, source_problem
from .vocabulary import PURCHASES_SCHEMA, egalim

GROUP_ORDER = ("bio", "siqo", "egalim_autres", "externalites_performance")
MEAT_AND_FISH = ("VIANDES_VOLAILLES", "PRODUITS_DE_LA_MER")


def _groups() -> Dict[str, str]:
    return {c["code"]: c["group"] for c in egalim()["characteristics"] if c.get("egalim")}


def purchase_group(categories: str) -> str:
    """The one group a purchase counts in, '' when it is none of EGalim's."""
    groups = _groups()
    found = {groups.get(code.strip().upper()) for code in categories.split(",") if code.strip()}
    for group in GROUP_ORDER:
        if group in found:
            return group
    return ""


def read_purchases(source: Source) -> Tuple[List[dict], List[MenuProblem]]:
    """[{date, value, family, group}] and problems (unreadable rows are skipped)."""
    problems: List[MenuProblem] = []
    purchases: List[dict] = []
    fields = {f["name"]: f for f in default_catalogue().get(PURCHASES_SCHEMA).descriptor["fields"]}
    price = compile_field(fields["prix_ht"])
    try:
        csv_source = CsvSource(source)
    except CsvSourceError as error:
        return [], [source_problem(error)]
    with csv_source:
        positions = {label.strip(): i for i, label in enumerate(csv_source.labels)}
        for column in ("prix_ht", "famille_produits"):
            if column not in positions:
                return [], [MenuProblem("missing-column", column=column, blocking=True)]
        width = len(csv_source.labels)
        try:
            for row_number, cells in csv_source.rows():
                if not any(cells):
                    continue
                cells = cells + [""] * (width - len(cells))
                raw = cells[positions["prix_ht"]].strip()
                value = price.parse(raw.replace(",", ".")) if raw else None
                if value is None or not math.isfinite(float(value)):
                    problems.append(MenuProblem("bad-price", row_number, "prix_ht", raw))
                    continue
                categories = cells[positions["categories_egalim"]] if "categories_egalim" in positions else ""
                purchases.append({
                    "row": row_number,
                    "date": cells[positions["date"]].strip() if "date" in positions else "",
                    "value": float(value),
                    "family": cells[positions["famille_produits"]].strip().upper(),
                    "group": purchase_group(categories),
                })
        except CsvSourceError as error:
            problems.append(source_problem(error, error.params.get("row")))
    return purchases, problems


def _pct(part: float, whole: float):
    return round(100 * part / whole, 1) if whole else None


def egalim_shares(purchases: List[dict]) -> dict:
    """Purchase-value shares against the EGalim thresholds."""
    thresholds = egalim()["thresholds"]
    total = sum(p["value"] for p in purchases)
    by_group = {group: 0.0 for group in GROUP_ORDER}
    meat_total = meat_quality = 0.0
    for purchase in purchases:
        if purchase["group"]:
            by_group[purchase["group"]] += purchase["value"]
        if purchase["family"] in MEAT_AND_FISH:
            meat_total += purchase["value"]
            if purchase["group"]:
                meat_quality += purchase["value"]
    quality = sum(by_group.values())
    shares = {
        "basis": "purchase_value_ht",
        "purchases": len(purchases),
        "total_value": round(total, 2),
        "value_by_group": {k: round(v, 2) for k, v in by_group.items()},
        "quality_pct": _pct(quality, total),
        "organic_pct": _pct(by_group["bio"], total),
        "meat_fish_value": round(meat_total, 2),
        "meat_fish_quality_pct": _pct(meat_quality, meat_total),
        "thresholds": {
            "quality_pct": thresholds["durables_et_qualite_min_pct"],
            "organic_pct": thresholds["dont_bio_min_pct"],
            "meat_fish_quality_pct": thresholds["viandes_poissons_durables_et_qualite_min_pct"],
        },
    }
    shares["meets"] = {
        key: (None if shares[key] is None else shares[key] >= minimum)
        for key, minimum in shares["thresholds"].items()
    }
    return shares
