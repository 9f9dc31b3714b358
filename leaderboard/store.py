"""Reading and writing tables, atomically, in the format their file name asks for.

Every write goes to a temporary file in the target's folder and is renamed over the target only
when complete, so a killed process leaves either the old table or the new one, never half of one.
CSV and Excel cells that begin with ``=``, ``+``, ``-`` or ``@`` are prefixed with a quote so a
spreadsheet shows them as text instead of running them as formulas.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from leaderboard import schema

FORMATS = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".xlsx": "xlsx"}
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


class StoreError(Exception):
    """A table cannot be read or written; the message names the file."""


def format_for(path: str | os.PathLike) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise StoreError(f"{path}: unsupported table format {suffix or '(none)'}; "
                         f"use one of {', '.join(FORMATS)}")
    return FORMATS[suffix]


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Quote text cells a spreadsheet would evaluate (CSV/Excel formula injection)."""
    out = frame.copy()
    for name in out.columns:
        col = out[name]
        if pd.api.types.is_string_dtype(col) or col.dtype == object:
            mask = col.astype("string").str.startswith(FORMULA_LEADS).fillna(False).astype(bool)
            if mask.any():
                out[name] = col.astype("string").mask(mask, "'" + col.astype("string"))
    return out


def to_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """Serialize a table in one format, for :func:`write_table`."""
    import io
    buf = io.BytesIO()
    if fmt == "parquet":
        frame.to_parquet(buf, index=False)
    elif fmt == "csv":
        buf.write(escape_formulas(frame).to_csv(index=False).encode("utf-8"))
    elif fmt == "jsonl":
        buf.write(frame.to_json(orient="records", lines=True, force_ascii=False).encode("utf-8"))
    elif fmt == "xlsx":
        escape_formulas(frame).to_excel(buf, index=False, engine="openpyxl")
    else:
        raise StoreError(f"unsupported format {fmt}")
    return buf.getvalue()


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_table(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write ``frame`` to ``path`` atomically, in the format the suffix names."""
    fmt = format_for(path)
    atomic_write_bytes(path, to_bytes(frame, fmt))
    return Path(path)


def read_table(path: str | os.PathLike, papers: bool = False) -> pd.DataFrame:
    """Read a score table (or, with ``papers``, a paper table) and conform it to the schema."""
    path = Path(path)
    try:
        fmt = format_for(path)
        if fmt == "parquet":
            frame = pd.read_parquet(path)
        elif fmt == "csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        elif fmt == "jsonl":
            frame = pd.read_json(path, lines=True, dtype=False)
        else:
            frame = pd.read_excel(path)
    except StoreError:
        raise
    except FileNotFoundError:
        raise StoreError(f"{path}: no such table (run `leaderboard harvest` first)") from None
    except Exception as exc:  # pyarrow/pandas raise many types for a corrupt file
        raise StoreError(f"{path}: cannot read table: {exc}") from exc
    if fmt == "csv":
        for name, dtype in (schema.PAPER_DTYPES if papers else schema.DTYPES).items():
            if name in frame and dtype in ("Float64", "Int64"):
                frame[name] = pd.to_numeric(frame[name], errors="coerce")
            elif name in frame and dtype == "boolean":
                frame[name] = frame[name].map({"True": True, "False": False, "true": True, "false": False})
    return schema.conform_papers(frame) if papers else schema.conform(frame)
