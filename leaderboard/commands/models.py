"""``leaderboard models``: the models a table mentions, what is known about them, and what is not.

Lists every model with score rows, its resolved size and openness and where each came from, so a
user sees at a glance which models to add to ``data/models.csv`` (``--unknown``) and how much of
the table the model knowledge covers (``--stats``).
"""
from __future__ import annotations

import argparse
import sys

import pandas as pd

from leaderboard import catalog, normalize, paths, store, views
from leaderboard.commands import write_output
from leaderboard.pipeline import EXIT_USAGE

LIST_COLUMNS = ["model_key", "model", "status", "params_b", "active_params_b", "params_source", "open_weights",
                "open_weights_source", "base_model", "organisation", "rows", "papers"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="list the models in the table with their size, openness and source",
                       description="List the models that have scores in the table, with their resolved size "
                                   "and openness and where each came from (catalog, base model, name, abstract "
                                   "text, undisclosed, unknown). Models the catalog does not know are flagged "
                                   "'unknown': add them to data/models.csv.")
    p.add_argument("--table", default=str(paths.DEFAULT_TABLE), help="table to read (default: %(default)s)")
    p.add_argument("--unknown", action="store_true", help="only models the catalog does not know")
    p.add_argument("--stats", action="store_true",
                   help="print the shares of score rows whose size and openness are resolved, and the unknown models")
    p.add_argument("--catalog", action="store_true", help="list the catalog itself (every model it knows)")
    p.add_argument("--recheck", action="store_true",
                   help="resolve the table's models again with the current catalog (after adding models "
                        "to data/models.csv) before listing; the stored table is not changed")
    p.add_argument("-o", "--output", metavar="OUT", help="also write the list (.csv .parquet .jsonl .xlsx)")
    p.set_defaults(func=run)


def _show(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "(none)"
    shown = frame.astype(object).where(frame.notna(), "")
    return shown.to_string(index=False, max_colwidth=48)


def _catalog_frame() -> pd.DataFrame:
    return pd.DataFrame([{"model_key": m.key, "name": m.name, "family": m.family, "organisation": m.organisation,
                          "params_b": m.params_b if m.params_b is not None else ("undisclosed" if m.params_undisclosed else None),
                          "active_params_b": m.active_params_b, "open_weights": m.open_weights,
                          "licence": m.licence, "released": m.released, "variant": m.variant,
                          "base_model": " | ".join(m.base_models) or None}
                         for m in catalog.load().models])


def stats_text(table: pd.DataFrame) -> str:
    """The shares of score rows whose model is resolved, per criterion, strictly (a number of
    parameters, open or closed) and resolved (also counting the known facts that stand in for a
    number: the maker never published a size, or no size or weights apply to a count-based
    n-gram model), then every model still unresolved with the reason."""
    shares = views.resolution_shares(table)
    seen = views.models_seen(table)
    unknown = seen[seen["status"] == "unknown"]
    scored = table[(table["kind"].astype("string") == "score").fillna(False).astype(bool)]
    lines = [f"score rows: {shares['rows']}",
             f"  with a model_key:                                         {shares['model_key']:6.1%}",
             f"  params_b known (a number):                                {shares['params_known']:6.1%}",
             f"  params_b resolved (a number, 'undisclosed' or n/a):       {shares['params_resolved']:6.1%}",
             f"  open_weights known (open or closed):                      {shares['open_weights_known']:6.1%}",
             f"  open_weights resolved (open, closed or n/a):              {shares['open_weights_resolved']:6.1%}",
             f"  params_b known and open_weights known:                    {shares['both_known']:6.1%}",
             f"  params_b resolved and open_weights resolved:              {shares['both_resolved']:6.1%}",
             f"  model found in the catalog:                               {shares['catalog']:6.1%}"]
    for column in ("params_source", "open_weights_source"):
        counts = scored[column].astype("string").fillna("unknown").value_counts()
        lines.append(f"  rows by {column}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    lines.append(f"models: {len(seen)} ({(seen['status'] == 'catalog').sum()} catalog, "
                 f"{(seen['status'] == 'family').sum()} family names, "
                 f"{(seen['status'] == 'base').sum()} built on a catalog model, "
                 f"{(seen['status'] == 'not-applicable').sum()} without weights (n-gram), {len(unknown)} unknown)")
    if len(unknown):
        lines.append("unknown models (rows): " + ", ".join(f"{m} ({n})" for m, n in zip(unknown["model"], unknown["rows"])))
    unresolved = views.unresolved_models(table)
    if len(unresolved):
        lines.append(f"models with size or openness unresolved ({int(unresolved['rows'].sum())} rows):")
        lines.extend(f"  {m} ({n}): {missing} unresolved: {reason}"
                     for m, n, missing, reason in unresolved[["model", "rows", "missing", "reason"]].itertuples(index=False))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.catalog:
        frame = _catalog_frame()
    else:
        try:
            table = store.read_table(args.table)
        except store.StoreError as exc:
            print(f"leaderboard models: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if args.recheck:
            try:
                papers = store.read_table(paths.papers_path_for(args.table), papers=True)
            except store.StoreError:
                papers = None   # no abstracts stored: the text rules see only titles and evidence
            table = normalize.reresolve(table, papers)
        if args.stats:
            print(stats_text(table))
            return 0
        frame = views.models_seen(table)
        if args.unknown:
            frame = frame[frame["status"] == "unknown"]
        frame = frame[LIST_COLUMNS]
    if args.output and not write_output(frame, args.output, "models"):
        return EXIT_USAGE
    print(_show(frame))
    return 0
