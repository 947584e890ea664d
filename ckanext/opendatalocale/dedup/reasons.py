"""Reasons put into words, in the reader's language."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def _shown_key(value: str) -> str:
    # Keys are stored normalised: "uri://host/path", "id:text", "//host/path".
    for prefix in ("uri:", "id:"):
        if value.startswith(prefix):
            value = value[len(prefix):]
    return value[2:] if value.startswith("//") else value


def describe(reason: dict) -> str:
    code, value = reason.get("code"), str(reason.get("value") or "")
    if code == "identifier":
        return tk._("Même identifiant à la source : « {value} »").format(value=_shown_key(value))
    if code == "url":
        return tk._("Même lien de fichier (une fois normalisé) : {value}").format(
            value=_shown_key(value))
    if code == "content":
        return tk._("Même contenu de fichier (empreinte SHA-256 {value}…)").format(value=value[:12])
    if code == "schema":
        return tk._("Même schéma SCDL ({value}), même territoire, même période").format(value=value)
    if code == "headers":
        return tk._("Mêmes colonnes ({value}), même territoire, même période").format(value=value)
    if code == "text":
        return tk._("Titre et description presque identiques ({value} %)").format(value=value)
    return code or ""


def describe_keep(reason: str) -> str:
    """Why a dataset is the one suggested to keep (precedence.KEEP_REASONS)."""
    return {
        "producer": tk._("publié par le territoire producteur, les autres sont des copies moissonnées"),
        "public": tk._("public, les autres sont privés"),
        "oldest": tk._("le plus ancien"),
    }.get(reason, tk._("premier du groupe"))
