"""The « Aperçu » resource view through CKAN: stored copy, faulty cells, paging, filter, access."""
import csv
import html
import http.server
import io
import re
import threading
import tracemalloc

import pytest
from ckan.tests import factories, helpers

from .conftest import example_bytes

SUBVENTIONS = "scdl/subventions"


def _subventions(rows: int, faulty=(), cell=None):
    """The example's rows repeated to ``rows`` data rows; ``faulty`` row numbers get a
    French date, ``cell`` (row number, text) puts a text in the beneficiary's name."""
    table = list(csv.reader(io.StringIO(example_bytes("subventions").decode("utf-8"))))
    header, body = table[0], table[1:]
    date = header.index("dateConvention")
    name = header.index("nomBeneficiaire")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for index in range(rows):
        row = list(body[index % len(body)])
        number = index + 2
        if number in faulty:
            row[date] = "04/10/2013"
        if cell and cell[0] == number:
            row[name] = cell[1]
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _row_numbers(body: str):
    return [int(n) for n in re.findall(r'<th scope="row">(\d+)</th>', body)]


def _view_id(resource_id):
    views = helpers.call_action("resource_view_list", id=resource_id)
    return [v for v in views if v["view_type"] == "odl_apercu"][0]["id"]


@pytest.fixture
def territory_dataset():
    organization = factories.Organization(kind="commune")
    return factories.Dataset(owner_org=organization["id"])


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
class TestPreview:
    def _upload(self, create_with_upload, dataset, data, run_jobs):
        resource = create_with_upload(data, "subventions.csv", package_id=dataset["id"],
                                      schema=SUBVENTIONS, format="CSV")
        run_jobs()
        return resource

    def test_faulty_cells_carry_their_french_message_in_an_accessible_table(
            self, create_with_upload, territory_dataset, run_jobs, app):
        resource = self._upload(create_with_upload, territory_dataset,
                                _subventions(10, faulty={3, 7}), run_jobs)
        page = app.get(f"/dataset/{territory_dataset['name']}/resource/{resource['id']}",
                       params={"view_id": _view_id(resource["id"])})
        body = page.body
        assert "<caption" in body and "Lignes 2 à 11 sur 10 lignes de données" in body
        assert '<th scope="col">Date de la convention de subvention' in body
        assert _row_numbers(body) == list(range(2, 12))
        cells = re.findall(r'<td class="odl-preview__cell--error">(.*?)</td>', body, re.S)
        assert len(cells) == 2
        assert "Erreur :" in cells[0]  # in the text, not only the colour
        assert "n&#39;est pas une date au format AAAA-MM-JJ ; écrivez 2013-10-04" in cells[0]
        assert "2 erreurs sur cette page" in body

    def test_error_filter_shows_only_faulty_rows(
            self, create_with_upload, territory_dataset, run_jobs, app):
        resource = self._upload(create_with_upload, territory_dataset,
                                _subventions(300, faulty={5, 130, 250}), run_jobs)
        url = f"/dataset/{territory_dataset['name']}/resource/{resource['id']}"
        page = app.get(url, params={"view_id": _view_id(resource["id"]), "erreurs": "1"})
        assert _row_numbers(page.body) == [5, 130, 250]
        assert 'name="erreurs" value="1" checked' in page.body
        assert "Lignes suivantes" not in page.body

    def test_paging_through_the_whole_file(
            self, create_with_upload, territory_dataset, run_jobs, app):
        resource = self._upload(create_with_upload, territory_dataset, _subventions(120), run_jobs)
        view_id = _view_id(resource["id"])
        url = f"/dataset/{territory_dataset['name']}/resource/{resource['id']}"
        first = app.get(url, params={"view_id": view_id})
        assert _row_numbers(first.body) == list(range(2, 52))
        next_link = re.search(r'href="([^"]*debut=52[^"]*)"', first.body).group(1)
        second = app.get(html.unescape(next_link))
        assert _row_numbers(second.body) == list(range(52, 102))
        assert "Lignes précédentes" in second.body
        last = app.get(url, params={"view_id": view_id, "debut": "102"})
        assert _row_numbers(last.body) == list(range(102, 122))
        assert "Lignes suivantes" not in last.body
        # the embedded view pages the same way
        embedded = app.get(f"{url}/view/{view_id}", params={"debut": "60"})
        assert _row_numbers(embedded.body)[:2] == [60, 61]
        # nonsense start is the first page, not an error
        assert _row_numbers(app.get(url, params={"view_id": view_id, "debut": "-3x"}).body)[0] == 2

    def test_hostile_cell_text_is_shown_escaped(
            self, create_with_upload, territory_dataset, run_jobs, app):
        hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        resource = self._upload(create_with_upload, territory_dataset,
                                _subventions(3, cell=(3, hostile)), run_jobs)
        page = app.get(f"/dataset/{territory_dataset['name']}/resource/{resource['id']}",
                       params={"view_id": _view_id(resource["id"])})
        assert "<script>alert" not in page.body and "<img src=x" not in page.body
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page.body

    def test_private_dataset_preview_is_refused_to_others(
            self, create_with_upload, run_jobs, app):
        editor = factories.UserWithToken()
        outsider = factories.UserWithToken()
        organization = factories.Organization(
            kind="commune", users=[{"name": editor["name"], "capacity": "editor"}])
        private = factories.Dataset(owner_org=organization["id"], private=True)
        resource = self._upload(create_with_upload, private,
                                _subventions(5, faulty={4}, cell=(3, "Secret de mairie")), run_jobs)
        view_id = _view_id(resource["id"])
        for url in (f"/dataset/{private['name']}/resource/{resource['id']}?view_id={view_id}",
                    f"/dataset/{private['name']}/resource/{resource['id']}/view/{view_id}"):
            for headers in ({}, {"Authorization": outsider["token"]}):
                refused = app.get(url, headers=headers, status=404)
                assert "Secret de mairie" not in refused.body
            assert "Secret de mairie" in app.get(url, headers={"Authorization": editor["token"]}).body

    @pytest.mark.ckan_config("ckan.max_resource_size", 100)
    def test_big_file_is_paged_without_being_loaded(
            self, create_with_upload, territory_dataset, run_jobs, app):
        rows = 130_000
        data = _subventions(rows, faulty={rows - 5})
        assert len(data) > 25 * 1024 * 1024
        resource = self._upload(create_with_upload, territory_dataset, data, run_jobs)
        del data
        assert helpers.call_action("resource_validation_show",
                                   resource_id=resource["id"])["rows_read"] == rows
        url = f"/dataset/{territory_dataset['name']}/resource/{resource['id']}"
        view_id = _view_id(resource["id"])
        app.get(url, params={"view_id": view_id})  # templates compiled, caches filled
        tracemalloc.start()
        try:
            page = app.get(url, params={"view_id": view_id, "debut": str(rows - 30)})
            _size, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert _row_numbers(page.body) == list(range(rows - 30, rows + 2))
        assert "1 erreur sur cette page" in page.body
        assert peak < 8 * 1024 * 1024  # the file is 25 MB+, read as a stream

    def test_a_resource_without_schema_has_no_preview(
            self, create_with_upload, territory_dataset):
        resource = create_with_upload(_subventions(3), "subventions.csv",
                                      package_id=territory_dataset["id"], format="CSV")
        views = helpers.call_action("resource_view_list", id=resource["id"])
        assert "odl_apercu" not in [v["view_type"] for v in views]


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    body = b""
    hits = None

    def do_GET(self):  # noqa: N802
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.mark.usefixtures("with_plugins", "odl_db", "clean_index", "clean_queues")
def test_a_link_is_previewed_from_the_jobs_copy_never_fetched_by_the_page(
        territory_dataset, run_jobs, app):
    hits = []
    handler = type("Handler", (_CountingHandler,), {"body": _subventions(4, faulty={2}),
                                                    "hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        resource = helpers.call_action(
            "resource_create", package_id=territory_dataset["id"], format="CSV",
            url=f"http://127.0.0.2:{server.server_port}/subventions.csv", schema=SUBVENTIONS)
        url = f"/dataset/{territory_dataset['name']}/resource/{resource['id']}"
        params = {"view_id": _view_id(resource["id"])}
        waiting = app.get(url, params=params)
        assert "pas encore été lu par la plateforme" in waiting.body
        assert hits == []
        run_jobs()
        assert len(hits) == 1
        page = app.get(url, params=params)
        assert _row_numbers(page.body) == [2, 3, 4, 5]
        assert "écrivez 2013-10-04" in page.body
        assert len(hits) == 1  # the page read the stored copy
    finally:
        server.shutdown()
