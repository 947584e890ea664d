"""The inventory's domain rules without CKAN: overdue, sort orders, the dashboard
summary, the CSV rows and the rows the kit will read."""
import datetime

from ckanext.opendatalocale.publishing import inventory

TODAY = datetime.date(2026, 12, 3)


def entry(title, status="a_publier", priority="moyenne", target_date=None, **more):
    return dict(title=title, status=status, priority=priority, target_date=target_date, **more)


def test_overdue_only_for_open_entries_past_their_date():
    assert inventory.is_overdue(entry("a", target_date="2026-12-02"), TODAY)
    assert inventory.is_overdue(entry("a", "en_cours", target_date="2026-01-01"), TODAY)
    assert not inventory.is_overdue(entry("a", target_date="2026-12-03"), TODAY)  # due today
    assert not inventory.is_overdue(entry("a", "publiee", target_date="2020-01-01"), TODAY)
    assert not inventory.is_overdue(entry("a", "abandonnee", target_date="2020-01-01"), TODAY)
    assert not inventory.is_overdue(entry("a"), TODAY)
    assert not inventory.is_overdue(entry("a", target_date="pas une date"), TODAY)


def test_priority_sort_then_target_date_undated_last_then_title():
    entries = [entry("Zonage", "a_publier", "basse", "2026-01-01"),
               entry("bancs", "a_publier", "haute"),
               entry("Arbres", "a_publier", "haute", "2027-05-01"),
               entry("Cantines", "a_publier", "haute", "2027-01-01"),
               entry("Budget", "a_publier", "moyenne")]
    ordered = sorted(entries, key=inventory.sort_key("priorite"))
    assert [e["title"] for e in ordered] == ["Cantines", "Arbres", "bancs", "Budget", "Zonage"]
    by_date = sorted(entries, key=inventory.sort_key("echeance"))
    assert [e["title"] for e in by_date] == ["Zonage", "Cantines", "Arbres", "bancs", "Budget"]
    assert [e["title"] for e in sorted(entries, key=inventory.sort_key("titre"))] == [
        "Arbres", "bancs", "Budget", "Cantines", "Zonage"]


def test_summary_counts_statuses_overdue_and_published_share():
    entries = [entry("a", "a_publier", target_date="2026-01-01"),
               entry("b", "en_cours", target_date="2027-01-01"),
               entry("c", "publiee"), entry("d", "publiee"), entry("e", "abandonnee")]
    summary = inventory.summary(entries, TODAY)
    assert summary["by_status"] == {"a_publier": 1, "en_cours": 1, "publiee": 2,
                                    "abandonnee": 1}
    assert summary["total"] == 5 and summary["overdue"] == 1
    assert summary["published_share"] == 0.5  # abandoned left out: 2 of 4
    assert inventory.summary([], TODAY)["published_share"] is None
    assert inventory.published_share({"abandonnee": 3}) is None


def test_csv_rows_follow_the_columns_with_labels():
    rows = list(inventory.csv_rows([entry(
        "=HYPERLINK(\"http://x\")", "en_cours", "haute", "2026-01-01", owner_service="Urbanisme",
        blocker="donnees_personnelles", blocker_detail="noms des demandeurs",
        schema_id="scdl/subventions", dataset_name=None, created="2026-11-01T10:00:00",
        updated="2026-11-02T10:00:00")], TODAY))
    assert len(rows) == 1 and len(rows[0]) == len(inventory.CSV_COLUMNS)
    row = dict(zip(inventory.CSV_COLUMNS, rows[0]))
    assert row["priorite"] == "Haute" and row["statut"] == "En cours"
    assert row["frein"] == "Données personnelles" and row["en_retard"] == "oui"
    assert row["cree_le"] == "2026-11-01" and row["schema_scdl"] == "scdl/subventions"
    # Neutralising formulas is the CSV writer's job (csv_cells), tested with the page.
    assert row["titre"].startswith("=")


def test_kit_rows_leave_abandoned_and_private_notes_out_published_first():
    entries = [entry("Arbres", "a_publier", "basse", "2026-01-01", description="interne",
                     blocker="autre", blocker_detail="le DGS hésite", created_by="u1"),
               entry("Subventions", "publiee", "moyenne", schema_id="scdl/subventions",
                     dataset_name="subventions-2025"),
               entry("Vieux fichier", "abandonnee"),
               entry("Cantines", "en_cours", "haute", "2027-01-01")]
    rows = inventory.kit_rows(entries, TODAY, {"scdl/subventions": "Subventions"})
    assert [r["title"] for r in rows] == ["Subventions", "Cantines", "Arbres"]
    assert rows[0]["schema_title"] == "Subventions"
    assert rows[0]["dataset_name"] == "subventions-2025"
    assert rows[2]["overdue"] is True and rows[2]["blocker_label"] == "Autre"
    assert rows[1]["status_label"] == "En cours" and rows[1]["priority_label"] == "Haute"
    for row in rows:
        assert "description" not in row and "blocker_detail" not in row
        assert "le DGS hésite" not in row.values() and "u1" not in row.values()
