"""The programme's phases and their criteria, read from a YAML declaration.

Pure module (no CKAN import): a platform replaces the shipped ``phases.yaml`` by
its own file to change criteria and thresholds without code, so every mistake in
that file must come back as one clear French message rather than a crash deep in
a page.
"""
from __future__ import annotations

import dataclasses
import pathlib
from typing import Any, Mapping

import yaml

SHIPPED_PHASES_FILE = pathlib.Path(__file__).with_name("phases.yaml")

# A label is either a plain string or a {lang: text} mapping.
Label = Any


class PhaseDefinitionError(ValueError):
    """The phases file cannot be used; the message says where and why."""


@dataclasses.dataclass(frozen=True)
class Link:
    url: str
    label: Label

    def url_for(self, territory_name: str, territory_id: str) -> str:
        # Guides are site-relative URLs with placeholders, not routes, so that a
        # platform can point to its own documentation.
        return self.url.replace("{territory}", territory_name).replace(
            "{territory_id}", territory_id)


@dataclasses.dataclass(frozen=True)
class Milestone:
    id: str
    label: Label
    help: Label = ""


@dataclasses.dataclass(frozen=True)
class Criterion:
    id: str
    label: Label
    indicator: str | None = None
    milestone: str | None = None
    at_least: float | None = None
    at_most: float | None = None
    required: bool = True
    guides: tuple[Link, ...] = ()

    @property
    def guide(self) -> Link | None:
        """The main guide: the first one declared."""
        return self.guides[0] if self.guides else None

    @property
    def kind(self) -> str:
        return "indicator" if self.indicator else "milestone"

    def holds_for(self, value: Any) -> bool:
        """Whether an indicator value satisfies the threshold (None never does)."""
        if value is None:
            return False
        if self.at_least is None and self.at_most is None:
            return bool(value)
        if self.at_least is not None and value < self.at_least:
            return False
        if self.at_most is not None and value > self.at_most:
            return False
        return True


@dataclasses.dataclass(frozen=True)
class Phase:
    number: int
    id: str
    title: Label
    summary: Label
    criteria: tuple[Criterion, ...]


@dataclasses.dataclass(frozen=True)
class Programme:
    phases: tuple[Phase, ...]
    milestones: Mapping[str, Milestone]
    milestones_need_confirmation: bool = False

    def criteria(self):
        return [c for phase in self.phases for c in phase.criteria]

    def indicator_ids(self) -> set[str]:
        return {c.indicator for c in self.criteria() if c.indicator}


def localized(label: Label, lang: str = "fr") -> str:
    """The label in ``lang``, else French (the programme's language), else any."""
    if isinstance(label, Mapping):
        for key in (lang, lang.split("_")[0], "fr", "en"):
            if label.get(key):
                return str(label[key])
        return str(next(iter(label.values()), ""))
    return "" if label is None else str(label)


def _filled(value: Any, variables: Mapping[str, Any]) -> Any:
    """Labels may name a setting of the site ({recent_days}): filled in at load time.
    Guide URLs keep their own placeholders ({territory}) for the page to fill."""
    if isinstance(value, str):
        for name, setting in variables.items():
            value = value.replace("{" + name + "}", str(setting))
        return value
    if isinstance(value, Mapping):
        return {key: _filled(item, variables) for key, item in value.items()}
    if isinstance(value, list):
        return [_filled(item, variables) for item in value]
    return value


def load_programme(path: str | pathlib.Path | None = None,
                   variables: Mapping[str, Any] | None = None) -> Programme:
    source = pathlib.Path(path) if path else SHIPPED_PHASES_FILE
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise PhaseDefinitionError(
            f"Fichier des phases illisible « {source} » : {error.strerror}") from error
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise PhaseDefinitionError(f"Fichier des phases « {source} » : YAML invalide ({error})") from error
    return parse_programme(_filled(document, variables or {}), str(source))


