"""Leaderboard views: pure functions from the score table to the frames users read.

The command line and the dashboard show exactly what these functions return, so every number
on screen has a unit test behind it. Each function takes a table that follows
:mod:`leaderboard.schema` and never modifies it.

Ranking rules shared by every view:

- only absolute results are ranked (``kind == 'score'``), never relative gains;
- a score outside its benchmark's declared range (``in_range`` is False) is never ranked;
- scores are compared on ``score_norm`` (the benchmark's own scale), so 0.842 and 84.2% on MMLU
  sort together and MT-Bench's 1-10 points are never compared with percentages;
- lower-is-better benchmarks (perplexity, WER) rank ascending.

Several papers may report a number for the same model, benchmark and setting. When the numbers
agree, the model gets one entry that lists every source (``n_sources``, ``sources``); when they
differ, every row is kept and the disagreement is marked (``conflict``) and listed by
:func:`conflicts`, with the evidence of each side.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

#: two reported numbers are "the same" when they agree to this many decimals of score_norm
VALUE_DECIMALS = 2

BOARD_COLUMNS = ["rank", "model", "model_key", "benchmark", "score", "score_norm", "unit", "setting",
                 "params_b", "active_params_b", "open_weights", "organisation", "paper_id", "title",
                 "published", "evidence", "n_sources", "sources", "conflict"]

CONFLICT_COLUMNS = ["model_key", "benchmark", "setting", "model", "score", "score_norm", "unit",
                    "paper_id", "title", "published", "evidence", "n_values", "n_papers"]

SOTA_COLUMNS = ["group", "date", "date_source", "model", "model_key", "score", "score_norm",
                "running_best", "is_record", "setting", "paper_id", "title", "evidence"]

_SETTING_NONE = ""  # a missing setting is its own setting when grouping


def _text(series: pd.Series) -> pd.Series:
    return series.astype("string").fillna(_SETTING_NONE)


def ranked_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Rows that may be ranked: absolute scores, in range (or range unknown), with a number."""
    kind = table["kind"].astype("string")
    in_range = table["in_range"].astype("boolean")
    keep = (kind == "score").fillna(False) & in_range.fillna(True) & table["score_norm"].notna()
    keep &= table["model_key"].notna()
    return table[keep.astype(bool)]


def _benchmark_rows(table: pd.DataFrame, benchmark: str) -> pd.DataFrame:
    names = table["benchmark"].astype("string")
    exact = (names == benchmark).fillna(False).astype(bool)
    if exact.any():
        return table[exact]
    return table[(names.str.casefold() == benchmark.casefold()).fillna(False).astype(bool)]


def _higher_is_better(rows: pd.DataFrame) -> bool:
    """The benchmark's direction (the majority of its rows; higher when unknown)."""
    values = rows["higher_is_better"].astype("boolean").dropna()
    return True if values.empty else bool(values.mean() >= 0.5)


def _value(rows: pd.DataFrame) -> pd.Series:
    return rows["score_norm"].astype("Float64").round(VALUE_DECIMALS)


def _codes(series: pd.Series) -> np.ndarray:
    """Integer codes of a column (missing values get their own code): fast grouping keys."""
    return pd.factorize(series, use_na_sentinel=False)[0]


def _conflict_flags(rows: pd.DataFrame) -> pd.Series:
    """Per row: does another paper report a different number for its model, benchmark, setting?"""
    if rows.empty:
        return pd.Series([], dtype=bool, index=rows.index)
    keys = pd.DataFrame({"model_key": _codes(rows["model_key"]), "benchmark": _codes(rows["benchmark"]),
                         "setting": _codes(rows["setting"]), "value": _codes(_value(rows)),
                         "paper_id": _codes(rows["paper_id"])}, index=rows.index)
    by = keys.groupby(["model_key", "benchmark", "setting"], sort=False)
    n_values = by["value"].transform("nunique")
    n_papers = by["paper_id"].transform("nunique")
    return ((n_values > 1) & (n_papers > 1)).astype(bool)


_GROUP = ["_bench", "model_key"]
#: what ranking reads (a pivot selects these first: moving a wide table's strings is what costs)
_PIVOT_COLUMNS = ["model", "model_key", "benchmark", "setting", "score_norm", "kind", "in_range",
                  "higher_is_better", "paper_id", "published"]


