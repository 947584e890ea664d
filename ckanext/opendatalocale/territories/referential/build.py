"""Build the shipped territory referential from Etalab's npm package
``@etalab/decoupage-administratif`` (INSEE's Code officiel géographique).

Run by ``make referential`` (devstack/referential.sh) on a machine with npm;
never at run time. Pure standard library::

    python -m ckanext.opendatalocale.territories.referential.build \
        <unpacked npm package dir> [--out <dir>]

Writes ``territories.json.gz`` (compact lists, see FORMAT below) and
``territories.meta.json`` (source version, date, counts) next to this file.
"""
from __future__ import annotations

import argparse
import datetime
import gzip
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).parent
DATA_FILE = HERE / "territories.json.gz"
META_FILE = HERE / "territories.meta.json"

# Rows are lists (not objects) to keep the file small; the loader names them.
# Lists of codes are space-separated strings: far fewer objects to parse.
FORMAT = {
    "regions": ["code", "name", "chef_lieu"],
    "departements": ["code", "name", "region", "chef_lieu"],
    "epci": ["siren", "name", "type", "population", "members"],
    "communes": ["insee", "name", "siren", "population", "departement", "region",
                 "postal_codes", "former_codes"],
    # Codes that are no longer communes of their own, and where they lead today.
    "former": ["code", "name", "kind", "successor"],
}


def _read(package_dir: pathlib.Path, name: str) -> list:
    return json.loads((package_dir / "data" / name).read_text(encoding="utf-8"))


def build(package_dir: pathlib.Path) -> tuple[dict, dict]:
    manifest = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    communes_raw = _read(package_dir, "communes.json")
    current = [c for c in communes_raw if c["type"] == "commune-actuelle"]
    current_codes = {c["code"] for c in current}

    communes = [[c["code"], c["nom"], c.get("siren"), c.get("population"), c["departement"],
                 c["region"], " ".join(c.get("codesPostaux") or []),
                 " ".join(c.get("anciensCodes") or [])]
                for c in current]
    former: dict[str, list] = {}
    for c in current:
        for old in c.get("anciensCodes") or []:
            if old not in current_codes:
                former.setdefault(old, [old, None, "commune-fusionnee", c["code"]])
    for c in communes_raw:
        if c["type"] == "commune-actuelle":
            continue
        successor = c.get("chefLieu") or c.get("commune")
        if c["code"] in current_codes and c["type"] != "arrondissement-municipal":
            continue  # a commune déléguée keeping its chef-lieu's code: the commune itself
        former[c["code"]] = [c["code"], c["nom"], c["type"], successor]

    epci = [[e["code"], e["nom"], e["type"], e.get("populationMunicipale"),
             " ".join(m["code"] for m in e.get("membres", []))] for e in _read(package_dir, "epci.json")]
    departements = [[d["code"], d["nom"], d["region"], d.get("chefLieu")]
                    for d in _read(package_dir, "departements.json")]
    regions = [[r["code"], r["nom"], r.get("chefLieu")] for r in _read(package_dir, "regions.json")]

    document = {"format": FORMAT, "regions": regions, "departements": departements,
                "epci": epci, "communes": communes, "former": sorted(former.values())}
    meta = {
        "source": manifest["name"], "version": manifest["version"],
        "origin": "Code officiel géographique (INSEE), via " + manifest["name"],
        "generated_on": datetime.date.today().isoformat(),
        "counts": {
            "communes": len(communes),
            "communes_over_3500": sum(1 for c in current if (c.get("population") or 0) > 3500),
            "epci": len(epci), "departements": len(departements), "regions": len(regions),
            "former_codes": len(former),
        },
    }
    return document, meta


def write(document: dict, meta: dict, out: pathlib.Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0: the same source gives byte-identical files (clean diffs).
    with open(out / DATA_FILE.name, "wb") as raw, gzip.GzipFile(
            fileobj=raw, mode="wb", compresslevel=9, mtime=0) as compressed:
        compressed.write(payload)
    (out / META_FILE.name).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                      encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package_dir", type=pathlib.Path,
                        help="dossier du paquet npm décompressé (contient data/ et package.json)")
    parser.add_argument("--out", type=pathlib.Path, default=HERE)
    args = parser.parse_args(argv)
    if not (args.package_dir / "data" / "communes.json").is_file():
        print(f"Dossier inattendu : {args.package_dir}/data/communes.json manque.", file=sys.stderr)
        return 2
    document, meta = build(args.package_dir)
    write(document, meta, args.out)
    print(f"Référentiel {meta['source']} {meta['version']} écrit dans {args.out} : "
          + ", ".join(f"{k} {v}" for k, v in meta["counts"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
