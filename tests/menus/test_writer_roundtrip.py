"""The entry form's file validates against the SCDL schema and reads back the same."""
from datetime import date, datetime, timezone

from ckanext.opendatalocale.menus import reader, sample, writer
from ckanext.opendatalocale.scdl.catalogue import default_catalogue
from ckanext.opendatalocale.scdl.validator import validate_csv

NOW = datetime(2025, 9, 12, 10, tzinfo=timezone.utc)
MONDAY = date(2025, 9, 15)


def week_entry(dishes):
    return writer.WeekEntry(sample.DEMO_SERVICE, sample.DEMO_RESTAURANTS[0], MONDAY, dishes)


DISHES = [
    writer.DishEntry(MONDAY, "entrée", "carottes râpées", siqo=["agriculture biologique"],
                     diets=["végétarien"], allergens=["moutarde"]),
    writer.DishEntry(MONDAY, "plat principal", "sauté de veau", diets=["sans porc "],
                     allergens=["lait", "céréales contenant du gluten"], nutriscore="B", price=1.35),
    writer.DishEntry(MONDAY, "dessert", "pomme", allergens=[]),
    writer.DishEntry(date(2025, 9, 16), "plat principal", 'gratin "maison", sauce', allergens=None),
]


def validate(data: bytes):
    return validate_csv(data, default_catalogue().get("scdl/menus-collectifs"))


def test_written_week_is_valid_and_reads_back():
    data = writer.to_csv(writer.merge([], week_entry(DISHES), now=NOW))
    report = validate(data)
    assert report["valid"], report["errors"]
    assert report["warnings"] == []
    dishes = reader.read_menus(data).dishes
    assert [d.name for d in dishes] == [d.name for d in DISHES]
    veal = dishes[1]
    assert veal.diets == ("sans porc ",)
    assert veal.allergens == {"lait", "céréales contenant du gluten"}
    assert veal.price == 1.35 and veal.nutriscore == "B"
    assert dishes[2].allergen_info == "complete" and dishes[2].allergens == frozenset()
    assert dishes[3].allergen_info == "missing"
    # ["sans porc "] in a CSV cell, quotes doubled; allergens in annex II order
    assert b'"[""sans porc ""]"' in data
    assert '"[""céréales contenant du gluten"",""lait""]"'.encode() in data


def test_editing_a_week_replaces_only_its_rows_and_keeps_publication_date():
    first = writer.merge([], week_entry(DISHES), now=NOW)
    other_restaurant = writer.WeekEntry(sample.DEMO_SERVICE, sample.DEMO_RESTAURANTS[1], MONDAY,
                                        [writer.DishEntry(MONDAY, "dessert", "kiwi", allergens=[])])
    both = writer.merge(first, other_restaurant, now=NOW)
    later = datetime(2025, 9, 14, 9, tzinfo=timezone.utc)
    edited = writer.merge(both, week_entry(DISHES[:1]), now=later)
    names = sorted(r["menuPlatNom"] for r in edited)
    assert names == ["carottes râpées", "kiwi"]
    carrots = next(r for r in edited if r["menuPlatNom"] == "carottes râpées")
    assert carrots["menuPublicationDate"] == "2025-09-12T10:00:00Z"
    assert carrots["menuModificationDate"] == "2025-09-14T09:00:00Z"
    assert validate(writer.to_csv(edited))["valid"]


def test_existing_file_with_extra_columns_keeps_them():
    data = writer.to_csv(writer.merge([], week_entry(DISHES), now=NOW))
    lines = data.decode().splitlines()
    extra = "\n".join([lines[0] + ",remarque"] + [line + ",à vérifier" for line in lines[1:]]) + "\n"
    labels, rows = writer.read_rows(extra.encode())
    merged = writer.merge(rows, week_entry(DISHES[:2]), now=NOW)
    out = writer.to_csv(merged, labels)
    assert out.decode().splitlines()[0].endswith(",remarque")
    assert validate(out)["valid"]


def test_generated_school_year_is_valid():
    data = sample.menu_csv(date(2025, 9, 1), days=20)
    assert validate(data)["valid"]
    assert validate_csv(sample.composition_csv(),
                        default_catalogue().get("scdl/plats-menus-collectifs"))["valid"]
    assert validate_csv(sample.purchases_csv(date(2025, 9, 1)),
                        default_catalogue().get("betagouv/ma-cantine:import-achats-siret"))["valid"]
