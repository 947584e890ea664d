"""The full scan and the incremental check read datasets from PostgreSQL (catalogue_rows):
what the matcher makes of them must be what it makes of package_show's dict, on CKAN
2.11 (extras table) and 2.12 (JSONB extras) alike."""
import io

import pytest
from ckan.tests import factories, helpers

from ckanext.opendatalocale.dedup import catalogue, catalogue_rows

pytestmark = [pytest.mark.usefixtures("with_plugins")]


def _upload(name, body):
    from werkzeug.datastructures import FileStorage

    return FileStorage(io.BytesIO(body), filename=name)


def test_rows_give_the_matcher_what_package_show_gives(app, territories):
    firminy, _, _ = territories
    dataset = factories.Dataset(
        type="scdl-subventions", owner_org=firminy["id"], name="subventions-2024",
        title="Subventions 2024",
        notes="Les subventions versées par la commune en 2024.",
        identifier="https://data.example.org/dataset/subventions-2024",
        tags=[{"name": "subventions"}, {"name": "associations"}],
        temporal_start="2024-01-01", temporal_end="2024-12-31",
        resources=[{"url": "HTTP://Example.org:80/subventions.csv/#haut", "format": "CSV"}])
    helpers.call_action("resource_create", package_id=dataset["id"], format="CSV",
                        upload=_upload("aides.csv", b"a;b\n1;2\n"), url="")
    shown = helpers.call_action("package_show", id=dataset["id"])
    (row,) = catalogue_rows.by_ids([dataset["id"]])

    from_show = catalogue.record_of(shown, 10_000_000)
    from_row = catalogue.record_of(row, 10_000_000)
    assert from_row == from_show
    assert from_row.identifier and from_row.urls and from_row.content_hashes
    assert from_row.tags == ("associations", "subventions")
    assert from_row.schema == "scdl-subventions"
    assert str(from_row.temporal_start).startswith("2024-01-01")
    assert catalogue.fingerprint(from_row) == catalogue.fingerprint(from_show)


def test_pages_read_every_active_dataset_once_private_ones_included(app, territories):
    firminy, roanne, _ = territories
    made = {factories.Dataset(owner_org=owner["id"], private=private)["id"]
            for owner in (firminy, roanne) for private in (False, True) for _ in range(3)}
    gone = factories.Dataset(owner_org=firminy["id"])
    helpers.call_action("package_delete", id=gone["id"])

    pages = list(catalogue_rows.pages(5))
    read = [d["id"] for page in pages for d in page]
    assert sorted(read) == sorted(made) and len(read) == len(set(read))
    assert [len(page) for page in pages] == [5, 5, 2]
    assert catalogue_rows.count() == len(made)
