"""Reuse links checked as text and normalised (pure)."""
import pytest

from ckanext.opendatalocale.engagement import reuse_kinds


def test_udata_types_and_topics():
    assert len(reuse_kinds.TYPES) == 8 and len(reuse_kinds.TOPICS) == 15


@pytest.mark.parametrize("link", [
    "https://www.Example.org/carte/?utm_source=x&b=2&a=1#haut",
    "http://example.org:80/carte?a=1&b=2",
    "HTTPS://example.org/carte",
])
def test_same_reuse_whatever_the_spelling(link):
    expected = "example.org/carte" + ("?a=1&b=2" if "a=1" in link else "")
    assert reuse_kinds.link_key(link) == expected


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://example.org/x", "example.org",
                                  "https://exa mple.org", "https://user:pw@example.org/",
                                  "https://example.org:99999/", "", "https://" + "a" * 2000])
def test_links_refused_as_text(link):
    with pytest.raises(reuse_kinds.LinkRefused):
        reuse_kinds.check_link(link)


def test_moves():
    assert reuse_kinds.check_move("proposee", "publiee") is None
    assert "raison" in reuse_kinds.check_move("proposee", "refusee", "")
    assert reuse_kinds.check_move("publiee", "proposee") is not None