def parse_programme(document: Any, where: str = "phases") -> Programme:
    if not isinstance(document, Mapping) or not isinstance(document.get("phases"), list):
        raise PhaseDefinitionError(f"{where} : une liste « phases » est attendue.")
    milestones = {}
    for index, raw in enumerate(document.get("milestones") or []):
        milestone = _milestone(raw, f"{where}, jalon n° {index + 1}")
        if milestone.id in milestones:
            raise PhaseDefinitionError(f"{where} : le jalon « {milestone.id} » est déclaré deux fois.")
        milestones[milestone.id] = milestone

    phases, seen_criteria = [], set()
    for index, raw in enumerate(document["phases"]):
        phase = _phase(raw, index + 1, f"{where}, phase n° {index + 1}", milestones)
        for criterion in phase.criteria:
            if criterion.id in seen_criteria:
                raise PhaseDefinitionError(
                    f"{where} : le critère « {criterion.id} » apparaît deux fois.")
            seen_criteria.add(criterion.id)
        phases.append(phase)
    if not phases:
        raise PhaseDefinitionError(f"{where} : au moins une phase est attendue.")
    return Programme(tuple(phases), milestones,
                     bool(document.get("milestones_need_confirmation", False)))


def _identifier(raw: Mapping, key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PhaseDefinitionError(f"{where} : « {key} » manque ou n'est pas un texte.")
    return value.strip()


def _milestone(raw: Any, where: str) -> Milestone:
    if not isinstance(raw, Mapping):
        raise PhaseDefinitionError(f"{where} : un objet est attendu.")
    identifier = _identifier(raw, "id", where)
    return Milestone(identifier, raw.get("label") or identifier, raw.get("help") or "")


def _phase(raw: Any, number: int, where: str, milestones: Mapping[str, Milestone]) -> Phase:
    if not isinstance(raw, Mapping):
        raise PhaseDefinitionError(f"{where} : un objet est attendu.")
    identifier = _identifier(raw, "id", where)
    criteria = tuple(
        _criterion(item, f"{where} ({identifier}), critère n° {i + 1}", milestones)
        for i, item in enumerate(raw.get("criteria") or [])
    )
    return Phase(number, identifier, raw.get("title") or identifier, raw.get("summary") or "",
                 criteria)


def _criterion(raw: Any, where: str, milestones: Mapping[str, Milestone]) -> Criterion:
    if not isinstance(raw, Mapping):
        raise PhaseDefinitionError(f"{where} : un objet est attendu.")
    indicator, milestone = raw.get("indicator"), raw.get("milestone")
    if bool(indicator) == bool(milestone):
        raise PhaseDefinitionError(
            f"{where} : un critère porte soit sur un « indicator », soit sur un « milestone ».")
    if milestone and milestone not in milestones:
        raise PhaseDefinitionError(f"{where} : jalon inconnu « {milestone} ».")
    bounds = {}
    for key in ("at_least", "at_most"):
        if raw.get(key) is not None:
            if isinstance(raw[key], bool) or not isinstance(raw[key], (int, float)):
                raise PhaseDefinitionError(f"{where} : « {key} » doit être un nombre.")
            bounds[key] = raw[key]
    if milestone and bounds:
        raise PhaseDefinitionError(f"{where} : un jalon n'a pas de seuil.")
    identifier = raw.get("id") or str(indicator or milestone) + "".join(
        f"_{k}_{v}" for k, v in bounds.items())
    label = raw.get("label") or (milestones[milestone].label if milestone else identifier)
    return Criterion(str(identifier), label, indicator, milestone, bounds.get("at_least"),
                     bounds.get("at_most"), bool(raw.get("required", True)),
                     _guides(raw, where))


def _guides(raw: Mapping, where: str) -> tuple[Link, ...]:
    """``guide: {url, label}`` or ``guides: [{url, label}, ...]``, the first being the main one."""
    declared = ([raw["guide"]] if raw.get("guide") is not None else []) + list(raw.get("guides") or [])
    links = []
    for guide in declared:
        if not isinstance(guide, Mapping) or not isinstance(guide.get("url"), str):
            raise PhaseDefinitionError(f"{where} : « guide » attend une « url » et un « label ».")
        links.append(Link(guide["url"], guide.get("label") or guide["url"]))
    return tuple(links)
