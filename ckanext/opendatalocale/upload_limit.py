"""A file bigger than the site accepts is refused in French before CKAN stores
anything. CKAN's own check happens while it copies the file, in English
(« File upload too large »), after the dataset was already updated in the session.
"""
from __future__ import annotations

import io

import ckan.plugins.toolkit as tk
from ckan.lib import uploader
from werkzeug.datastructures import FileStorage

MEGABYTE = 1024 * 1024


def _size(upload: FileStorage) -> int:
    stream = upload.stream
    position = stream.tell()
    size = stream.seek(0, io.SEEK_END)
    stream.seek(position)
    return size


def _megabytes(size: int) -> str:
    shown = f"{size / MEGABYTE:.1f}".replace(".", ",")
    return shown[:-2] if shown.endswith(",0") else shown


def refuse_oversized(resource: dict) -> None:
    """ValidationError on ``upload`` when the uploaded file is over ckan.max_resource_size."""
    upload = resource.get("upload")
    if not isinstance(upload, FileStorage):
        return
    size, limit = _size(upload), uploader.get_max_resource_size()
    if size > limit * MEGABYTE:
        raise tk.ValidationError({"upload": [tk._(
            "Le fichier fait {size} Mo : ce site accepte au plus {limit} Mo par fichier. "
            "Publiez-le en lien (URL) ou demandez à l'administrateur du site de relever la limite."
        ).format(size=_megabytes(size), limit=limit)]})
