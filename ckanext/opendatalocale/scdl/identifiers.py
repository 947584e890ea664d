"""French public identifiers: SIREN, SIRET and INSEE commune codes (COG).

This is the suite's one SIRET check: forms, bulk import, territories and the
CSV validator all call it, so a territory's SIREN and a subventions file agree.

SIREN/SIRET checksums come from python-stdnum, which Validata also relies on
(through frformat), so our verdicts match data.gouv.fr's. stdnum already knows
La Poste's exception (SIREN 356000000: its establishments' SIRET are not Luhn
valid, the sum of their 14 digits is a multiple of 5 instead); a test pins
that, so an stdnum upgrade that dropped it would be noticed.

Functions named ``*_reason`` return None when the value is valid, otherwise a
short French explanation (already passed through the translation hook).
"""
from __future__ import annotations

import re
from typing import Optional

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.fr import siren as _siren
from stdnum.fr import siret as _siret

from .i18n import _

LA_POSTE_SIREN = "356000000"


def compact(value: str) -> str:
    """Digits as stdnum sees them: spaces, dots and dashes removed."""
    return _siret.compact(value)


# Luhn doubling of one digit, as a translation table: 0→0, 1→2, ... 5→1 ... 9→9.
_DOUBLED = str.maketrans("0123456789", "0246813579")


def _luhn_ok(digits: str) -> bool:
    """Luhn over ASCII digits, summing bytes in C: a validator meets a
    SIRET on every row, and stdnum's generic code costs ~40 µs each."""
    reverse = digits[::-1]
    total = sum(reverse[0::2].encode()) + sum(reverse[1::2].translate(_DOUBLED).encode())
    return (total - 48 * len(digits)) % 10 == 0


def head_office_siret(siren: str) -> str:
    """The head office SIRET a collectivité's SIREN implies (NIC 0001 and the Luhn key
    that makes the number valid); a SIRET is kept as it is; "" for anything else."""
    digits = re.sub(r"\s", "", siren or "")
    if _plain_digits(digits, 14):
        return digits
    if not _plain_digits(digits, 9):
        return ""
    body = digits + "0001"
    return next(body + key for key in "0123456789" if _luhn_ok(body + key))


def _plain_digits(value: str, length: int) -> bool:
    return len(value) == length and value.isdigit() and value.isascii()


def is_valid_siren(value: str) -> bool:
    if isinstance(value, str) and _plain_digits(value, 9):
        return _luhn_ok(value)
    return siren_reason(value) is None


def is_valid_siret(value: str) -> bool:
    # Same verdict as stdnum.fr.siret.is_valid (a test compares them);
    # values with separators take stdnum's path.
    if isinstance(value, str) and _plain_digits(value, 14):
        if value.startswith(LA_POSTE_SIREN) and value != "35600000000048":
            if (sum(value.encode()) - 48 * 14) % 5 != 0:
                return False
        elif not _luhn_ok(value):
            return False
        return _luhn_ok(value[:9])
    return siret_reason(value) is None


def siren_reason(value: str) -> Optional[str]:
    """Why ``value`` is not a SIREN, or None.

    Like Validata, separators (spaces, dots) are tolerated: a schema that wants
    exactly nine digits says so with a ``pattern`` constraint.
    """
    value = "" if value is None else str(value)
    if not compact(value):
        return _("la valeur est vide")
    # InvalidLength and InvalidChecksum subclass InvalidFormat in stdnum:
    # the specific ones are caught first.
    try:
        _siren.validate(value)
    except InvalidLength:
        return _("un SIREN compte 9 chiffres, cette valeur en a {count}").format(
            count=len(compact(value))
        )
    except InvalidChecksum:
        return _("la clé de contrôle du SIREN est fausse (faute de frappe ?)")
    except InvalidFormat:
        return _("un SIREN ne contient que des chiffres")
    return None


def siret_reason(value: str) -> Optional[str]:
    """Why ``value`` is not a SIRET, or None (La Poste's exception accepted)."""
    value = "" if value is None else str(value)
    digits = compact(value)
    if not digits:
        return _("la valeur est vide")
    try:
        _siret.validate(value)
    except InvalidLength:
        if len(digits) == 9 and digits.isdigit():
            return _(
                "cette valeur a 9 chiffres : c'est un SIREN ; un SIRET compte 14 "
                "chiffres (SIREN + NIC de l'établissement)"
            )
        return _("un SIRET compte 14 chiffres, cette valeur en a {count}").format(
            count=len(digits)
        )
    except InvalidChecksum:
        return _("la clé de contrôle du SIRET est fausse (faute de frappe ?)")
    except InvalidFormat:
        return _("un SIRET ne contient que des chiffres")
    return None


def siren_of_siret(value: str) -> str:
    """The SIREN (first nine digits) of a SIRET."""
    return compact(value)[:9]


# COG commune codes: two characters for the département (01-19, 21-95, 2A and
# 2B for Corsica, "20" having been split in 1976), then three for the commune.
# Overseas: the département or collectivité takes three characters (971-976,
# and 975/977/978 for Saint-Pierre-et-Miquelon, Saint-Barthélemy,
# Saint-Martin; 986-988 for Wallis-et-Futuna, Polynésie, Nouvelle-Calédonie),
# then two for the commune. Commune number 0 does not exist.
_METROPOLE_RE = re.compile(r"^(0[1-9]|1[0-9]|2[1-9]|[3-8][0-9]|9[0-5])([0-9]{3})$")
_CORSE_RE = re.compile(r"^(2[AB])([0-9]{3})$")
_OUTRE_MER_RE = re.compile(r"^(97[1-8]|98[6-8])([0-9]{2})$")


def commune_code_reason(value: str) -> Optional[str]:
    """Why ``value`` is not a well-formed INSEE commune code (COG), or None.

    This checks the shape, not that the commune exists today: merged
    communes keep appearing in old files and the list changes every January.
    """
    code = "" if value is None else str(value).strip()
    upper = code.upper()
    for regex in (_METROPOLE_RE, _CORSE_RE, _OUTRE_MER_RE):
        match = regex.match(upper)
        if match:
            if int(match.group(2)) == 0:
                return _("le numéro de commune ne peut pas être nul")
            if upper != code:
                return _("écrivez 2A ou 2B en majuscules")
            return None
    if len(code) == 4 and code.isdigit():
        return _(
            "un code commune INSEE compte 5 caractères ; le zéro initial a sans "
            "doute été supprimé par le tableur : écrivez 0{code}"
        ).format(code=code)
    if len(code) != 5:
        return _("un code commune INSEE compte 5 caractères, cette valeur en a {count}").format(
            count=len(code)
        )
    if code.startswith("20"):
        return _("la Corse s'écrit 2A ou 2B dans les codes commune, pas 20")
    if upper.startswith("2A") or upper.startswith("2B"):
        return _("après 2A ou 2B viennent 3 chiffres")
    return _(
        "ce n'est pas un code commune INSEE : 2 chiffres de département (ou 2A, 2B, "
        "97x) suivis du numéro de la commune"
    )


def is_valid_commune_code(value: str) -> bool:
    return commune_code_reason(value) is None


def departement_of_commune(code: str) -> Optional[str]:
    """Département (or overseas collectivité) code of a valid commune code."""
    if not is_valid_commune_code(code):
        return None
    code = code.strip()
    return code[:3] if code.startswith("97") or code.startswith("98") else code[:2]
