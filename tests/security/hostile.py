"""Hostile values for the fuzz tests: what an attacker, a broken client or a
spreadsheet sends where the suite expects a name, a date, a number or a list.

Pure module (hypothesis strategies and small helpers, no CKAN import), so the
strategies can be read and tried on their own.
"""
from __future__ import annotations

import math
from urllib.parse import quote

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

# Deterministic in CI (same examples on every run), no example database written
# into the repository, no per-example deadline (a page may take a second on a
# loaded machine without being wrong), and no shrinking: each example is a few
# HTTP requests, and the failing example is reported as it was sent.
FUZZ = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate], report_multiple_bugs=False,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

XSS = '"><script>alert(1)</script><img src=x onerror=alert(1)>'

# Strings that broke or could break a parser somewhere: dates and weeks at the
# ends of time, numbers Python reads and PostgreSQL or JSON does not, control
# characters, markup, formulas, paths, and sizes far past any field's purpose.
HOSTILE_STRINGS = [
    "", " ", "\x00", "a\x00b", "\r", "\r\n", "\t", "\x1b[31m", "\x7f", "\u2028", "\u202e",
    "\ufeff", "é", "Saint-Étienne", "🍕", "ﬁ", "İ", "ß" * 3,
    "9999-W52", "0001-W01", "2025-W00", "2025-W54", "2025-W", "-W", "W", "2025-W38-W1",
    "9999-12-31", "0001-01-01", "0000-00-00", "2025-02-30", "2025-13-01", "20250915",
    "2025-09-15T25:61:61", "1899-12-31", "2201-01-01",
    "-1", "0", "1", "-0", "nan", "NaN", "inf", "-inf", "Infinity", "1e309", "-1e309",
    "99999999999999999999999", "9" * 5000, "0x1F", "1_000", "١٢٣", "１２", "1,5", "1.5",
    "true", "false", "null", "None", "[]", "{}", "[1, 2]", '{"a": 1}',
    XSS, "<b>gras</b>", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "=HYPERLINK(\"http://example.invalid\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)",
    "../../etc/passwd", "..", "/", "\\", "%00", "%", "%zz", "{{7*7}}", "${7*7}", "' OR 1=1 --",
    "scdl/subventions", "scdl/../../etc", "scdl/subventions@9.9.9", "http://127.0.0.1:8983/solr",
    "file:///etc/passwd", "commune", "departement", "desc", "asc", "oeufs", "végétarien",
    "A" * 100_000, "é" * 30_000, "\x00" * 64, "\u0301" * 5000,
]

# Text JSON can carry but a URL cannot: lone surrogates, which only JSON escapes.
_ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=()), max_size=120)
_URL_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)

scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(), st.sampled_from([-1, 0, 2 ** 31, 2 ** 63, 2 ** 64 + 1, -(2 ** 63) - 1, 10 ** 30]),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -0.0, 0.1]), st.floats(),
)


def json_values(valid: list | tuple = ()) -> st.SearchStrategy:
    """Anything a JSON body may hold where one parameter is expected: a valid
    value now and then so the action gets past its first check, else hostile."""
    leaves = st.one_of(st.sampled_from(HOSTILE_STRINGS), _ANY_TEXT, scalars,
                       *([st.sampled_from(list(valid))] * 3 if valid else []))
    return st.recursive(leaves, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
        max_leaves=8)


def url_values(valid: list | tuple = ()) -> st.SearchStrategy:
    """A query-string or form value: text only, often valid, often hostile."""
    return st.one_of(st.sampled_from(HOSTILE_STRINGS), _URL_TEXT,
                     *([st.sampled_from(list(valid))] * 3 if valid else []))


def raw_query_value() -> st.SearchStrategy:
    """Percent-encodings no browser sends: bytes that are not UTF-8."""
    return st.sampled_from(["%FF%FE", "%C3", "%ED%A0%80", "%00", "%E2%80", "%25", "%2F..%2F"])


def quoted(value: str) -> str:
    return quote(value.encode("utf-8"), safe="")


TRACEBACK_SIGNS = ("Traceback (most recent call last)", 'File "/', "site-packages/")


def server_error(caplog) -> str:
    """The traceback CKAN logged for a 500 (the API answers one without it)."""
    if caplog is None:
        return ""
    for record in reversed(caplog.records):
        if record.exc_info:
            import traceback
            return "".join(traceback.format_exception(*record.exc_info)[-8:])
    return ""


def described_failure(error: BaseException) -> str:
    """An assertion's message, or the end of an unexpected exception's traceback."""
    if isinstance(error, AssertionError):
        return str(error)
    import traceback
    return "".join(traceback.format_exception(error)[-6:])


def assert_no_crash(response, what: str, caplog=None) -> None:
    """No 500 and no Python traceback shown, whatever the answer is (a PDF or another
    binary answer is read as text with its undecodable bytes replaced)."""
    body = response.get_data().decode("utf-8", "replace")
    assert response.status_code < 500, (f"{what}: {response.status_code}\n{body[-3000:]}\n"
                                        f"{server_error(caplog)}")
    for sign in TRACEBACK_SIGNS:
        assert sign not in body, f"{what}: traceback text in the answer\n{body[-3000:]}"


def assert_escaped(body: str) -> None:
    """The XSS payload, wherever the page shows it, is text and never markup."""
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x onerror" not in body


def shows_escaped(body: str) -> bool:
    """The payload is on the page, escaped (so the escaping test is not vacuous)."""
    return "&lt;script&gt;alert(1)&lt;/script&gt;" in body
