"""Validate CSV files with Validata (validata-table), one process for many files.

Runs with the interpreter of ``benchmarks/.venv-validata`` (see
tool_env.sh validata), never with the project's: Validata pins Flask 2.1.

    .venv-validata/bin/python validata_runner.py jobs.json
    .venv-validata/bin/python validata_runner.py < jobs.json

Input: a JSON list of jobs ``{"csv": path, "schema": path}``, read from the
file named on the command line or from stdin. Output (stdout): a JSON list,
one result per job, in order::

    {"csv": path, "valid": bool,
     "errors": [{"type", "row", "field", "cell"}, ...],  # None when absent
     "warnings": [str, ...],
     "seconds": float, "cpu_seconds": float,      # reading + validating
     "exception": str or None}                    # Validata raised

and nothing else, so that callers can ``json.loads`` it (the caller measures
the process's peak memory, see validata_client.py).

Validata is called the way its API and CLI call it: the file is read with
``resource_service.from_file_content`` (extension-based format, UTF-8 then
detected encoding) and checked with ``validation_service.validate_resource``
with ``ignore_header_case=False`` (the API's default).
"""
import json
import sys
import time
import warnings

from validata_core import resource_service, validation_service


def load_schema(path, cache={}):  # noqa: B006 -- a per-process memo is the point
    if path not in cache:
        with open(path, encoding="utf-8") as handle:
            cache[path] = json.load(handle)
    return cache[path]


def error_location(error):
    """Validata's error dict -> {"type", "row", "field", "cell"} (None when absent)."""
    return {
        "type": error.get("type"),
        "row": error.get("rowNumber"),
        "field": error.get("fieldName"),
        "cell": error.get("cell"),
    }


def validate_job(job):
    schema = load_schema(job["schema"])
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        with open(job["csv"], "rb") as handle:
            content = handle.read()
        table = resource_service.from_file_content(job["csv"], content)
        report = validation_service.validate_resource(table, schema, ignore_header_case=False)
    except Exception as exc:  # TypedException for unreadable sources, and the like
        return {"csv": job["csv"], "valid": False, "errors": [], "warnings": [],
                "seconds": time.perf_counter() - started,
                "cpu_seconds": time.process_time() - cpu_started,
                "exception": f"{type(exc).__name__}: {exc}"}
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    data = report.to_dict()
    return {
        "csv": job["csv"],
        "valid": data["valid"],
        "errors": [error_location(e) for e in data["errors"]],
        "warnings": data["warnings"],
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "exception": None,
    }


def main(argv):
    if len(argv) > 1:
        with open(argv[1], encoding="utf-8") as handle:
            jobs = json.load(handle)
    else:
        jobs = json.load(sys.stdin)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = [validate_job(job) for job in jobs]
    json.dump(results, sys.stdout, ensure_ascii=False, default=str)  # typed cells: dates...
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
