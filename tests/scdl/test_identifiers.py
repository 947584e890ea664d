import random

import pytest
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from ckanext.opendatalocale.scdl import identifiers


@pytest.mark.parametrize("siret", ["21060004500392", "52499120500013", "23350001600040", "38047555800058"])
def test_valid_sirets(siret):
    assert identifiers.is_valid_siret(siret)
    assert identifiers.siret_reason(siret) is None


def test_la_poste_exception():
    # La Poste's establishments: SIREN 356000000, SIRET not Luhn-valid but
    # with a digit sum multiple of 5 (CONTEXT.md).
    la_poste = "35600000049837"
    assert sum(map(int, la_poste)) % 5 == 0
    assert identifiers.is_valid_siret(la_poste)
    assert identifiers.is_valid_siret("35600000000048")  # head office, Luhn-valid
    assert not identifiers.is_valid_siret("35600000049838")
    assert identifiers.siret_reason("35600000049838") is not None
    assert identifiers.is_valid_siren(identifiers.LA_POSTE_SIREN)


@pytest.mark.parametrize("value, fragment", [
    ("2106000450039", "14 chiffres"),
    ("210600045", "c'est un SIREN"),
    ("2106000450039X", "que des chiffres"),
    ("21060004500393", "clé de contrôle"),
    ("", "vide"),
])
def test_siret_reasons_in_french(value, fragment):
    reason = identifiers.siret_reason(value)
    assert fragment in reason
    assert not identifiers.is_valid_siret(value)


def test_siren_checks():
    assert identifiers.is_valid_siren("210600045")
    assert not identifiers.is_valid_siren("210600046")
    assert "clé de contrôle" in identifiers.siren_reason("210600046")
    assert "9 chiffres" in identifiers.siren_reason("21060004")
    assert identifiers.siren_of_siret("210 600 045 00392") == "210600045"


def test_fast_siret_path_agrees_with_stdnum():
    rng = random.Random(1)
    samples = ["35600000000048", "35600000049837", "35600000049838"]
    samples += [f"{rng.randint(0, 10**14 - 1):014d}" for _ in range(3000)]
    samples += ["356000000" + f"{rng.randint(0, 99999):05d}" for _ in range(500)]
    samples += ["210 600 045 00392", "21060004500392 ", "2106000450039٢"]
    for value in samples:
        assert identifiers.is_valid_siret(value) == stdnum_siret.is_valid(value), value
    for value in [f"{rng.randint(0, 10**9 - 1):09d}" for _ in range(2000)]:
        assert identifiers.is_valid_siren(value) == stdnum_siren.is_valid(value), value


@pytest.mark.parametrize("code", ["75056", "01053", "2A004", "2B033", "97105", "97611", "13055", "95690"])
def test_valid_commune_codes(code):
    assert identifiers.is_valid_commune_code(code)


@pytest.mark.parametrize("code, fragment", [
    ("1053", "zéro initial"),
    ("20004", "2A ou 2B"),
    ("2a004", "majuscules"),
    ("75000", "nul"),
    ("96001", "pas un code commune"),
    ("750561", "5 caractères"),
    ("2AB04", "3 chiffres"),
])
def test_invalid_commune_codes(code, fragment):
    reason = identifiers.commune_code_reason(code)
    assert reason and fragment in reason


def test_departement_of_commune():
    assert identifiers.departement_of_commune("75056") == "75"
    assert identifiers.departement_of_commune("2A004") == "2A"
    assert identifiers.departement_of_commune("97105") == "971"
    assert identifiers.departement_of_commune("xx") is None
