"""``harvest --update``: extract only the papers that are new or whose text changed.

The inputs are read as in a full harvest, but a paper whose identity and content hash (title and
abstract) the stored paper table already has is not extracted again: its stored score rows are
kept, with the paper fields they repeat (id, title, date, source, line) taken from the paper's
current record. Changed papers are replaced where they stood, new papers are appended in input
order, and papers the inputs no longer mention stay. Papers named in the corrections file (now or
at the previous build) are always extracted again, from the input or from the stored abstract, so
every correction is applied afresh and one that matches nothing is reported. Running the same
update twice therefore gives the identical table.

The merge holds both tables in memory (columnar); a full harvest streams.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from leaderboard.engines.assemble import Sink, papers_sink, record_from_paper_row
from leaderboard.engines.work import PAPER_SCHEMA, SCORE_SCHEMA, WorkContext, paper_identity, process_records, \
    version_hash

CORRECTED_KEY = b"leaderboard.corrected_papers"
PAPER_FIELDS_IN_ROWS = ["paper_id", "title", "published", "source", "line"]


def stored_tables(scores: Path, papers: Path) -> tuple[pa.Table, pa.Table] | None:
    if not (scores.exists() and papers.exists()):
        return None
    return pq.read_table(scores), pq.read_table(papers)


def corrected_before(scores: pa.Table) -> set[str]:
    meta = scores.schema.metadata or {}
    try:
        return set(json.loads(meta.get(CORRECTED_KEY, b"[]")))
    except ValueError:
        return set()


def unchanged_versions(old_papers: pa.Table, refresh: set[str]) -> frozenset:
    cols = old_papers.select(["paper_id", "arxiv_id", "content_hash"]).to_pydict()
    return frozenset(version_hash(p, a, h) for p, a, h in zip(cols["paper_id"], cols["arxiv_id"], cols["content_hash"])
                     if p not in refresh)


def _identities(papers: pd.DataFrame) -> pd.Series:
    return pd.Series([paper_identity(p, a if isinstance(a, str) else None)
                      for p, a in zip(papers["paper_id"], papers["arxiv_id"])], index=papers.index, dtype=object)


def merge_update(old_scores: pa.Table, old_papers: pa.Table, new_scores: pa.Table, new_papers: pa.Table,
                 ctx: WorkContext, refresh: set[str]) -> tuple[pa.Table, pa.Table, dict[str, int], set[int]]:
    """The updated (scores, papers), counts of new/changed/unchanged papers, corrections used."""
    op = old_papers.to_pandas(types_mapper=pd.ArrowDtype).reset_index(drop=True)
    np_ = new_papers.to_pandas(types_mapper=pd.ArrowDtype).reset_index(drop=True)
    os_ = old_scores.to_pandas(types_mapper=pd.ArrowDtype).reset_index(drop=True)
    ns = new_scores.to_pandas(types_mapper=pd.ArrowDtype).reset_index(drop=True)
    op["_ident"], np_["_ident"] = _identities(op), _identities(np_)
    old_pos = {ident: i for i, ident in reversed(list(enumerate(op["_ident"])))}
    versions = [version_hash(p, a if isinstance(a, str) else None, h)
                for p, a, h in zip(np_["paper_id"], np_["arxiv_id"], np_["content_hash"])]
    np_["_reused"] = [v in ctx.unchanged and p not in refresh for v, p in zip(versions, np_["paper_id"])]
    np_["_pos"] = [old_pos.get(ident, len(op) + j) for j, ident in enumerate(np_["_ident"])]
    in_new = set(np_["_ident"])
    counts = {"new": int((np_["_pos"] >= len(op)).sum()), "unchanged": int(np_["_reused"].sum())}
    counts["changed"] = len(np_) - counts["new"] - counts["unchanged"]

    # papers: every new-run paper at its old place (or appended), old papers the run did not see
    op["_pos"] = range(len(op))
    kept_old = op[~op["_ident"].isin(in_new)]
    papers = pd.concat([kept_old, np_], ignore_index=True).sort_values("_pos", kind="stable")

    # scores: old rows of kept old papers and of reused papers (paper fields refreshed), new rows otherwise
    old_paper_pos = {pid: i for i, pid in reversed(list(enumerate(op["paper_id"])))}
    os_["_pos"] = [old_paper_pos.get(pid, -1) for pid in os_["paper_id"]]
    os_["_ident"] = [op["_ident"].iat[p] if p >= 0 else None for p in os_["_pos"]]
    used: set[int] = set()
    extra_rows = []
    refresh_old = kept_old[kept_old["paper_id"].isin(refresh)]
    for _, row in refresh_old.iterrows():        # corrected papers the inputs did not mention
        rec = record_from_paper_row({k: (None if pd.isna(v) else v) for k, v in row.items()})
        rows, _, _, hit = process_records([rec], ctx)
        used |= hit
        extra_rows += [{**r, "_pos": row["_pos"]} for r in rows]
    keep_old_rows = os_[os_["_ident"].isin(set(kept_old["_ident"]) - set(refresh_old["_ident"]))]
    reused = np_[np_["_reused"]].set_index("_ident")
    carried = os_[os_["_ident"].isin(set(reused.index))].copy()
    for col in PAPER_FIELDS_IN_ROWS:
        carried[col] = carried["_ident"].map(reused[col]).astype(carried[col].dtype)
    carried["_pos"] = carried["_ident"].map(reused["_pos"]).astype("int64")
    fresh = np_[~np_["_reused"]]
    ns["_pos"] = ns["paper_id"].map(dict(zip(fresh["paper_id"], fresh["_pos"])))
    ns = ns[ns["_pos"].notna()]
    parts = [keep_old_rows, carried, ns]
    if extra_rows:
        parts.append(pa.Table.from_pylist(extra_rows, schema=SCORE_SCHEMA.append(pa.field("_pos", pa.int64())))
                     .to_pandas(types_mapper=pd.ArrowDtype))
    scores = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else os_.iloc[:0]
    scores = scores.sort_values("_pos", kind="stable")
    return (pa.Table.from_pandas(scores[SCORE_SCHEMA.names], schema=SCORE_SCHEMA, preserve_index=False),
            pa.Table.from_pandas(papers[PAPER_SCHEMA.names], schema=PAPER_SCHEMA, preserve_index=False),
            counts, used)


def write_tables(scores: pa.Table, papers: pa.Table, scores_target: Path, papers_target: Path, dataset: bool,
                 metadata: dict[bytes, bytes]) -> None:
    """Both tables through temporary sinks, papers committed first."""
    sinks = [papers_sink(papers_target, dataset), Sink(scores_target, SCORE_SCHEMA.with_metadata(metadata), dataset)]
    try:
        for sink, table in zip(sinks, (papers, scores)):
            for batch in table.to_batches(max_chunksize=65536):
                sink.write(pa.Table.from_batches([batch]))
        for sink in sinks:
            sink.commit()
    except BaseException:
        for sink in sinks:
            sink.discard()
        raise
