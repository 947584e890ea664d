"""Small builders shared by the SCDL tests."""
import csv
import io


def to_csv(rows, delimiter=",", encoding="utf-8"):
    """Rows (lists of text) -> CSV bytes."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def read_rows(data: bytes):
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
