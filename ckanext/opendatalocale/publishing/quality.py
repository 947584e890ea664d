"""A dataset's quality score as data.gouv.fr will compute it once harvested, plus the
suite's tenth criterion, and the advice that brings the missing points. Pure module.

data.gouv.fr (udata, ``Dataset.compute_quality``, see ../shared/docs/FEDERATION.md B1)
gives one point per criterion met, nine in all. The suite predicts each one from the
dataset as CKAN holds it and from facts its jobs stored (was each file reachable, what
did the SCDL validation say), and adds its own: every file valid against the SCDL
schema it declares.

Where udata's rule and a helpful rule part, the prediction follows udata (an unknown
reachability passes, one described resource is enough for documentation), and the
advice says what would really help.
"""
from __future__ import annotations

import dataclasses
import datetime
from typing import Any, Iterable, Mapping, Optional

from ..scdl.i18n import translate as _
from ..territories import freshness

# udata's QUALITY_DESCRIPTION_LENGTH: the description must be strictly longer.
DESCRIPTION_LENGTH = 100
# udata's CLOSED_FORMATS (udata/core/dataset/models.py): an empty format counts as closed.
CLOSED_FORMATS = frozenset({"pdf", "doc", "docx", "word", "xls", "excel", "xlsx"})
# Frequencies udata knows without a period: always "on time".
_NO_PERIOD = frozenset({"punctual", "irreg", "irregular", "cont", "continuous", "never",
                        "notplanned", "other", "update_cont"})
_UNKNOWN_FREQUENCIES = frozenset({"unknown", ""})
# udata lets a dataset be one day late (next_update in the past by at most a day).
_GRACE = datetime.timedelta(days=1)

LICENCE = "license"
TEMPORAL = "temporal_coverage"
SPATIAL = "spatial"
FREQUENCY = "update_frequency"
ON_TIME = "update_fulfilled_in_time"
DESCRIPTION = "dataset_description_quality"
OPEN_FORMAT = "has_open_format"
REACHABLE = "all_resources_available"
DOCUMENTATION = "resources_documentation"
SCDL_VALID = "scdl_valid"

# data.gouv.fr's nine, in udata's order, then the suite's own.
DATAGOUV_CRITERIA = (LICENCE, TEMPORAL, SPATIAL, FREQUENCY, ON_TIME, DESCRIPTION,
                     OPEN_FORMAT, REACHABLE, DOCUMENTATION)
CRITERIA = DATAGOUV_CRITERIA + (SCDL_VALID,)
DATAGOUV_MAX = len(DATAGOUV_CRITERIA)
MAX_SCORE = len(CRITERIA)

LABELS = {
    LICENCE: "Licence renseignée",
    TEMPORAL: "Couverture temporelle",
    SPATIAL: "Couverture géographique",
    FREQUENCY: "Fréquence de mise à jour connue",
    ON_TIME: "Mis à jour à temps pour sa fréquence",
    DESCRIPTION: "Description de plus de 100 caractères",
    OPEN_FORMAT: "Au moins un format ouvert",
    REACHABLE: "Tous les fichiers accessibles",
    DOCUMENTATION: "Ressources documentées",
    SCDL_VALID: "Fichiers valides selon leur schéma SCDL",
}

# What the editor does to earn the point; French source strings (translated by the
# CKAN layer through scdl.i18n).
ADVICE = {
    LICENCE: "Choisissez une licence, de préférence la Licence Ouverte 2.0 (Etalab) : sans "
             "licence, personne ne sait s'il peut réutiliser les données.",
    TEMPORAL: "Indiquez la période que couvrent les données (date de début, et de fin si "
              "elle est connue).",
    SPATIAL: "Indiquez le territoire couvert (code INSEE) et donnez au territoire son "
             "emprise géographique : data.gouv.fr ne lit la couverture que sous forme de "
             "géométrie.",
    FREQUENCY: "Indiquez la fréquence de mise à jour (même « irrégulière » compte).",
    ON_TIME: "Mettez le jeu à jour : sa dernière mise à jour est plus ancienne que ce que "
             "promet sa fréquence (ou corrigez la fréquence).",
    DESCRIPTION: "Allongez la description (plus de 100 caractères) : ce que contiennent les "
                 "données, d'où elles viennent, leurs limites.",
    OPEN_FORMAT: "Ajoutez au moins un fichier dans un format ouvert (CSV plutôt que XLSX, "
                 "pas seulement du PDF ou du DOCX).",
    REACHABLE: "Corrigez les liens qui ne répondent pas : {resources}.",
    DOCUMENTATION: "Décrivez chaque ressource (champ « Description ») ou ajoutez une "
                   "ressource de documentation.",
    SCDL_VALID: "Corrigez les fichiers refusés par la validation SCDL : {resources}.",
}


@dataclasses.dataclass(frozen=True)
class QualityFacts:
    """What the suite's jobs know about a dataset's files and graph.

    ``reachable``: resource id -> True, False, or absent when never checked;
    ``validation``: resource id -> the SCDL validation's status (success, failure,
    error, running); ``spatial_geometry``: whether the dataset's DCAT carries a
    geometry data.gouv.fr reads (None: not known, the form's coverage is read instead).
    """
    reachable: Mapping[str, Optional[bool]] = dataclasses.field(default_factory=dict)
    validation: Mapping[str, Optional[str]] = dataclasses.field(default_factory=dict)
    spatial_geometry: Optional[bool] = None


