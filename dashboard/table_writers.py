"""Incremental writers: a table arrives in chunks of rows and leaves as bytes, chunk by chunk.

A download of a million-row view must not hold the whole file (or the whole frame) in memory,
so each format is written by an object with ``write(frame) -> bytes`` (what can be sent now) and
``finish() -> bytes`` (the rest: a Parquet footer, the end of a zip). Text a spreadsheet would
evaluate (cells beginning ``=``, ``+``, ``-``, ``@``, tab or CR) is quoted in CSV and Excel, the
formats spreadsheets open, exactly as :func:`leaderboard.store.escape_formulas` does.

Excel files are written here rather than by openpyxl: openpyxl keeps every cell of a workbook as
a Python object (gigabytes for a million rows) and writes tens of thousands of cells a second;
an .xlsx is a zip of XML, and the XML of a chunk is built column-wise by Arrow in milliseconds.
"""
from __future__ import annotations

import zipfile
from typing import Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from leaderboard.store import FORMULA_LEADS

#: rows an Excel sheet holds below its header row
EXCEL_MAX_ROWS = 1_048_575
#: characters an Excel cell holds
EXCEL_MAX_CELL_CHARS = 32_767
MIMETYPES = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class _Drain:
    """A write-only file object whose contents are taken out as they are written (Parquet and
    zip writers write into it; the download sends what :meth:`take` returns)."""

    def __init__(self):
        self._parts: list[bytes] = []
        self._written = 0
        self.closed = False

    def write(self, data) -> int:
        data = bytes(data)
        self._parts.append(data)
        self._written += len(data)
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def take(self) -> bytes:
        out = b"".join(self._parts)
        self._parts.clear()
        return out


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """A chunk of rows as an Arrow table (Categorical text decoded to plain strings; pandas'
    dtypes kept in the metadata, so a Parquet download reads back with the table's dtypes)."""
    plain = {name: frame[name].astype("string") if isinstance(frame[name].dtype, pd.CategoricalDtype)
             else frame[name] for name in frame.columns}
    table = pa.Table.from_pandas(pd.DataFrame(plain, index=frame.index, copy=False), preserve_index=False)
    large = [i for i, t in enumerate(table.schema.types) if pa.types.is_large_string(t)]
    for i in large:
        table = table.set_column(i, table.field(i).name, pc.cast(table.column(i), pa.string()))
    return table


def escape_text(values: pa.Array) -> pa.Array:
    """Quote cells a spreadsheet would evaluate (the rule of store.escape_formulas, in Arrow)."""
    return pc.if_else(pc.match_substring_regex(values, _FORMULA_LEAD),
                      pc.binary_join_element_wise("'", values, ""), values)


class CsvWriter:
    """CSV with a header row, formula-leading cells quoted (Arrow's writer: an order of
    magnitude faster than pandas' on a million rows)."""

    def __init__(self):
        self._header = True

    def write(self, frame: pd.DataFrame) -> bytes:
        table = to_arrow(frame)
        table = pa.table({name: escape_text(col) if pa.types.is_string(col.type) else col
                          for name, col in zip(table.column_names, table.columns)})
        sink = pa.BufferOutputStream()
        pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=self._header, quoting_style="needed"))
        self._header = False
        return sink.getvalue().to_pybytes()

    def finish(self) -> bytes:
        return b""


class ParquetWriter:
    """One Parquet row group per chunk; the schema is the first chunk's."""

    def __init__(self):
        self._sink = _Drain()
        self._writer: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = None

    def write(self, frame: pd.DataFrame) -> bytes:
        table = to_arrow(frame)
        if self._writer is None:
            self._schema = table.schema
            self._writer = pq.ParquetWriter(self._sink, self._schema)
        else:
            table = table.cast(self._schema)
        if table.num_rows:
            self._writer.write_table(table)
        return self._sink.take()

    def finish(self) -> bytes:
        if self._writer is not None:
            self._writer.close()
        return self._sink.take()


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XLSX_PARTS = {
    "[Content_Types].xml":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '</Types>',
    "_rels/.rels":
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml":
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_NS}" xmlns:r="{_REL}">'
        '<sheets><sheet name="leaderboard" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}
