"""The pure domain modules of scdl/ must stay importable without CKAN.

(scdl/ also holds the CKAN wiring -- model, views, logic/ -- which is not
concerned.)
"""
import ast
import os

import ckanext.opendatalocale.scdl as scdl

PURE_MODULES = ["__init__", "i18n", "i18n_en", "identifiers", "csv_source", "catalogue", "cells",
                "custom_checks", "validator", "messages", "templates"]


def test_no_ckan_import_in_pure_modules():
    offenders = []
    for module in PURE_MODULES:
        path = os.path.join(os.path.dirname(scdl.__file__), module + ".py")
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                if name == "ckan" or name.startswith("ckan.") or name.startswith("ckanext"):
                    offenders.append((os.path.basename(path), name))
    assert offenders == []


def test_bundled_data_is_a_verbatim_copy():
    import hashlib
    import json

    data_dir = os.path.join(os.path.dirname(scdl.__file__), "data")
    with open(os.path.join(data_dir, "MANIFEST.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)
    for entry in manifest["schemas"]:
        for item in entry["files"]:
            with open(os.path.join(data_dir, item["path"]), "rb") as handle:
                assert hashlib.sha256(handle.read()).hexdigest() == item["sha256"], item["path"]
    for item in manifest["reference"]:
        assert os.path.exists(os.path.join(data_dir, item["path"]))