@dataclasses.dataclass(frozen=True)
class QualityScore:
    criteria: Mapping[str, bool]
    # Resources named by the advice (unreachable, invalid), as (id, name).
    unreachable: tuple = ()
    invalid: tuple = ()

    @property
    def datagouv_score(self) -> int:
        return sum(1 for name in DATAGOUV_CRITERIA if self.criteria[name])

    @property
    def score(self) -> int:
        return sum(1 for met in self.criteria.values() if met)

    @property
    def missing(self) -> list:
        return [name for name in CRITERIA if not self.criteria[name]]

    def as_dict(self) -> dict:
        return {
            "score": self.score, "max_score": MAX_SCORE,
            "datagouv_score": self.datagouv_score, "datagouv_max_score": DATAGOUV_MAX,
            "criteria": [{"id": name, "label": _(LABELS[name]), "met": self.criteria[name],
                          "datagouv": name in DATAGOUV_CRITERIA}
                         for name in CRITERIA],
        }


def _format_key(value: Any) -> str:
    text = str(value or "").strip().lower()
    # EU file-type or IANA URIs: their last segment is the format.
    text = text.rstrip("/").rsplit("/", 1)[-1]
    return text.lstrip(".")


def _frequency_code(frequency: Any) -> str:
    return str(frequency or "").strip().rstrip("/").rsplit("/", 1)[-1].lower()


def _parse_datetime(value: Any) -> Optional[datetime.datetime]:
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return parsed


def frequency_known(frequency: Any) -> bool:
    return _frequency_code(frequency) not in _UNKNOWN_FREQUENCIES


def updated_on_time(frequency: Any, last_update: Optional[datetime.datetime],
                    now: datetime.datetime) -> bool:
    """udata: next update (last update + the frequency's period) at most a day in the
    past; frequencies without a period are on time; no frequency, not on time."""
    code = _frequency_code(frequency)
    if code in _UNKNOWN_FREQUENCIES:
        return False
    if code in _NO_PERIOD:
        return True
    days = freshness.period_days(code)
    if days is None:
        return True  # a frequency udata would read without a delta
    if last_update is None:
        return False
    return last_update + datetime.timedelta(days=days) + _GRACE >= now


def last_update(dataset: Mapping) -> Optional[datetime.datetime]:
    """udata's last update: the harvested dct:modified, which ckanext-dcat writes from
    metadata_modified."""
    return _parse_datetime(dataset.get("metadata_modified"))


def _resources(dataset: Mapping) -> list:
    return [resource for resource in dataset.get("resources") or []
            if resource.get("state", "active") == "active"]


def declares_schema(resource: Mapping) -> bool:
    schema = resource.get("schema")
    return bool(schema) and schema not in ("{}", "[]")


def compute(dataset: Mapping, facts: QualityFacts | None = None,
            now: datetime.datetime | None = None) -> QualityScore:
    facts = facts or QualityFacts()
    now = now or datetime.datetime.utcnow()
    resources = _resources(dataset)
    licence = str(dataset.get("license_id") or "").strip()
    spatial = (facts.spatial_geometry if facts.spatial_geometry is not None
               else bool(str(dataset.get("spatial_coverage") or "").strip()))
    unreachable = tuple((r["id"], r.get("name") or r.get("url") or r["id"]) for r in resources
                        if facts.reachable.get(r.get("id")) is False)
    invalid = tuple((r["id"], r.get("name") or r.get("url") or r["id"]) for r in resources
                    if declares_schema(r)
                    and facts.validation.get(r.get("id")) in ("failure", "error"))
    criteria = {
        # udata counts any licence; "notspecified" is the absence of one for the editor.
        LICENCE: bool(licence) and licence != "notspecified",
        TEMPORAL: bool(dataset.get("temporal_start") or dataset.get("temporal_end")),
        SPATIAL: spatial,
        FREQUENCY: frequency_known(dataset.get("frequency")),
        ON_TIME: updated_on_time(dataset.get("frequency"), last_update(dataset), now),
        DESCRIPTION: len(str(dataset.get("notes") or "").strip()) > DESCRIPTION_LENGTH,
        # udata computes the last three only for a dataset with resources.
        OPEN_FORMAT: any(_format_key(r.get("format")) not in CLOSED_FORMATS | {""}
                         for r in resources),
        REACHABLE: bool(resources) and not unreachable,
        DOCUMENTATION: any(r.get("resource_type") == "documentation"
                           or str(r.get("description") or "").strip() for r in resources),
        # Unknown (not validated yet) passes, like udata's unknown availability.
        SCDL_VALID: not invalid,
    }
    return QualityScore(criteria, unreachable, invalid)


def advice(score: QualityScore, mqa_points: Mapping[str, float] | None = None) -> list:
    """One piece of advice per missing criterion, the most rewarding first: the
    data.gouv.fr point it brings, then the European (MQA) points that the same fix
    brings, then the criteria's order."""
    mqa_points = mqa_points or {}
    pieces = []
    for rank, name in enumerate(CRITERIA):
        if score.criteria[name]:
            continue
        names = ", ".join(label for _id, label in
                          (score.unreachable if name == REACHABLE else score.invalid))
        text = _(ADVICE[name]).format(resources=names or _("aucune ressource"))
        pieces.append({"criterion": name, "label": _(LABELS[name]), "advice": text,
                       "points": 1 if name in DATAGOUV_CRITERIA else 0,
                       "suite_points": 1, "mqa_points": round(mqa_points.get(name, 0)),
                       "_rank": rank})
    pieces.sort(key=lambda piece: (-piece["points"], -piece["mqa_points"], piece["_rank"]))
    for piece in pieces:
        del piece["_rank"]
    return pieces


def average(scores: Iterable[float]) -> Optional[float]:
    values = list(scores)
    return sum(values) / len(values) if values else None


def index_value(score: int, width: int = 3) -> str:
    """The score as Solr sorts it: CKAN's schema has no numeric dynamic field (only
    ``*`` as a string), so a zero-padded string orders as the number does."""
    return str(int(score)).zfill(width)
