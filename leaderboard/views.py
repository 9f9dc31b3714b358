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

from leaderboard import catalog
from leaderboard.modelnames import fold, resizing_word

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


def _conflict_flags(rows: pd.DataFrame, model: np.ndarray | None = None, bench: np.ndarray | None = None,
                    paper: np.ndarray | None = None) -> pd.Series:
    """Per row: does another paper report a different number for its model, benchmark, setting?

    (Codes already computed by the caller may be passed to save factorizing them again.)"""
    if rows.empty:
        return pd.Series([], dtype=bool, index=rows.index)
    keys = pd.DataFrame({"model_key": _codes(rows["model_key"]) if model is None else model,
                         "benchmark": _codes(rows["benchmark"]) if bench is None else bench,
                         "setting": _codes(rows["setting"]), "value": _value(rows).to_numpy(dtype=float, na_value=np.nan),
                         "paper_id": _codes(rows["paper_id"]) if paper is None else paper}, index=rows.index)
    by = keys.groupby(["model_key", "benchmark", "setting"], sort=False)
    n_values = by["value"].transform("nunique")
    n_papers = by["paper_id"].transform("nunique")
    return ((n_values > 1) & (n_papers > 1)).astype(bool)


_GROUP = ["_bench", "model_key"]
#: what ranking reads (a pivot selects these first: moving a wide table's strings is what costs)
_PIVOT_COLUMNS = ["model", "model_key", "benchmark", "setting", "score_norm", "kind", "in_range",
                  "higher_is_better", "paper_id", "published"]


def _ordered_codes(series: pd.Series) -> np.ndarray:
    """Codes that sort like the values (missing values last): sort keys without moving strings."""
    codes, uniques = pd.factorize(series, sort=True)
    return np.where(codes < 0, len(uniques), codes)


def _direction(bench_codes: np.ndarray, higher: pd.Series) -> np.ndarray:
    """+1 per row when its benchmark's rows mostly say higher is better (or do not say), else -1."""
    flags = higher.astype("boolean")
    known = flags.notna().to_numpy()
    n = bench_codes.max() + 1 if len(bench_codes) else 0
    yes = np.bincount(bench_codes[known], weights=flags[known].astype(bool).to_numpy().astype(float), minlength=n)
    total = np.bincount(bench_codes[known], minlength=n)
    higher_share = np.divide(yes, total, out=np.ones(n), where=total > 0)
    return np.where(higher_share[bench_codes] >= 0.5, 1.0, -1.0)


