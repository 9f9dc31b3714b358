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


def _conflict_flags(rows: pd.DataFrame) -> pd.Series:
    """Per row: does another paper report a different number for its model, benchmark, setting?"""
    if rows.empty:
        return pd.Series([], dtype=bool, index=rows.index)
    keys = pd.DataFrame({"model_key": _text(rows["model_key"]), "benchmark": _text(rows["benchmark"]),
                         "setting": _text(rows["setting"]), "value": _value(rows),
                         "paper_id": _text(rows["paper_id"])}, index=rows.index)
    group = ["model_key", "benchmark", "setting"]
    n_values = keys.groupby(group)["value"].transform("nunique")
    n_papers = keys.groupby(group)["paper_id"].transform("nunique")
    return ((n_values > 1) & (n_papers > 1)).astype(bool)


def _best_per_model(rows: pd.DataFrame, higher: bool) -> pd.DataFrame:
    """One row per model_key: its best number, with every paper that reported that number."""
    rows = rows.assign(_value=_value(rows), _paper=_text(rows["paper_id"]),
                       _conflict=_conflict_flags(rows))
    ordered = rows.sort_values(["_value", "published", "_paper"], ascending=[not higher, True, True],
                               na_position="last", kind="mergesort")
    best = ordered.drop_duplicates("model_key", keep="first").copy()
    same = ordered.merge(best[["model_key", "_value"]], on=["model_key", "_value"])
    sources = same.groupby("model_key")["_paper"].agg(lambda s: sorted(set(s)))
    conflict = rows.groupby("model_key")["_conflict"].any()
    best["sources"] = best["model_key"].map(lambda k: "; ".join(sources[k]))
    best["n_sources"] = best["model_key"].map(lambda k: len(sources[k])).astype("Int64")
    best["conflict"] = best["model_key"].map(conflict).astype(bool)
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
    higher = _higher_is_better(rows)
    best = _best_per_model(rows, higher)
    best = best.sort_values(["_value", "model_key"], ascending=[not higher, True], kind="mergesort")
    best["rank"] = best["_value"].rank(method="min", ascending=not higher).astype("Int64")
    return best[BOARD_COLUMNS].reset_index(drop=True)


def _benchmark_units(table: pd.DataFrame) -> dict[str, bool]:
    """benchmark -> is it a higher-is-better percentage scale (the only ones averaged)."""
    from parsers import lexicon
    out = {}
    for name in table["benchmark"].dropna().unique():
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
    rows = ranked_rows(table)
    if benchmarks is None:
        counts = rows.groupby("benchmark")["model_key"].nunique().sort_values(ascending=False, kind="mergesort")
        benchmarks = [str(b) for b in counts.index]
    columns = {}
    names = {}
    for bench in benchmarks:
        board = benchmark_board(table, bench)
        columns[bench] = board.set_index("model_key")["score_norm"].astype("Float64")
        for key, model in zip(board["model_key"], board["model"]):
            names.setdefault(key, model)
    grid = pd.DataFrame(columns)
    grid.index.name = "model_key"
    if grid.empty:
        return pd.DataFrame(columns=["model", *benchmarks, "average", "n_averaged"],
                            index=pd.Index([], name="model_key"))
    percent = [b for b, ok in _benchmark_units(table).items() if ok and b in grid.columns]
    grid["average"] = grid[percent].mean(axis=1, skipna=True).astype("Float64") if percent else pd.NA
    grid["n_averaged"] = grid[percent].notna().sum(axis=1).astype("Int64") if percent else 0
    grid.insert(0, "model", pd.Series(names).astype("string"))
    return grid.sort_values(["n_averaged", "average"], ascending=[False, False], na_position="last")


def model_profile(table: pd.DataFrame, model_key: str) -> pd.DataFrame:
    """One model across benchmarks: its best ranked score per benchmark and setting.

    Each row carries the model's rank and the number of models on that benchmark's board
    (all settings), its sources and whether papers disagree about it.
    """
    rows = ranked_rows(table)
    mine = rows[(rows["model_key"].astype("string") == model_key).fillna(False).astype(bool)]
    out = []
    for (bench, setting), group in mine.groupby([_text(mine["benchmark"]), _text(mine["setting"])], sort=True):
        bench_rows = rows[(_text(rows["benchmark"]) == bench).astype(bool)]
        higher = _higher_is_better(bench_rows)
        same_setting = bench_rows[(_text(bench_rows["setting"]) == setting).astype(bool)]
        best = _best_per_model(same_setting, higher)
        entry = best[best["model_key"] == model_key].iloc[0].to_dict()
        board = benchmark_board(table, bench)
        mine_on_board = board[board["model_key"] == model_key]
        entry["rank"] = mine_on_board["rank"].iloc[0] if len(mine_on_board) else pd.NA
        entry["n_models"] = len(board)
        out.append(entry)
    columns = ["benchmark", "benchmark_category", "setting", "model", "score", "score_norm", "unit",
               "rank", "n_models", "paper_id", "title", "published", "evidence", "n_sources", "sources",
               "conflict"]
    if not out:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(out)[columns]
    frame["rank"] = frame["rank"].astype("Int64")
    frame["n_models"] = frame["n_models"].astype("Int64")
    return frame.reset_index(drop=True)


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
