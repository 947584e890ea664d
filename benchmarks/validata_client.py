"""Run Validata from the project's interpreter, in its own virtualenv.

Validata pins Flask 2.1 and cannot be imported next to CKAN, so it runs as a
child process (validata_runner.py under benchmarks/.venv-validata, created by
tool_env.sh validata on first use). ``run_measured`` also serves validation.py to
measure each engine in a child of its own.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from typing import List, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
ENV_SCRIPT = os.path.join(HERE, "tool_env.sh")
RUNNER = os.path.join(HERE, "validata_runner.py")


def validata_python() -> str:
    """The venv's interpreter, creating the venv the first time."""
    done = subprocess.run(["bash", ENV_SCRIPT, "validata"], check=True, capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1]


@dataclass
class ChildRun:
    stdout: str
    wall_seconds: float  # the whole child: interpreter start, imports, work
    peak_rss_kb: int  # that child's ru_maxrss, from os.wait4 on its pid


def run_measured(command: Sequence[str]) -> ChildRun:
    """Run ``command``, return its stdout, wall time and peak RSS.

    os.wait4 gives the rusage of this one child, where RUSAGE_CHILDREN would
    give the largest of all children reaped so far.
    """
    with tempfile.TemporaryFile(mode="w+") as errors:
        started = time.perf_counter()
        child = subprocess.Popen(list(command), stdout=subprocess.PIPE, stderr=errors, text=True)
        out = child.stdout.read()
        child.stdout.close()
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{command[1]} failed ({child.returncode}):\n{errors.read()[-3000:]}")
    return ChildRun(out, wall, usage.ru_maxrss)


@dataclass
class ValidataRun:
    results: List[dict]  # one per job, see validata_runner.py
    child: ChildRun


def run_validata(jobs: List[dict], python: str = None) -> ValidataRun:
    """Validate ``jobs`` ({"csv", "schema"} dicts) in one Validata process."""
    python = python or validata_python()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(jobs, handle)
    try:
        child = run_measured([python, RUNNER, handle.name])
    finally:
        os.unlink(handle.name)
    return ValidataRun(json.loads(child.stdout), child)
