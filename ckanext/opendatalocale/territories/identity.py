"""What a territory's codes say about it: pure module."""
from __future__ import annotations

from ..scdl.identifiers import departement_of_commune


def departement_of(insee_code: str | None, kind: str | None) -> str | None:
    """The département code from the COG code: 42218 -> 42, 2A004 -> 2A, 97411 -> 974.

    Régions have no département; EPCI and syndicats carry no INSEE code here (the
    territory referential will give them one through their members).
    """
    if not insee_code or kind == "region":
        return None
    code = str(insee_code).strip().upper()
    if kind == "departement":
        return code
    return departement_of_commune(code)


def identity_complete(extras: dict) -> bool:
    """Phase 1 asks for a kind, a SIREN and, for communes, an INSEE code."""
    if not extras.get("kind") or not extras.get("siren"):
        return False
    return bool(extras.get("insee_code")) or extras.get("kind") not in ("commune", "departement", "region")
