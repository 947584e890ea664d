"""The shipped territory referential and its look-ups. Pure: no CKAN."""
import json
import pathlib
import time

import pytest

from ckanext.opendatalocale.territories.referential import build, lookup, matching, obligation


@pytest.fixture(scope="module")
def referential():
    return lookup.shipped()


def test_shipped_file_matches_the_counts_recorded_with_it(referential):
    meta = json.loads(build.META_FILE.read_text(encoding="utf-8"))
    assert (meta["source"], meta["version"]) == ("@etalab/decoupage-administratif", "6.0.0")
    assert referential.counts() == meta["counts"]
    assert meta["counts"]["communes"] == 34969
    assert meta["counts"]["communes_over_3500"] == 3288
    assert meta["counts"]["epci"] == 1255
    assert build.DATA_FILE.stat().st_size < 3_000_000


def test_builder_reads_the_npm_layout(tmp_path):
    package = tmp_path / "package"
    (package / "data").mkdir(parents=True)
    (package / "package.json").write_text('{"name": "@etalab/decoupage-administratif", "version": "9.9.9"}')
    communes = [
        {"code": "01001", "nom": "L'Abergement-Clémenciat", "type": "commune-actuelle", "siren": "210100012",
         "population": 860, "departement": "01", "region": "84", "codesPostaux": ["01400"]},
        {"code": "01015", "nom": "Arboys en Bugey", "type": "commune-actuelle", "siren": "200053668",
         "population": 710, "departement": "01", "region": "84", "anciensCodes": ["01340"]},
        {"code": "01015", "nom": "Arbignieu", "type": "commune-deleguee", "chefLieu": "01015",
         "departement": "01", "region": "84"},
        {"code": "01340", "nom": "Saint-Bois", "type": "commune-deleguee", "chefLieu": "01015",
         "departement": "01", "region": "84"},
    ]
    for name, content in (("communes.json", communes), ("departements.json", [
            {"code": "01", "nom": "Ain", "region": "84"}]), ("regions.json", [
            {"code": "84", "nom": "Auvergne-Rhône-Alpes"}]), ("epci.json", [
            {"code": "200029999", "nom": "CC Test", "type": "CC", "populationMunicipale": 1570,
             "membres": [{"code": "01001"}, {"code": "01015"}]}])):
        (package / "data" / name).write_text(json.dumps(content), encoding="utf-8")
    assert build.main([str(package), "--out", str(tmp_path / "out")]) == 0
    small = lookup.load(tmp_path / "out" / "territories.json.gz", tmp_path / "out" / "territories.meta.json")
    assert small.meta["version"] == "9.9.9" and small.counts()["communes"] == 2
    commune, redirect = small.by_insee("01340")
    assert (commune.code, redirect.name, redirect.kind) == ("01015", "Saint-Bois", "commune-deleguee")
    assert small.by_insee("01015") == (small.get("commune", "01015"), None)
    assert small.parent_of(commune).name == "CC Test"
    assert small.get("departement", "01").population == 1570
    assert build.main([str(tmp_path / "nowhere")]) == 2


@pytest.mark.parametrize("query, code", [
    ("st etienne", "42218"), ("Saint-Étienne", "42218"), ("SAINT ETIENNE", "42218"),
    ("abergement clemenciat", "01001"), ("l'abergement-clémenciat", "01001"), ("lyon", "69123"),
])
def test_name_search_ignores_accents_case_and_abbreviations(referential, query, code):
    assert referential.search(query)[0].code == code


def test_name_search_as_you_type_and_by_kind(referential):
    assert "Saint-Étienne" in [t.name for t in referential.search("saint eti")]
    epci = referential.search("saint etienne", kinds=["epci"])
    assert [t.code for t in epci][:1] == ["244200770"]
    assert referential.search("ste foy")[0].name.startswith("Sainte-Foy")
    assert referential.search("") == [] and referential.search("zzzzqqq") == []


def test_codes_siren_and_postal_codes(referential):
    saint_etienne = referential.get("commune", "42218")
    assert (saint_etienne.siren, saint_etienne.population) == ("214202186", 173136)
    assert referential.by_siren("214 202 186") == saint_etienne
    assert referential.by_siren("244200770").kind == "epci"
    assert saint_etienne in referential.by_postal_code("42100")
    assert {t.kind for t in referential.by_code("84")} == {"departement", "region"}
    assert referential.by_code("84", "region")[0].name == "Auvergne-Rhône-Alpes"
    assert referential.by_code("2A004")[0].name == "Ajaccio"


def test_one_box_finds_by_any_code_or_by_name(referential):
    saint_etienne = referential.get("commune", "42218")
    for typed in ("42218", "214202186", "214 202 186"):
        assert referential.find(typed)[0][0] == saint_etienne, typed
    # 42100 is a postal code of Saint-Étienne and the INSEE code of another commune: both
    by_42100 = [territory for territory, _ in referential.find("42100")]
    assert by_42100[0] == referential.get("commune", "42100") and saint_etienne in by_42100
    territory, redirect = referential.find("42190")[0]  # Rochetaillée, merged
    assert territory == saint_etienne and redirect.name.startswith("Rochetaill")
    assert {t.kind for t, _ in referential.find("84")} == {"departement", "region"}
    assert [t.kind for t, _ in referential.find("84", ["region"])] == ["region"]
    assert referential.find("2A004")[0][0].name == "Ajaccio"
    assert referential.find("Saint-Étienne")[0][0] == saint_etienne
    assert referential.find("99999") == []
    assert len(referential.find("42", limit=1)) == 1