def best_scores(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (benchmark, model_key) among ranked rows: the model's best number on the
    benchmark, the papers that reported that same number (``n_sources``, ``sources``), whether
    papers disagree about the model there (``conflict``) and its ``rank`` on the benchmark.

    One pass over all benchmarks, so a pivot of many benchmarks costs what one board does; the
    sorting runs on integer codes and only the winning rows are taken from the (wide) table.
    Ties keep the earliest published report, then the first listed.
    """
    if rows.empty:
        return rows.assign(_bench=pd.Series(dtype="string"), _value=pd.Series(dtype="Float64"),
                           sources=pd.Series(dtype="string"), n_sources=pd.Series(dtype="Int64"),
                           conflict=pd.Series(dtype=bool), rank=pd.Series(dtype="Int64"))
    bench, bench_names = pd.factorize(_text(rows["benchmark"]))
    model = _codes(rows["model_key"])
    value = _value(rows).to_numpy(dtype=float, na_value=np.nan)
    signed = value * _direction(bench, rows["higher_is_better"])
    paper, paper_names = pd.factorize(_text(rows["paper_id"]))
    order = np.lexsort((paper, _ordered_codes(rows["published"]), -signed, model, bench))
    b, m = bench[order], model[order]
    starts = np.flatnonzero(np.r_[True, (b[1:] != b[:-1]) | (m[1:] != m[:-1])])
    mark = np.zeros(len(order), dtype=np.int64)
    mark[starts] = 1
    group = np.cumsum(mark) - 1                                          # group id per sorted row
    winner = order[starts]
    same = value[order] == value[winner][group]
    pairs = pd.DataFrame({"g": group[same], "paper": paper[order][same]}).drop_duplicates()
    pairs["text"] = np.asarray(paper_names, dtype=object)[pairs["paper"].to_numpy()]
    pairs = pairs.sort_values(["g", "text"], kind="mergesort")
    by_group = pairs.groupby("g", sort=True)["text"]
    conflict = np.zeros(len(starts), dtype=bool)
    np.logical_or.at(conflict, group, _conflict_flags(rows, model, bench, paper).to_numpy()[order])
    best = rows.iloc[winner].copy()
    best["_bench"] = np.asarray(bench_names, dtype=object)[bench[winner]]
    best["_value"] = value[winner]
    best["_signed"] = signed[winner]
    best["sources"] = pd.array(by_group.agg("; ".join).reindex(range(len(starts))).to_numpy(), dtype="string")
    best["n_sources"] = pd.array(by_group.size().reindex(range(len(starts))).to_numpy(), dtype="Int64")
    best["conflict"] = conflict
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
    mine = ranked_rows(table[(table["model_key"].astype("string") == model_key).fillna(False).astype(bool)])
    if mine.empty:
        return pd.DataFrame(columns=columns)
    # the entries depend on the model's own rows only: best per (benchmark, setting), its sources
    sep = "\x1f"
    per_setting = best_scores(mine.assign(benchmark=_text(mine["benchmark"]) + sep + _text(mine["setting"])))
    entries = per_setting.copy()
    entries["benchmark"] = entries["_bench"].str.split(sep).str[0]
    # rank and board size need every model's best on those benchmarks: integer work only
    benches = set(entries["benchmark"])
    others = ranked_rows(table.loc[_text(table["benchmark"]).isin(benches).astype(bool), _PIVOT_COLUMNS])
    bench_text = _text(others["benchmark"])
    bench = _codes(bench_text)
    value = _value(others).astype(float).to_numpy() * _direction(bench, others["higher_is_better"])
    tops = pd.DataFrame({"b": bench_text.to_numpy(), "m": others["model_key"].astype("string").to_numpy(),
                         "v": value}).groupby(["b", "m"], sort=False)["v"].max().reset_index()
    tops["rank"] = tops.groupby("b")["v"].rank(method="min", ascending=False)
    rank = tops[tops["m"] == model_key].set_index("b")["rank"]
    n_models = tops.groupby("b")["m"].size()
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
    rows = rows[_conflict_flags(rows)]
    if rows.empty:
        return pd.DataFrame(columns=CONFLICT_COLUMNS)
    model, bench, setting = (_ordered_codes(rows[c]) for c in ("model_key", "benchmark", "setting"))
    value = _value(rows).astype(float).to_numpy()
    paper = _ordered_codes(rows["paper_id"])
    keys = pd.DataFrame({"m": model, "b": bench, "s": setting, "v": value, "p": paper})
    by = keys.groupby(["m", "b", "s"], sort=False)
    n_values = by["v"].transform("nunique").to_numpy()
    n_papers = by["p"].transform("nunique").to_numpy()
    order = np.lexsort((paper, value, setting, bench, model))
    keep = order[~keys.iloc[order].duplicated(["m", "b", "s", "p", "v"]).to_numpy()]
    out = rows.iloc[keep].copy()
    out["n_values"] = pd.array(n_values[keep], dtype="Int64")
    out["n_papers"] = pd.array(n_papers[keep], dtype="Int64")
    return out[CONFLICT_COLUMNS].reset_index(drop=True)


MODEL_COLUMNS = ["model_key", "model", "spellings", "status", "family", "organisation", "params_b",
                 "active_params_b", "params_source", "open_weights", "open_weights_source", "base_model",
                 "rows", "papers", "benchmarks"]


def models_seen(table: pd.DataFrame) -> pd.DataFrame:
    """Every model with score rows, with its resolved attributes and how it was resolved.

    ``status`` is 'catalog' (the catalog knows the model), 'family' (a bare family name), 'base'
    (a system named after a catalog model), 'not-applicable' (a count-based n-gram model: no
    size or weights to know) or 'unknown' (add it to data/models.csv); attributes
    are those of the model's first row in the table. Most-reported models first.
    """
    attributes = ["family", "organisation", "params_b", "active_params_b", "params_source", "open_weights",
                  "open_weights_source", "base_model"]
    keep = (table["kind"].astype("string") == "score").fillna(False).astype(bool) & table["model_key"].notna()
    if "base_model" not in table:        # a table stored before the column existed
        table = table.assign(base_model=pd.Series(pd.NA, index=table.index, dtype="string"))
    rows = table.loc[keep, ["model_key", "model", "paper_id", "benchmark", *attributes]]
    if rows.empty:
        return pd.DataFrame(columns=MODEL_COLUMNS)
    rows = rows.assign(model_key=rows["model_key"].astype(str))
    by = rows.groupby("model_key", sort=False)
    frame = by[attributes].first(skipna=False)
    frame["rows"] = by.size()
    frame["papers"] = by["paper_id"].nunique()
    frame["benchmarks"] = by["benchmark"].nunique()
    spelled = rows.dropna(subset=["model"]).groupby(["model_key", "model"], sort=False).size().reset_index(name="n")
    spelled["model"] = spelled["model"].astype(str)
    spelled = spelled.sort_values(["model_key", "n", "model"], ascending=[True, False, True], kind="mergesort")
    frame["model"] = spelled.drop_duplicates("model_key").set_index("model_key")["model"]
    frame["model"] = frame["model"].fillna(pd.Series(frame.index, index=frame.index))
    frame["spellings"] = spelled.sort_values(["model_key", "model"]).groupby("model_key")["model"].agg(" | ".join)
    sources = frame["params_source"].astype("string").fillna("") + " " + frame["open_weights_source"].astype("string").fillna("")
    status = pd.Series("unknown", index=frame.index)
    status = status.mask(frame["base_model"].notna().fillna(False).astype(bool), "base")
    for label in ("not-applicable", "base", "family", "catalog"):     # the strongest evidence wins
        status = status.mask(sources.str.contains(label, regex=False).fillna(False).astype(bool), label)
    frame["status"] = status
    frame = frame.reset_index()
    frame = frame.sort_values(["rows", "model_key"], ascending=[False, True], kind="mergesort")
    return frame[MODEL_COLUMNS].reset_index(drop=True)


#: params_source / open_weights_source values that resolve an attribute without a number or a yes/no
_NO_SIZE_RESOLVED = ("undisclosed", "not-applicable")
_NO_OPENNESS_RESOLVED = ("not-applicable",)


def _source_in(rows: pd.DataFrame, column: str, values: tuple[str, ...]) -> pd.Series:
    return rows[column].astype("string").isin(values).fillna(False).astype(bool)


def resolution_shares(table: pd.DataFrame) -> dict[str, float | int]:
    """How much of the table the model knowledge explains: shares of score rows (0-1).

    ``params_known``: a number of parameters; ``params_resolved``: a number, or a known fact that
    stands in for one — the makers never published it (GPT-4o: 'undisclosed', shown as such) or
    no parameter count applies (a count-based n-gram model: 'not-applicable');
    ``open_weights_known``: open or closed is known; ``open_weights_resolved``: known, or not
    applicable (an n-gram model has no weights to release); ``both_known`` / ``both_resolved``:
    size and openness together, strictly / resolved; ``model_key``: the row names a model at all.
    """
    rows = table[(table["kind"].astype("string") == "score").fillna(False).astype(bool)]
    n = len(rows)
    if n == 0:
        return {"rows": 0, "model_key": 0.0, "params_known": 0.0, "params_resolved": 0.0,
                "open_weights_known": 0.0, "open_weights_resolved": 0.0, "both_known": 0.0,
                "both_resolved": 0.0, "catalog": 0.0}
    params = rows["params_b"].notna()
    params_resolved = params | _source_in(rows, "params_source", _NO_SIZE_RESOLVED)
    openness = rows["open_weights"].notna()
    openness_resolved = openness | _source_in(rows, "open_weights_source", _NO_OPENNESS_RESOLVED)
    return {"rows": n,
            "model_key": float(rows["model_key"].notna().mean()),
            "params_known": float(params.mean()),
            "params_resolved": float(params_resolved.mean()),
            "open_weights_known": float(openness.mean()),
            "open_weights_resolved": float(openness_resolved.mean()),
            "both_known": float((params & openness).mean()),
            "both_resolved": float((params_resolved & openness_resolved).mean()),
            "catalog": float((rows["open_weights_source"].astype("string") == "catalog").fillna(False).mean())}


UNRESOLVED_COLUMNS = ["model_key", "model", "rows", "missing", "reason"]


def unresolved_models(table: pd.DataFrame) -> pd.DataFrame:
    """The models whose size or openness is still unresolved, with the reason read from how each
    attribute was (not) resolved, so a user knows what fact is missing and where to add it."""
    seen = models_seen(table)
    if seen.empty:
        return pd.DataFrame(columns=UNRESOLVED_COLUMNS)
    size_open = (seen["params_b"].notna() | _source_in(seen, "params_source", _NO_SIZE_RESOLVED))
    open_open = (seen["open_weights"].notna() | _source_in(seen, "open_weights_source", _NO_OPENNESS_RESOLVED))
    todo = seen[~(size_open & open_open)]
    out = []
    for (_, model), size_ok, open_ok in zip(todo.iterrows(), size_open[todo.index], open_open[todo.index]):
        missing = [what for what, ok in (("size", size_ok), ("openness", open_ok)) if not ok]
        out.append({"model_key": model["model_key"], "model": model["model"], "rows": model["rows"],
                    "missing": " and ".join(missing), "reason": _why_unresolved(model, size_ok, open_ok)})
    return pd.DataFrame(out, columns=UNRESOLVED_COLUMNS)


def _why_unresolved(model: pd.Series, size_ok: bool, open_ok: bool) -> str:
    status, bases = model["status"], model["base_model"]
    has_bases = isinstance(bases, str) and bool(bases)
    if status == "catalog":
        known = catalog.lookup(model["model_key"])
        if known is not None and known.params_sum and not size_ok:
            return (f"the sizes of the models it runs together are not all recorded ({' | '.join(known.base_models)})"
                    + ("" if open_ok else "; the catalog records no openness"))
        return "the catalog records no " + ("size" if not size_ok else "openness") + (
            f" ({known.source})" if known is not None else "")
    if status == "family":
        differ = " and ".join(what for what, ok in (("size", size_ok), ("openness", open_ok)) if not ok)
        if fold(model["model"]) == fold(model["family"]):
            return f"a bare family name ({model['family']}): its models differ in {differ}"
        return f"names the family {model['family']} but none of its models: they differ in {differ}"
    if has_bases:
        several = " | " in bases
        parts = []
        resized = resizing_word(model["model"])
        if not size_ok and resized and not several:
            parts.append(f"{resized} from its base model ({bases}), so not of the base's size")
        elif not size_ok:
            parts.append(f"its base models differ in size ({bases})" if several
                         else f"its base model has no recorded size ({bases})")
        if not open_ok:
            parts.append(f"its base models differ in openness ({bases})" if several
                         else f"its base model has no recorded openness ({bases})")
        return "; ".join(parts)
    parts = ["not in the catalog"]
    if not size_ok:
        parts.append("no size in its name, and none the abstract gives its own model")
    if not open_ok:
        parts.append("the abstract neither releases it nor calls it closed")
    return "; ".join(parts)