def best_scores(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (benchmark, model_key) among ranked rows: the model's best number on the
    benchmark, the papers that reported that same number (``n_sources``, ``sources``), whether
    papers disagree about the model there (``conflict``) and its ``rank`` on the benchmark.

    One pass over all benchmarks, so a pivot of many benchmarks costs what one board does.
    """
    if rows.empty:
        return rows.assign(_bench=pd.Series(dtype="string"), _value=pd.Series(dtype="Float64"),
                           sources=pd.Series(dtype="string"), n_sources=pd.Series(dtype="Int64"),
                           conflict=pd.Series(dtype=bool), rank=pd.Series(dtype="Int64"))
    bench = _text(rows["benchmark"])
    higher = rows["higher_is_better"].astype("boolean").astype("Float64").groupby(bench).transform("mean")
    sign = (higher.fillna(1.0) >= 0.5).map({True: 1.0, False: -1.0}).astype(float)
    value = _value(rows)
    # sort a narrow frame of keys (wide string rows are slow to move), then take the winners
    work = pd.DataFrame({"_bench": bench, "model_key": _text(rows["model_key"]), "_value": value,
                         "_signed": value.astype(float) * sign, "_paper": _text(rows["paper_id"]),
                         "_published": _text(rows["published"]), "_conflict": _conflict_flags(rows),
                         "_pos": np.arange(len(rows))}, index=rows.index)
    ordered = work.sort_values(["_bench", "model_key", "_signed", "_published", "_paper"],
                               ascending=[True, True, False, True, True], kind="mergesort")
    winners = ordered.drop_duplicates(_GROUP, keep="first")
    same = ordered.merge(winners[_GROUP + ["_value"]], on=_GROUP + ["_value"])
    same = same.drop_duplicates(_GROUP + ["_paper"]).sort_values(_GROUP + ["_paper"], kind="mergesort")
    papers = same.groupby(_GROUP, sort=False)["_paper"]
    sources = papers.agg("; ".join).rename("sources")
    n_sources = papers.size().rename("n_sources")
    conflict = work.groupby(_GROUP, sort=False)["_conflict"].any().rename("conflict")
    best = rows.iloc[winners["_pos"].to_numpy()].copy()
    for column in ("_bench", "_value", "_signed"):
        best[column] = winners[column].to_numpy()
    best = best.join(sources, on=_GROUP).join(n_sources, on=_GROUP).join(conflict, on=_GROUP)
    best["sources"] = best["sources"].astype("string")
    best["n_sources"] = best["n_sources"].astype("Int64")
    best["conflict"] = best["conflict"].astype(bool)
    best["rank"] = best.groupby("_bench")["_signed"].rank(method="min", ascending=False).astype("Int64")
    return best


def benchmark_board(table: pd.DataFrame, benchmark: str, setting: str | None = None) -> pd.DataFrame:
    """One benchmark's leaderboard: the best ranked score of each model, best first.

    With ``setting`` only rows of that setting (e.g. '5-shot') compete; without it every setting
    does and each entry says which one its best number was reported under. ``rank`` is shared by
    ties (1, 2, 2, 4).
    """
    rows = ranked_rows(_benchmark_rows(table, benchmark))
    if setting is not None:
        rows = rows[(_text(rows["setting"]).str.casefold() == setting.casefold()).astype(bool)]
    if rows.empty:
        return pd.DataFrame({c: pd.Series([], dtype=table[c].dtype if c in table else "object")
                             for c in BOARD_COLUMNS})
    best = best_scores(rows).sort_values(["rank", "model_key"], kind="mergesort")
    return best[BOARD_COLUMNS].reset_index(drop=True)


def _benchmark_units(names) -> dict[str, bool]:
    """benchmark -> is it a higher-is-better percentage scale (the only ones averaged)."""
    from parsers import lexicon
    out = {}
    for name in names:
        b = lexicon.lookup(str(name))
        out[name] = bool(b and b.unit == "%" and b.higher_is_better and b.min == 0 and b.max == 100)
    return out


def pivot(table: pd.DataFrame, benchmarks: list[str] | None = None) -> pd.DataFrame:
    """Model x benchmark grid of best scores, plus ``average`` and ``n_averaged``.

    Indexed by ``model_key``; the first column is ``model`` (a name as written, for display).
    ``average`` is the mean over the model's benchmarks that use a 0-100 percentage scale only,
    so a 1-10 MT-Bench score or a perplexity never enters it; ``n_averaged`` says how many did.
    Without ``benchmarks``, every benchmark with ranked rows, most-covered first.
    """
    rows = ranked_rows(table[[c for c in _PIVOT_COLUMNS if c in table.columns]])
    if benchmarks is not None:
        rows = rows[_text(rows["benchmark"]).isin(list(benchmarks)).astype(bool)]
    best = best_scores(rows)
    if benchmarks is None:
        counts = best.groupby("_bench")["model_key"].nunique()
        counts = counts.sort_values(ascending=False, kind="mergesort") if len(counts) else counts
        benchmarks = [str(b) for b in counts.index]
    if best.empty:
        return pd.DataFrame(columns=["model", *benchmarks, "average", "n_averaged"],
                            index=pd.Index([], name="model_key"))
    grid = best.pivot(index="model_key", columns="_bench", values="score_norm")
    grid = grid.reindex(columns=list(benchmarks)).astype("Float64")
    grid.columns.name = None
    grid.index = grid.index.astype(object)
    grid.index.name = "model_key"
    percent = [b for b, ok in _benchmark_units(grid.columns).items() if ok]
    grid["average"] = grid[percent].mean(axis=1, skipna=True).astype("Float64") if percent else pd.NA
    grid["n_averaged"] = grid[percent].notna().sum(axis=1).astype("Int64") if percent else 0
    names = best.sort_values(["_bench"], kind="mergesort").drop_duplicates("model_key").set_index("model_key")["model"]
    grid.insert(0, "model", names.reindex(grid.index).astype("string"))
    return grid.sort_values(["n_averaged", "average"], ascending=[False, False], na_position="last")


def model_profile(table: pd.DataFrame, model_key: str) -> pd.DataFrame:
    """One model across benchmarks: its best ranked score per benchmark and setting.

    Each row carries the model's rank and the number of models on that benchmark's board
    (all settings), its sources and whether papers disagree about it.
    """
    columns = ["benchmark", "benchmark_category", "setting", "model", "score", "score_norm", "unit",
               "rank", "n_models", "paper_id", "title", "published", "evidence", "n_sources", "sources",
               "conflict"]
    keys = table["model_key"].astype("string")
    mine = (keys == model_key).fillna(False).astype(bool)
    if not mine.any():
        return pd.DataFrame(columns=columns)
    benches = set(_text(table.loc[mine, "benchmark"]))
    rows = ranked_rows(table[_text(table["benchmark"]).isin(benches).astype(bool)])
    if not (rows["model_key"].astype("string") == model_key).fillna(False).any():
        return pd.DataFrame(columns=columns)
    overall = best_scores(rows[_PIVOT_COLUMNS])
    n_models = overall.groupby("_bench")["model_key"].nunique()
    rank = overall[overall["model_key"] == model_key].set_index("_bench")["rank"]
    # per setting: group rows by (benchmark + setting) so each setting gets its own best entry
    setting = _text(rows["setting"])
    per_setting = best_scores(rows.assign(benchmark=_text(rows["benchmark"]) + "\x1f" + setting))
    entries = per_setting[per_setting["model_key"] == model_key].copy()
    entries["benchmark"] = entries["_bench"].str.split("\x1f").str[0]
    entries["rank"] = entries["benchmark"].map(rank).astype("Int64")
    entries["n_models"] = entries["benchmark"].map(n_models).astype("Int64")
    entries = entries.sort_values(["benchmark", "setting"], kind="mergesort", na_position="first")
    return entries[columns].reset_index(drop=True)


def _dates(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The date of each score: the paper's publication, else the model's release month."""
    paper = pd.to_datetime(rows["published"].astype("string"), errors="coerce", format="mixed")
    model = pd.to_datetime(rows["model_released"].astype("string"), errors="coerce", format="%Y-%m")
    date = paper.fillna(model)
    source = pd.Series("paper", index=rows.index).where(paper.notna(), "model release")
    return date, source.where(date.notna(), pd.NA)


def sota_over_time(table: pd.DataFrame, benchmark: str) -> pd.DataFrame:
    """The state of the art on one benchmark over time, for open and closed models separately.

    One row per dated ranked score, grouped by ``group`` ('open', 'closed', 'unknown' from
    ``open_weights``) and sorted by date. ``running_best`` is the group's best score up to that
    date, so (date, running_best) per group is the step line a chart draws; ``is_record`` marks
    the scores that raised it. ``date`` is the paper's publication date, else the model's release
    month (``date_source`` says which); undated scores are left out.
    """
    rows = ranked_rows(_benchmark_rows(table, benchmark))
    if rows.empty:
        return pd.DataFrame(columns=SOTA_COLUMNS)
    higher = _higher_is_better(rows)
    date, source = _dates(rows)
    open_w = rows["open_weights"].astype("boolean")
    group = pd.Series("unknown", index=rows.index).mask(open_w.fillna(False).astype(bool), "open")
    group = group.mask((~open_w).fillna(False).astype(bool), "closed")
    frame = rows.assign(date=date, date_source=source, group=group)
    frame = frame[frame["date"].notna()]
    if frame.empty:
        return pd.DataFrame(columns=SOTA_COLUMNS)
    frame = frame.assign(_value=frame["score_norm"].astype(float))
    frame = frame.sort_values(["group", "date", "_value"], ascending=[True, True, not higher], kind="mergesort")
    by_group = frame.groupby("group")["_value"]
    frame["running_best"] = by_group.cummax() if higher else by_group.cummin()
    previous = frame.groupby("group")["running_best"].shift(1)
    improved = frame["_value"] > previous if higher else frame["_value"] < previous
    frame["is_record"] = (previous.isna() | improved) & (frame["_value"] == frame["running_best"])
    frame["running_best"] = frame["running_best"].astype("Float64")
    return frame[SOTA_COLUMNS].reset_index(drop=True)


def conflicts(table: pd.DataFrame) -> pd.DataFrame:
    """Every disagreement: rows of (model, benchmark, setting) whose papers report different numbers.

    All rows of a disagreeing group are listed, one per paper and number, each with its evidence,
    so both sides can be read. ``n_values``/``n_papers`` count the distinct numbers and papers.
    """
    rows = table[(table["kind"].astype("string") == "score").fillna(False).astype(bool)
                 & table["score_norm"].notna() & table["model_key"].notna()]
    flags = _conflict_flags(rows)
    rows = rows[flags]
    if rows.empty:
        return pd.DataFrame(columns=CONFLICT_COLUMNS)
    keys = [_text(rows["model_key"]), _text(rows["benchmark"]), _text(rows["setting"])]
    value = _value(rows)
    rows = rows.assign(n_values=value.groupby(keys).transform("nunique").astype("Int64"),
                       n_papers=_text(rows["paper_id"]).groupby(keys).transform("nunique").astype("Int64"),
                       _value=value)
    rows = rows.drop_duplicates(["model_key", "benchmark", "setting", "paper_id", "_value"])
    rows = rows.sort_values(["model_key", "benchmark", "setting", "_value", "paper_id"], kind="mergesort")
    return rows[CONFLICT_COLUMNS].reset_index(drop=True)


MODEL_COLUMNS = ["model_key", "model", "spellings", "status", "family", "organisation", "params_b",
                 "active_params_b", "params_source", "open_weights", "open_weights_source", "rows",
                 "papers", "benchmarks"]


def models_seen(table: pd.DataFrame) -> pd.DataFrame:
    """Every model with score rows, with its resolved attributes and how it was resolved.

    ``status`` is 'catalog' (the catalog knows the model), 'family' (a bare family name), 'base'
    (a system named after a catalog model) or 'unknown' (add it to data/models.csv); attributes are those of the model's most
    common resolution in the table. Most-reported models first.
    """
    rows = table[(table["kind"].astype("string") == "score").fillna(False).astype(bool)
                 & table["model_key"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=MODEL_COLUMNS)
    out = []
    for key, group in rows.groupby(rows["model_key"].astype(str), sort=False):
        first = group.iloc[0]
        sources = {str(first["params_source"]), str(first["open_weights_source"])}
        status = next((s for s in ("catalog", "family", "base") if s in sources), "unknown")
        spellings = group["model"].dropna().astype(str)
        out.append({
            "model_key": key, "model": spellings.mode().iloc[0] if len(spellings) else key,
            "spellings": " | ".join(sorted(set(spellings))), "status": status,
            **{c: first[c] for c in ["family", "organisation", "params_b", "active_params_b", "params_source",
                                     "open_weights", "open_weights_source"]},
            "rows": len(group), "papers": group["paper_id"].nunique(), "benchmarks": group["benchmark"].nunique()})
    frame = pd.DataFrame(out, columns=MODEL_COLUMNS)
    return frame.sort_values(["rows", "model_key"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def resolution_shares(table: pd.DataFrame) -> dict[str, float | int]:
    """How much of the table the model knowledge explains: shares of score rows (0-1).

    ``params_known``: a number of parameters; ``params_resolved``: a number, or the catalog knows
    the makers never published one (GPT-4o); ``open_weights_known``: open or closed is known;
    ``model_key``: the row names a model at all.
    """
    rows = table[(table["kind"].astype("string") == "score").fillna(False).astype(bool)]
    n = len(rows)
    if n == 0:
        return {"rows": 0, "model_key": 0.0, "params_known": 0.0, "params_resolved": 0.0,
                "open_weights_known": 0.0, "catalog": 0.0}
    params = rows["params_b"].notna()
    undisclosed = (rows["params_source"].astype("string") == "undisclosed").fillna(False).astype(bool)
    return {"rows": n,
            "model_key": float(rows["model_key"].notna().mean()),
            "params_known": float(params.mean()),
            "params_resolved": float((params | undisclosed).mean()),
            "open_weights_known": float(rows["open_weights"].notna().mean()),
            "catalog": float((rows["open_weights_source"].astype("string") == "catalog").fillna(False).mean())}
