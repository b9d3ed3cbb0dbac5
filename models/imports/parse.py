"""Reading an import file: UTF-8, a header of known columns (CSV) or objects of known keys (JSON Lines), every
record well formed. Anything else is one ImportFileError naming the line, raised before a row is used.

Values are kept as text; the rules run later, in SQL. A value holding a character that no column can store (NUL,
a lone surrogate from a JSON escape) is blanked and its column noted, so that the row gets a row error for it.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from typing import Any, TextIO

from segmentum.models.enums import ErrorCode, ImportFormat
from segmentum.models.errors import shown
from segmentum.models.imports.columns import CODE_LISTS, COLUMNS, LIST_SEPARATOR, column_of

STAGED = list(COLUMNS)
_INDEX = {name: i for i, name in enumerate(STAGED)}
_LIST_INDEX = [(_INDEX[c], c) for c in CODE_LISTS]
BOM = "\ufeff"
# Decoding is checked in pieces of this size, so that a large file is never held twice as text.
_PIECE = 1 << 20


class ImportFileError(Exception):
    """The whole file is refused: nothing of it is imported."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class Row:
    """One record: its values in STAGED order (None: not given), the first column whose value had to be blanked,
    and its classification codes as (list column, code)."""

    __slots__ = ("bad_field", "codes", "row_no", "values")

    def __init__(self, row_no: int, values: list[str | None]) -> None:
        self.row_no, self.values = row_no, values
        self.bad_field: str | None = None
        self.codes: list[tuple[str, str]] = []


class Utf8Check:
    """UTF-8 checked piece by piece as a file streams past: UNSUPPORTED_TYPE naming the line of the first byte that
    is not UTF-8; notes whether the file may hold a value no column can store (see rows)."""

    def __init__(self, kind: ImportFormat) -> None:
        self.kind = kind
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.offset = self.lines = 0
        self.hostile = False
        self._tail = b""

    def feed(self, piece: bytes, final: bool = False) -> None:
        # The decoder holds back the first bytes of a character cut by the end of the previous piece.
        held = self.decoder.getstate()[0]
        try:
            self.decoder.decode(piece, final=final)
        except UnicodeDecodeError as exc:
            seen = held + piece
            line = self.lines + seen.count(b"\n", 0, exc.start) + 1
            raise ImportFileError(ErrorCode.UNSUPPORTED_TYPE, f"The file is not UTF-8 text: byte "
                                  f"{self.offset - len(held) + exc.start + 1} (line {line}) is "
                                  f"{seen[exc.start:exc.start + 1]!r}; save it as UTF-8 and send it again.") from exc
        # Values are looked at one by one only when the file may hold such characters at all.
        joined = self._tail + piece
        if b"\x00" in piece or (self.kind == ImportFormat.JSONL and b"\\u" in joined):
            self.hostile = True
        self._tail = piece[-1:]
        self.offset += len(piece)
        self.lines += piece.count(b"\n")


def check_encoding(data: bytes, kind: ImportFormat = ImportFormat.CSV) -> bool:
    """UNSUPPORTED_TYPE naming the line of the first byte that is not UTF-8; whether the file may be hostile."""
    if not data:
        raise ImportFileError(ErrorCode.INVALID, "The file is empty.")
    check = Utf8Check(kind)
    for start in range(0, len(data), _PIECE):
        check.feed(data[start:start + _PIECE], final=start + _PIECE >= len(data))
    return check.hostile


def text_of(data: bytes) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")


def _clean(row: Row, index: int, value: str, hostile: bool) -> str:
    if hostile and ("\x00" in value or not _encodable(value)):
        row.bad_field = row.bad_field or COLUMNS[STAGED[index]]
        return ""
    return value


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _codes(row: Row) -> None:
    values, codes = row.values, row.codes
    for index, column in _LIST_INDEX:
        value = values[index]
        if value:
            if LIST_SEPARATOR not in value:  # (most lists hold one code)
                code = value.strip().upper()
                if code:
                    codes.append((column, code))
                continue
            seen = dict.fromkeys(c.strip().upper() for c in value.split(LIST_SEPARATOR))
            codes.extend((column, code) for code in seen if code)


