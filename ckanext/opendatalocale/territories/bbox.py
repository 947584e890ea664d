"""A territory's bounding box, entered by its administrator: parsed, checked, stored.

The referential package has no geometry and no pinned offline source of commune
footprints was found in the registries here (see README, Fédération), so a territory's
coverage is the rectangle its admin enters: west, south, east, north in decimal degrees
(WGS 84, longitude first, the order of GeoJSON and of the "W,S,E,N" literal udata reads).
Stored as that normalised text; the DCAT profile turns it into a polygon.

Pure module: no CKAN import; messages are French source strings for the suite's gettext.
"""
from __future__ import annotations

import math
import re
from typing import Optional, Tuple

from ..scdl.i18n import translate as _

BBox = Tuple[float, float, float, float]

_EXAMPLE = "4.2518, 45.3669, 4.3377, 45.4058"
# Numbers separated by commas (decimal points), or by semicolons or spaces, where a French
# decimal comma is accepted too: "4,25 ; 45,36 ; 4,33 ; 45,40".
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


class BBoxError(ValueError):
    """str() is a French sentence naming what is wrong."""


def _parts(text: str):
    if ";" in text:
        return [part.strip().replace(",", ".") for part in text.split(";")]
    words = text.split()
    if len(words) == 4 and not any(word.endswith(",") for word in words):
        return [word.replace(",", ".") for word in words]
    return [part.strip() for part in text.split(",")]


def parse(value) -> Optional[BBox]:
    """(west, south, east, north) of the text an admin typed, None when empty.

    Raises BBoxError with a French sentence when it is not a box of the Earth."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        parts = [str(part).strip() for part in value]
    else:
        text = str(value).strip()
        if not text:
            return None
        if len(text) > 200:
            raise BBoxError(_("L'emprise est trop longue : 4 nombres sont attendus."))
        parts = _parts(text)
    if len(parts) != 4 or not all(_NUMBER.match(part) for part in parts):
        raise BBoxError(_(
            "L'emprise s'écrit avec 4 nombres séparés par des virgules : ouest, sud, est, nord "
            "(longitudes et latitudes en degrés décimaux, WGS 84), par exemple « {example} »."
        ).format(example=_EXAMPLE))
    west, south, east, north = (float(part) for part in parts)
    if not all(math.isfinite(number) for number in (west, south, east, north)):
        raise BBoxError(_("L'emprise contient un nombre invalide."))
    for name, longitude in ((_("ouest"), west), (_("est"), east)):
        if not -180 <= longitude <= 180:
            raise BBoxError(_(
                "La longitude {side} ({value}) doit être comprise entre -180 et 180 degrés."
            ).format(side=name, value=_number(longitude)))
    for name, latitude in ((_("sud"), south), (_("nord"), north)):
        if not -90 <= latitude <= 90:
            raise BBoxError(_(
                "La latitude {side} ({value}) doit être comprise entre -90 et 90 degrés."
            ).format(side=name, value=_number(latitude)))
    if not west < east:
        raise BBoxError(_(
            "L'ouest ({west}) doit être plus petit que l'est ({east}) : "
            "l'ordre est ouest, sud, est, nord."
        ).format(west=_number(west), east=_number(east)))
    if not south < north:
        raise BBoxError(_(
            "Le sud ({south}) doit être plus petit que le nord ({north}) : "
            "l'ordre est ouest, sud, est, nord."
        ).format(south=_number(south), north=_number(north)))
    return west, south, east, north


def _number(value: float) -> str:
    # Shortest text that reads back to the same float, without an exponent.
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = format(value, ".10f").rstrip("0").rstrip(".")
    return text[:-2] if text.endswith(".0") else text


def normalise(value) -> Optional[str]:
    """The stored form "W,S,E,N" (dots for decimals), None when empty."""
    box = parse(value)
    return None if box is None else ",".join(_number(part) for part in box)


def wkt_polygon(box: BBox) -> str:
    """The box as a WKT polygon, the ring in the order udata builds from a bbox
    (south-west, south-east, north-east, north-west, closed)."""
    west, south, east, north = (_number(part) for part in box)
    ring = [(west, south), (east, south), (east, north), (west, north), (west, south)]
    return "POLYGON(({0}))".format(", ".join(f"{x} {y}" for x, y in ring))