def test_hierarchy(referential):
    commune = referential.get("commune", "42218")
    epci = referential.epci_of(commune)
    assert epci.name == "Saint-Étienne Métropole"
    assert referential.departement_of(commune).name == "Loire"
    assert referential.region_of(commune).name == "Auvergne-Rhône-Alpes"
    assert referential.parent_of(commune) == epci
    assert referential.parent_of(epci).code == "42"
    assert referential.parent_of(referential.get("departement", "42")).code == "84"
    assert referential.parent_of(referential.get("region", "84")) is None
    assert commune in referential.members_of(epci)


def test_old_codes_lead_to_todays_commune_and_say_so(referential):
    commune, redirect = referential.by_insee("42190")
    assert commune.code == "42218"
    assert "Rochetaillée" in redirect.message and "Saint-Étienne (42218)" in redirect.message
    merged, why = referential.by_insee("01340")  # merged into Arboys en Bugey
    assert merged.code == "01015" and why is not None
    assert referential.by_insee("99999") == (None, None)
    district, why = referential.by_insee("13201")
    assert district.name == "Marseille" and "arrondissement municipal" in why.message


def test_lookups_are_fast(referential):
    referential.search("warm up")
    started = time.perf_counter()
    for query in ("st etienne", "abergement clemenciat", "lyon", "villeurbanne"):
        referential.search(query)
    referential.by_insee("42190"), referential.by_siren("214202186"), referential.by_postal_code("42000")
    assert (time.perf_counter() - started) / 7 < 0.02  # generous: shared CI machines


def record(**fields):
    return dict({"id": fields.get("name", "x"), "name": "x", "kind": None, "siren": None,
                 "insee_code": None}, **fields)


def test_matching_explains_what_it_cannot_match(referential):
    assert matching.match(record(kind="commune", siren="214202186"), referential).territory.code == "42218"
    assert matching.match(record(kind="commune", insee_code="42218"), referential).territory.code == "42218"
    assert matching.match(record(kind="intercommunalite", siren="244200770"), referential).territory.kind == "epci"
    assert matching.match(record(kind="departement", insee_code="42"), referential).territory.name == "Loire"
    assert "ni SIREN ni code INSEE" in matching.match(record(kind="commune"), referential).problem
    assert "inconnu" in matching.match(record(insee_code="99999"), referential).problem
    assert "syndicats" in matching.match(record(kind="syndicat", siren="200000172"), referential).problem
    disagree = matching.match(record(kind="commune", siren="214202186", insee_code="69123"), referential)
    assert "deux territoires différents" in disagree.problem
    merged = matching.match(record(kind="commune", insee_code="42190"), referential)
    assert merged.changed and merged.territory.code == "42218"


def test_names_are_stable_and_unique(referential):
    assert matching.territory_name(referential.get("commune", "42218"), referential) == "saint-etienne"
    assert matching.territory_name(referential.get("departement", "42"), referential) == "departement-loire"
    assert matching.territory_name(referential.get("region", "84"), referential) == "region-auvergne-rhone-alpes"
    sainte_foy = referential.search("sainte foy", kinds=["commune"])[0]
    assert matching.territory_name(sainte_foy, referential) == f"sainte-foy-{sainte_foy.code}"


def test_onboarding_plan_of_region_84(referential):
    plan = matching.plan_onboarding(referential, "84")
    kinds = [t.kind for t in plan]
    assert kinds.count("commune") == 417 and kinds.count("region") == 1
    assert kinds.count("departement") == 12
    assert kinds == sorted(kinds, key=["region", "departement", "epci", "commune"].index)
    communes = {t.code for t in plan if t.kind == "commune"}
    epcis = {t.code for t in plan if t.kind == "epci"}
    assert all(referential.epci_of(referential.get("commune", c)).code in epcis for c in communes
               if referential.epci_of(referential.get("commune", c)))
    loire = matching.plan_onboarding(referential, "84", "42", 20000, ["commune"])
    assert {t.name for t in loire} == {"Saint-Étienne", "Roanne", "Saint-Chamond"}


def test_obligation_counts_and_status(referential):
    records = [record(id="se", name="saint-etienne", kind="commune", insee_code="42218"),
               record(id="ro", name="roanne", kind="commune", insee_code="42187")]
    rows = obligation.obliged_territories(referential, ["84"], records, {"se": 3})
    communes = [r for r in rows if r.territory.kind == "commune"]
    assert len(communes) == 417
    by_code = {r.territory.code: r for r in rows}
    assert by_code["42218"].status == obligation.PUBLISHED
    assert by_code["42187"].status == obligation.NOT_STARTED and by_code["42187"].portal_record
    loire = obligation.select(rows, departement="42", kind="commune")
    summary = obligation.summary(loire)
    assert summary["published"] == 1 and summary["territories"] == len(loire)
    assert [d["code"] for d in summary["by_departement"]] == ["42"]
    metropole = next(e for e in summary["by_epci"] if e["code"] == "244200770")
    assert metropole["published"] == 1 and metropole["not_started"] == metropole["territories"] - 1
