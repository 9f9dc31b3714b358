"""The table schema is one definition, and every table the project writes follows it."""
from __future__ import annotations

import pandas as pd

from leaderboard import schema, store


def test_every_column_has_a_dtype_and_a_meaning():
    for name, (dtype, doc) in schema.COLUMNS.items():
        assert dtype in {"string", "Float64", "Int64", "boolean"}, name
        assert doc, name
    required = {"paper_id", "title", "published", "source", "model", "model_key", "params_b", "open_weights",
                "benchmark", "score", "unit", "setting", "kind", "evidence", "span_start", "span_end"}
    assert required <= set(schema.COLUMN_NAMES)


def test_conform_orders_columns_and_fills_missing_with_na():
    frame = schema.from_rows([{"score": 84.2, "benchmark": "MMLU", "kind": "score", "extra": "dropped"}])
    assert list(frame.columns) == schema.COLUMN_NAMES
    assert frame.loc[0, "score"] == 84.2 and pd.isna(frame.loc[0, "params_b"])
    assert schema.validate(frame) == []


def test_validate_names_what_is_wrong():
    frame = schema.empty_table().drop(columns=["evidence"])
    frame["kind"] = pd.Series([], dtype="string")
    assert any("evidence" in p for p in schema.validate(frame))


def test_seed_table_follows_the_schema_in_every_format(seed_harvest, tmp_path):
    table = seed_harvest.scores
    assert schema.validate(table) == []
    for suffix in (".parquet", ".csv", ".jsonl"):
        path = store.write_table(table, tmp_path / f"t{suffix}")
        back = store.read_table(path)
        assert schema.validate(back) == [], suffix
        assert len(back) == len(table)
        pd.testing.assert_series_equal(back["score"], table["score"], check_names=False)


def test_formula_cells_are_escaped_in_csv_but_numbers_are_not():
    frame = schema.from_rows([{"model": "=HYPERLINK(\"x\")", "score": -1.5, "kind": "score"},
                              {"model": "@SUM(A1)", "score": 2.0, "kind": "score"}])
    text = store.to_bytes(frame, "csv").decode()
    assert "'=HYPERLINK" in text and "'@SUM" in text and ",-1.5," in text
