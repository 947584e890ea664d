"""Service checks, indicators, EGalim purchase shares, weeks and the iCalendar feed."""
from datetime import date

from ckanext.opendatalocale.menus import checks, ical, indicators, purchases, reader, sample
from ckanext.opendatalocale.menus.week import MenuIndex, parse_week

from .helpers import menu_file, row


def dishes(*rows):
    return reader.read_menus(menu_file(*rows)).dishes


def test_dates_outside_period_unknown_restaurants_and_duplicates():
    menu = dishes(row(), row(menuDate="2026-08-01"), row(menuRestaurantNom="École Inconnue"),
                  row(menuPlatNom="Poulet rôti"))
    found = checks.check_service(menu, start=date(2025, 9, 1), end=date(2026, 7, 4),
                                 restaurants=[{"nom": "École Jules-Ferry"}])
    codes = sorted(p.code for p in found)
    assert codes == ["duplicate-dish", "outside-period", "unknown-restaurant"]
    messages = [p.to_dict()["message"] for p in found]
    assert any("2026-08-01" in m and "hors de la période" in m for m in messages)
    assert any("École Inconnue" in m for m in messages)
    assert any("ligne 2" in m for m in messages if "déjà servi" in m)
    summary = checks.summarise(found)
    assert {g["title"] for g in summary} == {"Dates hors de la période du service",
                                             "Restaurants inconnus du service", "Plats en double"}


def test_restaurant_known_by_identifier():
    menu = dishes(row(menuRestaurantNom="Jules Ferry (cantine)", menuRestaurantId="0421234A"))
    assert checks.unknown_restaurants(menu, [{"nom": "École Jules-Ferry", "identifiant": "0421234A"}]) == []


def test_label_shares_and_vegetarian_meals_are_dish_counts():
    menu = dishes(
        row(menuPlatSiqo='["agriculture biologique"]', menuPlatRegime='["végétarien"]'),
        row(menuPlatType="dessert", menuPlatNom="pomme", menuPlatSiqo='["label rouge"]',
            menuPlatRegime='["végétarien"]'),
        row(menuDate="2025-09-16", menuPlatNom="steak"),
        row(menuDate="2025-09-16", menuPlatNom="omelette", menuPlatRegime='["végétarien"]'),
        row(menuDate="2025-09-16", menuPlatType="entrée", menuPlatNom="salade au thon"),
    )
    weekly = indicators.label_shares(menu, "week")
    assert weekly == [{"period": "2025-W38", "dishes": 5, "organic_dishes": 1, "organic_share": 0.2,
                       "siqo_dishes": 2, "siqo_share": 0.4}]
    vegetarian = indicators.vegetarian_meals(menu)
    # the 16th offers a vegetarian main, but its tuna salad is no vegetarian menu
    assert vegetarian == [{"week": "2025-W38", "restaurant": "École Jules-Ferry", "meals": 2,
                           "vegetarian_meals": 1, "meals_with_vegetarian_option": 2}]
    assert "pas en valeur d'achat" in indicators.measures()["label_shares"]


def test_allergen_frequency_counts_missing_information_apart():
    menu = dishes(row(menuPlatAllergene='["lait"]'), row(menuPlatNom="x", menuPlatAllergene=""))
    frequency = indicators.allergen_frequency(menu)
    assert frequency["dishes_without_allergen_info"] == 1
    milk = next(a for a in frequency["allergens"] if a["allergen"] == "lait")
    assert milk["dishes"] == 1 and milk["share"] == 1.0 and milk["label"] == "Lait"


def test_egalim_shares_are_on_purchase_value():
    rows, problems = purchases.read_purchases(
        b"siret,description,date,prix_ht,famille_produits,categories_egalim\n"
        b"21420218600018,boeuf,2025-09-01,600,VIANDES_VOLAILLES,LABEL_ROUGE\n"
        b"21420218600018,poulet,2025-09-01,400,VIANDES_VOLAILLES,\n"
        b"21420218600018,pommes,2025-09-01,200,FRUITS_ET_LEGUMES,\"BIO, LABEL_ROUGE\"\n"
        b"21420218600018,pain,2025-09-01,800,BOULANGERIE,\n"
        b"21420218600018,erreur,2025-09-01,douze,AUTRES,\n")
    assert [p.code for p in problems] == ["bad-price"]
    shares = purchases.egalim_shares(rows)
    assert shares["basis"] == "purchase_value_ht"
    assert shares["quality_pct"] == 40.0  # (600 + 200) / 2000
    assert shares["organic_pct"] == 10.0  # counted once, as bio
    assert shares["meat_fish_quality_pct"] == 60.0
    assert shares["meets"] == {"quality_pct": False, "organic_pct": False, "meat_fish_quality_pct": True}


def test_week_navigation_and_search():
    menu = reader.read_menus(sample.menu_csv(date(2025, 9, 1), days=15)).dishes
    index = MenuIndex(menu)
    key = index.restaurant_list()[0].key
    week = index.week(key, parse_week("2025-W37"))
    assert [d.served_on.isoformat() for d in week.days][0] == "2025-09-08"
    assert week.previous == date(2025, 9, 1) and week.next == date(2025, 9, 15)
    assert index.default_week(key, date(2025, 8, 20)) == date(2025, 9, 1)
    found = index.search(restaurant_key=key, start=date(2025, 9, 2), end=date(2025, 9, 3))
    assert {d.served_on for d in found} == {date(2025, 9, 2), date(2025, 9, 3)}


def test_ical_feed_is_rfc5545():
    menu = dishes(row(menuPlatAllergene='["lait"]', menuPlatNom="gratin, sauce; crème"),
                  row(menuPlatType="dessert", menuPlatNom="pomme"))
    text = ical.calendar(menu, name="Menus – École", uid_base="abc", url="http://x/menus")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20250915" in text
    assert "gratin\\, sauce\\; crème" in text
    unfolded = text.replace("\r\n ", "")
    assert "allergènes non renseignés" in unfolded and "Lait" in unfolded
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
