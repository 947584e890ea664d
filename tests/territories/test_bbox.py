"""A territory's bounding box as its admin types it: parsed, checked in French, stored."""
import pytest

from ckanext.opendatalocale.territories import bbox


@pytest.mark.parametrize("typed,stored", [
    ("4.2518, 45.3669, 4.3377, 45.4058", "4.2518,45.3669,4.3377,45.4058"),
    ("4.2518,45.3669,4.3377,45.4058", "4.2518,45.3669,4.3377,45.4058"),
    ("4,25 ; 45,36 ; 4,33 ; 45,40", "4.25,45.36,4.33,45.4"),   # French decimal commas
    ("4,25 45,36 4,33 45,40", "4.25,45.36,4.33,45.4"),
    ("-61.81 14.38 -60.8 14.88", "-61.81,14.38,-60.8,14.88"),   # Martinique
    (["4", "45", "5", "46"], "4,45,5,46"),
    ("-180, -90, 180, 90", "-180,-90,180,90"),
])
def test_accepted_forms_are_stored_west_south_east_north(typed, stored):
    assert bbox.normalise(typed) == stored


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_is_no_box(empty):
    assert bbox.normalise(empty) is None


@pytest.mark.parametrize("typed,words", [
    ("4.25, 45.36, 4.33", "4 nombres"),
    ("4.25, 45.36, 4.33, 45.40, 3", "4 nombres"),
    ("ouest, sud, est, nord", "4 nombres"),
    ("nan, 45, 5, 46", "4 nombres"),
    ("inf, 45, 5, 46", "4 nombres"),
    ("1e2, 45, 5, 46", "4 nombres"),
    ("4.25, 45.36, 181, 45.40", "longitude est (181) doit être comprise entre -180 et 180"),
    ("-180.5, 45.36, 4, 45.40", "longitude ouest (-180.5)"),
    ("4, 91, 5, 92", "latitude sud (91) doit être comprise entre -90 et 90"),
    ("4, 45, 5, -90.1", "latitude nord (-90.1)"),
    ("5, 45, 4, 46", "L'ouest (5) doit être plus petit que l'est (4)"),
    ("4, 45, 4, 46", "L'ouest (4) doit être plus petit que l'est (4)"),
    ("4, 46, 5, 45", "Le sud (46) doit être plus petit que le nord (45)"),
    ("4" * 300, "trop longue"),
])
def test_refusals_say_in_french_what_is_wrong(typed, words):
    with pytest.raises(bbox.BBoxError) as refused:
        bbox.parse(typed)
    assert words in str(refused.value)


def test_wkt_ring_is_the_one_udata_builds_from_a_bbox():
    # udata's bbox_to_geojson_multipolygon: SW, SE, NE, NW, SW.
    assert bbox.wkt_polygon(bbox.parse("4.25,45.36,4.33,45.4")) == (
        "POLYGON((4.25 45.36, 4.33 45.36, 4.33 45.4, 4.25 45.4, 4.25 45.36))")
