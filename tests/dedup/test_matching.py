"""Duplicate signals and clusters, without CKAN."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ckanext.opendatalocale.dedup.clusters import cluster_id, group_pairs
from ckanext.opendatalocale.dedup.identifiers import normalise_identifier
from ckanext.opendatalocale.dedup.matching import DatasetRecord, find_pairs
from ckanext.opendatalocale.dedup.urls import normalise_url


@pytest.mark.parametrize("a, b", [
    ("HTTP://Data.Example.ORG:80/a/b/?utm_source=x&k=1#top", "https://data.example.org:443/a/b?k=1"),
    ("https://example.org/f.csv?b=2&a=1&fbclid=zz", "https://example.org/f.csv?a=1&b=2"),
    ("https://example.org", "https://example.org/"),
    ("https://example.org./x", "https://example.org/x"),
])
def test_links_that_are_the_same_file_share_a_key(a, b):
    assert normalise_url(a) == normalise_url(b) is not None


@pytest.mark.parametrize("a, b", [
    ("https://example.org/a.csv", "https://example.org/b.csv"),
    ("https://example.org/f.csv?annee=2023", "https://example.org/f.csv?annee=2024"),
    ("https://example.org:8443/a", "https://example.org/a"),
    ("https://example.org/A", "https://example.org/a"),  # paths are case-sensitive
])
def test_different_files_keep_different_keys(a, b):
    assert normalise_url(a) != normalise_url(b)


@pytest.mark.parametrize("url", [None, "", "fichier.csv", "javascript:alert(1)", "mailto:a@b.fr",
                                 "http://[::1", "https:///nohost"])
def test_non_web_links_have_no_key(url):
    assert normalise_url(url) is None


def test_identifiers_fold_case_spaces_and_uri_form_but_not_placeholders():
    assert normalise_identifier(" ABC-12 ") == normalise_identifier("abc-12")
    assert normalise_identifier("https://Data.Region.fr/ds/1/") == \
        normalise_identifier("https://data.region.fr/ds/1")
    for placeholder in ["TODO", "A REMPLIR", " ", None, "n/a"]:
        assert normalise_identifier(placeholder) is None


def _record(id, **fields):
    fields.setdefault("owner_org", "commune")
    return DatasetRecord(id=id, **fields)


def _pairs(records):
    return {pair.datasets: pair for pair in find_pairs(records)}


def test_each_exact_signal_pairs_datasets_and_says_why():
    records = [
        _record("a", title="Budget", identifier="id:x"),
        _record("b", title="Autre chose", identifier="id:x", owner_org="region"),
        _record("c", title="Arbres", urls=("//example.org/arbres.csv",)),
        _record("d", title="Patrimoine arboré", urls=("//example.org/arbres.csv",), owner_org="epci"),
        _record("e", title="Écoles", content_hashes=("f" * 64,)),
        _record("f", title="Établissements scolaires", content_hashes=("f" * 64,)),
    ]
    pairs = _pairs(records)
    assert set(pairs) == {("a", "b"), ("c", "d"), ("e", "f")}
    assert [r.code for r in pairs[("a", "b")].reasons] == ["identifier"]
    assert pairs[("a", "b")].score == 1.0
    assert [r.code for r in pairs[("c", "d")].reasons] == ["url"]
    assert [r.code for r in pairs[("e", "f")].reasons] == ["content"]


def test_several_signals_on_one_pair_are_all_listed():
    records = [_record("a", title="Subventions", identifier="id:s", urls=("//x.fr/s.csv",)),
               _record("b", title="Subventions", identifier="id:s", urls=("//x.fr/s.csv",))]
    (pair,) = find_pairs(records)
    assert {r.code for r in pair.reasons} >= {"identifier", "url"}
    assert pair.score == 1.0


NOTES = "Liste des subventions versées par la commune aux associations, montant et objet."


def test_near_identical_title_and_description_in_one_territory_match():
    records = [
        _record("a", title="Subventions versées aux associations 2024", notes=NOTES,
                tags=("subventions",)),
        _record("b", title="Subventions versees aux associations (2024)", notes=NOTES + " ",
                tags=("subventions",)),
    ]
    (pair,) = find_pairs(records)
    assert pair.reasons[0].code == "text" and pair.score >= 0.9


@pytest.mark.parametrize("b_fields", [
    # the same schema's dataset for another territory
    {"owner_org": "commune-voisine"},
    # the same territory, another year
    {"title": "Subventions versées aux associations 2023"},
    # the same territory, periods that do not overlap
    {"temporal_start": "2022-01-01", "temporal_end": "2022-12-31"},
])
def test_look_alikes_stay_apart(b_fields):
    a = _record("a", title="Subventions versées aux associations 2024", notes=NOTES,
                temporal_start="2024-01-01", temporal_end="2024-12-31")
    fields = {"title": a.title, "notes": NOTES, "temporal_start": "2024-01-01",
              "temporal_end": "2024-12-31", **b_fields}
    assert find_pairs([a, _record("b", **fields)]) == []


def test_a_platform_boilerplate_description_does_not_make_datasets_alike():
    boilerplate = "Données publiées par la collectivité sur son portail open data. Licence Ouverte."
    records = [_record(str(i), title=title, notes=boilerplate) for i, title in enumerate(
        ["Parkings vélos", "Parkings voitures", "Parkings publics", "Toilettes publiques"])]
    assert find_pairs(records) == []


def test_pairs_group_into_clusters_and_a_copied_dataset_is_one_cluster():
    records = [_record("orig", title="Arbres", identifier="id:t")] + [
        _record(f"copy{i}", title="Arbres", identifier="id:t", owner_org=f"o{i}") for i in range(3)
    ] + [_record("x", urls=("//a.fr/b",)), _record("y", urls=("//a.fr/b",))]
    clusters = group_pairs(find_pairs(records))
    assert [sorted(c.dataset_ids) for c in clusters] == [
        ["copy0", "copy1", "copy2", "orig"], ["x", "y"]]
    assert len(clusters[0].pairs) == 6
    assert clusters[0].id == cluster_id(["orig", "copy2", "copy1", "copy0"])
    assert cluster_id(["a", "b"]) != cluster_id(["a", "b", "c"])


def _library_reading(url):
    """normalise_url as first written, on SplitResult's own hostname and port: the
    scan's faster reading of the netloc must give the same keys."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    from ckanext.opendatalocale.dedup import urls
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").rstrip(".")
    if scheme not in urls.DEFAULT_PORTS or not host:
        return None
    netloc = host if port in (None, urls.DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = sorted((n, v) for n, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not urls._is_tracking(n))
    return f"//{netloc}{path}" + (f"?{urlencode(query)}" if query else "")


_URL_PIECES = st.sampled_from(
    list("aB:/@[]?#&=.%-_09xZ") + ["http", "HTTPS", "ftp", "://", ":80", ":443", ":0",
                                    ":99999", "utm_x=1", "é", "١", "[::1]", "user:pw@"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_URL_PIECES, max_size=14).map("".join))
def test_the_netloc_read_once_gives_the_librarys_keys(text):
    for url in (text, "http://" + text, "https://" + text):
        assert normalise_url(url) == _library_reading(url), url
