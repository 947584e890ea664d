"""Where a territory stands in the programme: pure computation, no CKAN import.

Inputs are the programme (phases.py), the territory's indicator values and its
milestones' review states; the output says, per phase, which criteria hold, the
percentage, and the current phase: the highest phase whose required criteria
hold together with those of every earlier phase.
"""
from __future__ import annotations

import dataclasses
import datetime
from typing import Any, Iterable, Mapping, Sequence

from .phases import Criterion, Phase, Programme

DECLARED, CONFIRMED, REJECTED = "declared", "confirmed", "rejected"
MILESTONE_STATUSES = (DECLARED, CONFIRMED, REJECTED)


@dataclasses.dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    met: bool
    available: bool
    value: Any = None


@dataclasses.dataclass(frozen=True)
class PhaseProgress:
    phase: Phase
    results: tuple[CriterionResult, ...]

    @property
    def met_count(self) -> int:
        return sum(result.met for result in self.results)

    @property
    def percent(self) -> int:
        # A phase without criteria has nothing left to do.
        if not self.results:
            return 100
        return round(100 * self.met_count / len(self.results))

    @property
    def holds(self) -> bool:
        return all(result.met for result in self.results if result.criterion.required)


@dataclasses.dataclass(frozen=True)
class TerritoryProgress:
    phases: tuple[PhaseProgress, ...]

    @property
    def current_phase(self) -> int:
        """0 before phase 1 holds; a gap stops the climb even if later phases hold."""
        current = 0
        for phase_progress in self.phases:
            if not phase_progress.holds:
                break
            current = phase_progress.phase.number
        return current

    @property
    def percent(self) -> int:
        results = [r for p in self.phases for r in p.results]
        return round(100 * sum(r.met for r in results) / len(results)) if results else 100

    @property
    def met_criteria(self) -> tuple[str, ...]:
        return tuple(sorted(r.criterion.id for p in self.phases for r in p.results if r.met))

    def signature(self) -> tuple[int, tuple[str, ...]]:
        """What history records: a new snapshot only when this changes."""
        return self.current_phase, self.met_criteria


def milestone_counts(status: str | None, need_confirmation: bool) -> bool:
    if status == CONFIRMED:
        return True
    return status == DECLARED and not need_confirmation


def evaluate(programme: Programme, indicator_values: Mapping[str, Any],
             milestone_statuses: Mapping[str, str]) -> TerritoryProgress:
    """``indicator_values`` lacks a key when no enabled plugin provides it."""
    phases = []
    for phase in programme.phases:
        results = []
        for criterion in phase.criteria:
            if criterion.indicator:
                available = criterion.indicator in indicator_values
                value = indicator_values.get(criterion.indicator)
                met = available and criterion.holds_for(value)
            else:
                available = True
                value = milestone_statuses.get(criterion.milestone)
                met = milestone_counts(value, programme.milestones_need_confirmation)
            results.append(CriterionResult(criterion, met, available, value))
        phases.append(PhaseProgress(phase, tuple(results)))
    return TerritoryProgress(tuple(phases))


def next_steps(progress: TerritoryProgress, limit: int = 3) -> list[CriterionResult]:
    """The first unmet criteria, nearest phase first and required ones before the
    others; unavailable indicators are left out since no one can act on them."""
    candidates = []
    for order, phase_progress in enumerate(progress.phases):
        for result in phase_progress.results:
            if not result.met and result.available:
                candidates.append((order, not result.criterion.required, result))
    candidates.sort(key=lambda item: (item[0], item[1]))
    return [result for _, _, result in candidates[:limit]]


@dataclasses.dataclass(frozen=True)
class Snapshot:
    recorded_at: datetime.datetime
    current_phase: int


@dataclasses.dataclass(frozen=True)
class PhaseEvent:
    recorded_at: datetime.datetime
    phase_number: int
    reached: bool  # False: the phase was lost (data deleted, milestone rejected)


def phase_events(snapshots: Iterable[Snapshot]) -> list[PhaseEvent]:
    """Each time a phase was reached or lost, oldest first."""
    events, previous = [], 0
    for snapshot in sorted(snapshots, key=lambda s: s.recorded_at):
        current = snapshot.current_phase
        if current > previous:
            events.extend(PhaseEvent(snapshot.recorded_at, n, True)
                          for n in range(previous + 1, current + 1))
        elif current < previous:
            events.extend(PhaseEvent(snapshot.recorded_at, n, False)
                          for n in range(previous, current, -1))
        previous = current
    return events


def reached_on(snapshots: Sequence[Snapshot]) -> dict[int, datetime.datetime]:
    """For each phase held in the latest snapshot, since when it has held."""
    since: dict[int, datetime.datetime] = {}
    for event in phase_events(snapshots):
        if event.reached:
            since[event.phase_number] = event.recorded_at
        else:
            since.pop(event.phase_number, None)
    return since


def funnel(current_phases: Iterable[int], phase_count: int) -> list[int]:
    """How many territories have reached at least phase n, for n = 0..phase_count."""
    at_phase = [0] * (phase_count + 1)
    for current in current_phases:
        at_phase[min(max(current, 0), phase_count)] += 1
    reached, total = [], 0
    for count in reversed(at_phase):
        total += count
        reached.append(total)
    return list(reversed(reached))
