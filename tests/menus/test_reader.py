"""The menu reader: arrays, published enum values, allergen states, composition join."""
from ckanext.opendatalocale.menus import reader, vocabulary
from ckanext.opendatalocale.menus.menu_file import COMPLETE, MISSING, PARTIAL

from .helpers import menu_file, row


def read(*rows, **options):
    return reader.read_menus(menu_file(*rows, **options))


def test_array_fields_written_as_json_lists():
    menus = read(row(menuPlatAllergene='["lait","oeufs"]', menuPlatSiqo='["agriculture biologique"]',
                     menuPlatRegime='["végétarien","sans sel"]'))
    dish = menus.dishes[0]
    assert dish.allergens == {"lait", "oeufs"}
    assert dish.allergen_info == COMPLETE
    assert dish.siqo == ("agriculture biologique",)
    assert dish.diets == ("végétarien", "sans sel")
    assert menus.problems == []


def test_sans_porc_keeps_its_published_trailing_space():
    assert "sans porc " in vocabulary.diets()
    menus = read(row(menuPlatRegime='["sans porc "]'))
    assert menus.dishes[0].diets == ("sans porc ",)
    assert menus.problems == []
    # written without the space, it is understood and the spelling reported
    menus = read(row(menuPlatRegime='["sans porc"]'))
    assert menus.dishes[0].diets == ("sans porc ",)
    assert [p.code for p in menus.problems] == ["enum-spelling"]


def test_empty_cell_means_missing_and_empty_list_means_none():
    menus = read(row(menuPlatAllergene=""), row(menuPlatNom="pomme", menuPlatAllergene="[]"))
    missing, none = menus.dishes
    assert missing.allergen_info == MISSING
    assert none.allergen_info == COMPLETE and none.allergens == frozenset()


def test_unknown_allergen_word_makes_the_information_partial():
    menus = read(row(menuPlatAllergene='["lait","gluten"]'))
    dish = menus.dishes[0]
    assert dish.allergen_info == PARTIAL
    assert dish.allergens == {"lait"}
    assert dish.allergen_unrecognised == ("gluten",)
    assert "gluten" in menus.problems[0].to_dict()["message"]


def test_spreadsheet_spellings_and_loose_lists_are_read_and_reported():
    menus = read(row(menuPlatAllergene="Lait, Œufs", menuDate="15/09/2025"))
    dish = menus.dishes[0]
    assert dish.allergens == {"lait", "oeufs"}
    assert dish.served_on.isoformat() == "2025-09-15"
    codes = {p.code for p in menus.problems}
    assert {"array-format", "enum-spelling", "date-format"} <= codes
    messages = " ".join(p.to_dict()["message"] for p in menus.problems)
    assert "2025-09-15" in messages and "ligne 2" in messages


def test_semicolons_and_cp1252_go_through_the_suite_reader():
    menus = read(row(menuPlatNom="pâté en croûte"), delimiter=";", encoding="cp1252")
    assert menus.dishes[0].name == "pâté en croûte"


def test_missing_column_is_explained_not_raised():
    menus = read(row(), columns=["menuRestaurantNom", "menuPlatNom"])
    assert menus.dishes == []
    problem = menus.problems[0]
    assert problem.code == "missing-column" and problem.blocking
    assert "menuDate" in problem.to_dict()["message"] or "Date" in problem.to_dict()["message"]


def test_binary_file_gets_the_csv_reader_french_message():
    menus = reader.read_menus(b"PK\x03\x04" + b"\x00" * 100)
    assert menus.problems[0].code == "source"
    assert "Excel" in menus.problems[0].to_dict()["message"]


def test_unreadable_date_skips_the_dish_with_a_message():
    menus = read(row(menuDate="lundi"), row(menuPlatNom="pomme"))
    assert [d.name for d in menus.dishes] == ["pomme"]
    assert menus.problems[0].code == "bad-date"


COMPOSITION_COLUMNS = ["platCollNom", "platCollSiret", "platEtablissementNom", "platCode", "platNom",
                       "platProduitNom", "platProduitSiqo", "platProduitAllergene",
                       "platPublicationDate", "platModificationDate"]


def composition(*products) -> bytes:
    from .helpers import menu_file as write

    rows = [dict(zip(["platCode", "platProduitNom", "platProduitSiqo", "platProduitAllergene"], p))
            for p in products]
    return write(*rows, columns=COMPOSITION_COLUMNS)


def test_join_adds_product_allergens_and_labels():
    menus = read(row(menuPlatCode="LAS1", menuPlatNom="lasagnes", menuPlatAllergene='["oeufs"]'))
    by_code, problems = reader.read_composition(composition(
        ("LAS1", "pâtes", "", '["céréales contenant du gluten"]'),
        ("LAS1", "courgettes", '["agriculture biologique"]', "[]")))
    assert problems == []
    assert reader.join_composition(menus.dishes, by_code) == []
    dish = menus.dishes[0]
    assert dish.allergens == {"oeufs", "céréales contenant du gluten"}
    assert dish.allergen_info == COMPLETE
    assert "agriculture biologique" in dish.all_siqo
    assert [p.name for p in dish.products] == ["pâtes", "courgettes"]


def test_join_never_completes_missing_information_from_some_products():
    menus = read(row(menuPlatCode="X", menuPlatAllergene=""))
    by_code, _ = reader.read_composition(composition(("X", "lait", "", '["lait"]'), ("X", "sauce", "", "")))
    reader.join_composition(menus.dishes, by_code)
    dish = menus.dishes[0]
    assert dish.allergen_info == MISSING
    assert dish.allergens == {"lait"}  # still shown: « contient au moins »


def test_unknown_dish_code_is_reported():
    menus = read(row(menuPlatCode="NOPE"))
    problems = reader.join_composition(menus.dishes, {})
    assert [p.code for p in problems] == ["unknown-dish-code"]


def test_junk_in_an_allergen_cell_is_not_read_as_none_of_them():
    # found by the property test: « ; » once read as an empty list, hence "safe"
    for cell in (";", '""', '[""]', " , "):
        dish = read(row(menuPlatAllergene=cell)).dishes[0]
        assert dish.allergen_info == PARTIAL, cell
