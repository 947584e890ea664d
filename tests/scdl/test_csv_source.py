import io

import pytest

from ckanext.opendatalocale.scdl.csv_source import (
    CsvSource,
    CsvSourceError,
    detect_delimiter,
    open_csv,
)


def rows_of(source, **options):
    with open_csv(source, **options) as opened:
        return opened, opened.labels, list(opened.rows())


def test_utf8_comma_rows_numbered_like_a_spreadsheet():
    opened, labels, rows = rows_of(b"a,b\n1,x\n2,y\n")
    assert opened.encoding == "utf-8" and opened.delimiter == ","
    assert labels == ["a", "b"]
    assert rows == [(2, ["1", "x"]), (3, ["2", "y"])]


def test_quoted_multiline_cell_is_one_record():
    _o, _l, rows = rows_of(b'a,b\n1,"x\ny"\n2,z\n')
    assert rows == [(2, ["1", "x\ny"]), (3, ["2", "z"])]


def test_bom_is_detected_and_stripped():
    opened, labels, _rows = rows_of("\ufeffnom,été\nA,B\n".encode("utf-8"))
    assert opened.encoding == "utf-8-sig"
    assert opened.encoding_name == "utf-8 (BOM)"
    assert labels == ["nom", "été"]


def test_cp1252_is_detected_even_far_in_the_file():
    lines = ["nom;montant"] + [f"ligne{i};{i}" for i in range(20000)] + ["Société générale;5"]
    data = "\n".join(lines).encode("cp1252")
    opened, labels, rows = rows_of(data)
    assert opened.encoding == "cp1252"
    assert opened.delimiter == ";"
    assert rows[-1][1] == ["Société générale", "5"]


def test_latin1_when_not_cp1252():
    # 0x81 is undefined in cp1252
    opened, _labels, rows = rows_of(b"a,b\n\x81x,\xe9\n")
    assert opened.encoding == "latin-1"
    assert rows[0][1] == ["\x81x", "é"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(delimiter):
    data = delimiter.join(["a", "b", "c"]) + "\n" + delimiter.join(["1,5", "x;y", "z"]) + "\n"
    data = data.replace("1,5", '"1,5"' if delimiter == "," else "1,5").replace(
        "x;y", '"x;y"' if delimiter == ";" else "x;y")
    opened, labels, rows = rows_of(data.encode())
    assert opened.delimiter == delimiter
    assert labels == ["a", "b", "c"]
    assert len(rows[0][1]) == 3


def test_semicolon_file_with_decimal_commas():
    sample = "a;b;c\n1,5;2,25;x\n3;4,5;y\n"
    assert detect_delimiter(sample) == ";"


def test_single_column_file():
    opened, labels, rows = rows_of(b"nom\nA\nB\n")
    assert labels == ["nom"] and [r[1] for r in rows] == [["A"], ["B"]]


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_empty_file(data):
    with pytest.raises(CsvSourceError) as raised:
        open_csv(data)
    assert raised.value.code == "empty-file"
    assert "vide" in raised.value.message


def test_header_only():
    opened, labels, rows = rows_of(b"a,b\n")
    assert labels == ["a", "b"] and rows == [] and not opened.has_rows
    with pytest.raises(CsvSourceError) as raised:
        open_csv(b"a,b\n").require_rows()
    assert raised.value.code == "header-only"
    assert "en-tête" in raised.value.message


@pytest.mark.parametrize("data, kind", [
    (b"PK\x03\x04\x14\x00\x06\x00rest-of-an-xlsx", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1xls", "xls"),
    (b"%PDF-1.7\n", "pdf"),
    (b"a,b\n1,\x00\x00\x00\n", "nul"),
    (bytes(range(1, 32)) * 10, "control"),
], ids=["xlsx", "xls", "pdf", "nul", "control"])
def test_binary_files(data, kind):
    with pytest.raises(CsvSourceError) as raised:
        open_csv(data)
    assert raised.value.code == "binary-file"
    assert raised.value.params["kind"] == kind
    assert "CSV" in raised.value.message


def test_xlsx_message_names_the_spreadsheet():
    with pytest.raises(CsvSourceError) as raised:
        open_csv(b"PK\x03\x04....")
    assert "Excel" in raised.value.message


def test_utf16_excel_unicode_text():
    data = "a\tb\n1\té\n".encode("utf-16")
    opened, labels, rows = rows_of(data)
    assert opened.encoding == "utf-16" and opened.delimiter == "\t"
    assert labels == ["a", "b"] and rows == [(2, ["1", "é"])]


def test_paths_and_streams(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"a,b\n1,2\n")
    assert rows_of(str(path))[2] == [(2, ["1", "2"])]
    assert rows_of(path)[2] == [(2, ["1", "2"])]

    class Unseekable(io.RawIOBase):
        def __init__(self, data):
            self._data = io.BytesIO(data)

        def readable(self):
            return True

        def seekable(self):
            return False

        def readinto(self, buffer):
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    assert rows_of(Unseekable(b"a,b\n1,2\n"))[2] == [(2, ["1", "2"])]
    with pytest.raises(CsvSourceError) as raised:
        open_csv(str(tmp_path / "absent.csv"))
    assert raised.value.code == "not-found"


def test_caller_stream_is_left_open():
    stream = io.BytesIO(b"a,b\n1,2\n")
    with CsvSource(stream) as opened:
        list(opened.rows())
    assert not stream.closed


def test_leading_blank_line_is_skipped_and_counted():
    opened, labels, rows = rows_of(b"\na,b\n1,2\n")
    assert labels == ["a", "b"] and opened.header_row_number == 2
    assert rows == [(3, ["1", "2"])]


def test_rows_is_a_generator_constant_memory():
    opened = open_csv(b"a\n" + b"x\n" * 1000)
    rows = opened.rows()
    assert iter(rows) is rows
    assert next(rows) == (2, ["x"])
    opened.close()


def test_explicit_encoding_and_delimiter():
    opened, labels, rows = rows_of("a;b\né;1\n".encode("latin-1"), encoding="latin-1", delimiter=";")
    assert labels == ["a", "b"] and rows[0][1] == ["é", "1"]