#: characters XML 1.0 cannot hold (control characters other than tab, LF, CR)
_XML_ILLEGAL = r"[\x00-\x08\x0B\x0C\x0E-\x1F]"
_FORMULA_LEAD = "^[" + "".join("\\" + c if c in "-+" else c for c in FORMULA_LEADS) + "]"


def _text_cells(values: pa.Array) -> pa.Array:
    values = pc.cast(values, pa.string())
    values = escape_text(pc.replace_substring_regex(values, _XML_ILLEGAL, ""))
    values = pc.utf8_slice_codeunits(values, 0, EXCEL_MAX_CELL_CHARS)
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;")):
        values = pc.replace_substring(values, raw, escaped)
    cells = pc.binary_join_element_wise('<c t="inlineStr"><is><t xml:space="preserve">', values,
                                        "</t></is></c>", "")
    return pc.fill_null(cells, "<c/>")


def _column_cells(values: pa.Array) -> pa.Array:
    """One XML cell per row of a column (empty ``<c/>`` for a missing value)."""
    kind = values.type
    if pa.types.is_boolean(kind):
        cells = pc.if_else(values, '<c t="b"><v>1</v></c>', '<c t="b"><v>0</v></c>')
    elif pa.types.is_integer(kind) or pa.types.is_floating(kind):
        if pa.types.is_floating(kind):                  # NaN and infinities: no number Excel reads
            values = pc.if_else(pc.is_finite(values), values, pa.scalar(None, kind))
        cells = pc.binary_join_element_wise("<c><v>", pc.cast(values, pa.string()), "</v></c>", "")
    else:
        return _text_cells(values)
    return pc.fill_null(cells, "<c/>")


def _rows_xml(columns: list[pa.Array]) -> bytes:
    rows = pc.binary_join_element_wise("<row>", *columns, "</row>", "")
    joined = pc.binary_join(pa.ListArray.from_arrays(pa.array([0, len(rows)], pa.int32()), rows), "")
    return joined[0].as_buffer().to_pybytes()


class XlsxWriter:
    """A one-sheet workbook (inline strings, no styles), streamed as a zip. Rows past Excel's
    sheet limit are not written (the sheet would not open)."""

    def __init__(self):
        self._sink = _Drain()
        self._zip = zipfile.ZipFile(self._sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        for name, text in _XLSX_PARTS.items():
            self._zip.writestr(name, text)
        self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        self._sheet.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                          f'<worksheet xmlns="{_NS}"><sheetData>'.encode())
        self._header = True
        self._rows = 0

    def write(self, frame: pd.DataFrame) -> bytes:
        if self._header:
            header = [_text_cells(pa.array([str(c)], pa.string())) for c in frame.columns]
            self._sheet.write(_rows_xml(header))
            self._header = False
        room = EXCEL_MAX_ROWS - self._rows
        frame = frame.iloc[:room]
        if len(frame):
            table = to_arrow(frame)
            self._sheet.write(_rows_xml([_column_cells(col.combine_chunks()) for col in table.columns]))
            self._rows += len(frame)
        return self._sink.take()

    def finish(self) -> bytes:
        self._sheet.write(b"</sheetData></worksheet>")
        self._sheet.close()
        self._zip.close()
        return self._sink.take()


WRITERS = {"csv": CsvWriter, "parquet": ParquetWriter, "xlsx": XlsxWriter}


def write_all(frames: Iterator[pd.DataFrame], fmt: str) -> Iterator[bytes]:
    """The bytes of ``frames`` in ``fmt``, as they become ready."""
    writer = WRITERS[fmt]()
    for frame in frames:
        data = writer.write(frame)
        if data:
            yield data
    data = writer.finish()
    if data:
        yield data
