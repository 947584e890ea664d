"""Bad files get a clear French verdict through CKAN, and the resource is always kept."""
import pytest
from ckan.tests import helpers, factories

from .conftest import example_bytes

SUBVENTIONS = "scdl/subventions"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def _as_cp1252_with_semicolons() -> bytes:
    text = example_bytes("subventions").decode("utf-8")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("cp1252")


def _without_column(name: str) -> bytes:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(example_bytes("subventions").decode("utf-8"))))
    index = rows[0].index(name)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([r[:index] + r[index + 1:] for r in rows])
    return out.getvalue().encode("utf-8")


CASES = [
    ("empty", b"", "failure", "vide"),
    ("binary", PNG, "failure", "image"),
    # valid, as on Validata, with a warning (ckanext.opendatalocale.validation.require_rows refuses it)
    ("header-only", example_bytes("subventions").splitlines()[0] + b"\n", "success",
     "aucune ligne de données"),
    ("cp1252 and semicolons", _as_cp1252_with_semicolons(), "success", "encodé en cp1252"),
    ("missing required column", _without_column("dateConvention"), "failure", "Date de la convention"),
]


@pytest.fixture
def dataset():
    return factories.Dataset(owner_org=factories.Organization(kind="commune")["id"])


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
@pytest.mark.parametrize("label, content, status, words", CASES, ids=[c[0] for c in CASES])
def test_bad_upload_gets_a_verdict_and_a_french_explanation(
        label, content, status, words, dataset, create_with_upload, run_jobs, app):
    resource = create_with_upload(content, "fichier.csv", package_id=dataset["id"],
                                  schema=SUBVENTIONS)
    run_jobs()
    shown = helpers.call_action("resource_show", id=resource["id"])
    assert shown["validation_status"] == status
    assert shown["url_type"] == "upload"
    page = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}/validation")
    assert words.lower() in page.body.lower(), page.body[-3000:]


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
def test_a_50_mb_linked_file_is_validated_in_the_background(dataset, csv_server, run_jobs):
    header, *rows = example_bytes("subventions").splitlines(keepends=True)
    body = bytearray(header)
    count = 0
    while len(body) < 50 * 1024 * 1024:
        body += rows[count % len(rows)]
        count += 1
    url = csv_server(bytes(body))
    resource = helpers.call_action("resource_create", package_id=dataset["id"], url=url,
                                   schema=SUBVENTIONS)
    run_jobs()
    validation = helpers.call_action("resource_validation_show", resource_id=resource["id"])
    assert validation["status"] == "success"
    assert validation["rows_read"] == count