def header_columns(names: list[str]) -> list[int]:
    """The staged index of each header name; UNKNOWN_FIELD for a name that is no column, INVALID for a repeat."""
    indexes: list[int] = []
    unknown = [n for n in names if column_of(n) is None]
    if unknown:
        raise ImportFileError(ErrorCode.UNKNOWN_FIELD, f"The header names unknown columns: "
                              f"{', '.join(shown(n) for n in unknown[:10])}; the columns are "
                              f"{', '.join(COLUMNS.values())}.")
    for n in names:
        index = _INDEX[column_of(n) or ""]
        if index in indexes:
            raise ImportFileError(ErrorCode.INVALID, f"The header names column {shown(n)} twice.")
        indexes.append(index)
    return indexes


def _csv_rows(text: TextIO, hostile: bool) -> Iterator[Row]:
    reader = csv.reader(text, strict=True)
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise ImportFileError(ErrorCode.INVALID, "The file has no header line naming its columns.")
        indexes = header_columns([h.strip() for h in header])
        width = len(indexes)
        # Staged column -> its position in a record, -1 (the None appended to each record) when not in the file.
        positions = [indexes.index(i) if i in indexes else -1 for i in range(len(STAGED))]
        row_no = 0
        for record in reader:
            if not record:
                continue  # a blank line
            row_no += 1
            if len(record) != width:
                raise ImportFileError(ErrorCode.INVALID, f"Line {reader.line_num} (row {row_no}) has "
                                      f"{len(record)} fields; the header has {width}.")
            record.append(None)  # type: ignore[arg-type]
            row = Row(row_no, [record[p] for p in positions])
            if hostile:
                for index in indexes:  # (in the file's order: bad_field names the first)
                    row.values[index] = _clean(row, index, row.values[index] or "", hostile)
            _codes(row)
            yield row
    except csv.Error as exc:
        raise ImportFileError(ErrorCode.INVALID, f"The file is not valid CSV at line {reader.line_num}: {exc}."
                              ) from exc


def _json_value(value: Any, key: str, line_no: int) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list) and column_of(key) in CODE_LISTS and all(isinstance(v, str) for v in value):
        return LIST_SEPARATOR.join(value)
    raise ImportFileError(ErrorCode.INVALID, f"Line {line_no}: {shown(key)} must be a string, number, boolean or "
                          "null (a classification list: an array of codes).")


def _jsonl_rows(text: TextIO, hostile: bool) -> Iterator[Row]:
    for line_no, line in enumerate(text, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise ImportFileError(ErrorCode.INVALID, f"Line {line_no} is not valid JSON ({exc}).") from exc
        if not isinstance(obj, dict):
            raise ImportFileError(ErrorCode.INVALID, f"Line {line_no} is not a JSON object.")
        unknown = [k for k in obj if column_of(k) is None]
        if unknown:
            raise ImportFileError(ErrorCode.UNKNOWN_FIELD, f"Line {line_no} names unknown columns: "
                                  f"{', '.join(shown(k) for k in unknown[:10])}; the columns are "
                                  f"{', '.join(COLUMNS.values())}.")
        row = Row(line_no, [None] * len(STAGED))
        for key, value in obj.items():
            index = _INDEX[column_of(key) or ""]
            row.values[index] = _clean(row, index, _json_value(value, key, line_no), hostile)
        _codes(row)
        yield row


def rows_of(text: TextIO, kind: ImportFormat, hostile: bool) -> Iterator[Row]:
    """The rows of a text stream checked by Utf8Check; ImportFileError (raised while iterating) when it is not a
    well-formed file of `kind`."""
    return _csv_rows(text, hostile) if kind == ImportFormat.CSV else _jsonl_rows(text, hostile)


def no_rows() -> ImportFileError:
    return ImportFileError(ErrorCode.INVALID, "The file has no rows to import.")


def check_file(data: bytes, kind: ImportFormat) -> int:
    """The number of rows of a well-formed file; ImportFileError otherwise."""
    hostile = check_encoding(data, kind)
    count = sum(1 for _ in rows_of(text_of(data), kind, hostile))
    if count == 0:
        raise no_rows()
    return count
