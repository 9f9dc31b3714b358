"""`leaderboard models`, `leaderboard conflicts` and `export --benchmark` on a table of real rows."""
from __future__ import annotations

import pandas as pd
import pytest

from gold_table import gold_table
from leaderboard import schema, store, views
from leaderboard.cli import main


@pytest.fixture(scope="module")
def table_path(tmp_path_factory):
    table = gold_table()
    row = table[(table["model"] == "Qwen2-72B") & (table["benchmark"] == "MMLU")].iloc[0].to_dict()
    row.update(score=82.3, score_norm=82.3, paper_id="2407.99999", title="A re-evaluation",
               evidence="In our re-evaluation Qwen2-72B scores 82.3 on MMLU.")
    path = tmp_path_factory.mktemp("t") / "scores.parquet"
    store.write_table(schema.conform(pd.concat([table, schema.from_rows([row])], ignore_index=True)), path)
    return path


def test_models_lists_resolved_and_unknown(table_path, capsys):
    assert main(["models", "--table", str(table_path)]) == 0
    out = capsys.readouterr().out
    assert "qwen-2-72b" in out and "catalog" in out and "unknown" in out
    assert main(["models", "--table", str(table_path), "--unknown"]) == 0
    unknown = capsys.readouterr().out
    assert "clue" in unknown and "qwen-2-72b " not in unknown and "promptcap" not in unknown
    assert "kneser-ney-5-gram" not in unknown        # an n-gram model: nothing to add to the catalog


def test_models_stats_prints_the_shares(table_path, capsys):
    assert main(["models", "--table", str(table_path), "--stats"]) == 0
    out = capsys.readouterr().out
    assert "unknown models (rows):" in out and "CLUE (1)" in out
    shares = views.resolution_shares(store.read_table(table_path))
    # both ways of counting each criterion, each labelled, each the share the view computes
    for label, key in [("params_b known (a number):", "params_known"),
                       ("params_b resolved (a number, 'undisclosed' or n/a):", "params_resolved"),
                       ("open_weights known (open or closed):", "open_weights_known"),
                       ("open_weights resolved (open, closed or n/a):", "open_weights_resolved"),
                       ("params_b known and open_weights known:", "both_known"),
                       ("params_b resolved and open_weights resolved:", "both_resolved")]:
        line = next(line for line in out.splitlines() if label in line)
        assert line.split()[-1] == f"{shares[key]:.1%}", line
    assert shares["both_known"] <= shares["both_resolved"] <= shares["params_resolved"]
    assert shares["open_weights_known"] <= shares["open_weights_resolved"]
    assert "rows by params_source:" in out and "models with size or openness unresolved" in out
    # every unresolved model is listed with what is missing and why
    assert "  CLUE (1): openness unresolved: not in the catalog;" in out
    assert "  WizardMath (1): size unresolved: a bare family name (WizardMath): its models differ in size" in out
    # a pipeline whose parts are all sized (PromptCap: its OFA-Large captioner and GPT-3) is resolved
    assert "PromptCap" not in out.split("models with size or openness unresolved")[1]
    assert "  WizardLM (1): size unresolved: a bare family name (WizardLM): its models differ in size" in out
    assert "CoE" not in out.split("models with size or openness unresolved")[1]   # the sum of its experts
    assert "Kneser-Ney" not in out.split("models with size or openness unresolved")[1]


def test_models_catalog_and_output_file(table_path, tmp_path, capsys):
    out = tmp_path / "models.csv"
    assert main(["models", "--table", str(table_path), "-o", str(out)]) == 0
    listed = pd.read_csv(out)
    assert listed["model_key"].is_unique and "gpt-4o" in set(listed["model_key"])
    assert main(["models", "--catalog"]) == 0
    assert "mixtral-8x7b" in capsys.readouterr().out


def test_conflicts_command_shows_both_evidences(table_path, capsys):
    assert main(["conflicts", "--table", str(table_path)]) == 0
    out = capsys.readouterr().out
    assert "Qwen2-72B [qwen-2-72b] on MMLU" in out and "2 numbers from 2 papers" in out
    assert "In our re-evaluation Qwen2-72B scores 82.3 on MMLU." in out and "84.2 on MMLU" in out
    assert main(["conflicts", "--table", str(table_path), "--benchmark", "gsm8k"]) == 0
    assert capsys.readouterr().out.strip() == "no conflicts"


def test_missing_table_is_a_usage_error(tmp_path):
    assert main(["models", "--table", str(tmp_path / "none.parquet")]) == 2
    assert main(["conflicts", "--table", str(tmp_path / "none.parquet")]) == 2


def test_export_benchmark_writes_the_board(table_path, tmp_path):
    out = tmp_path / "mmlu.csv"
    assert main(["export", "--table", str(table_path), "--benchmark", "MMLU", "-o", str(out)]) == 0
    board = pd.read_csv(out)
    assert board["model_key"].is_unique and list(board["rank"])[0] == 1
    qwen = board[board["model_key"] == "qwen-2-72b"].iloc[0]
    assert qwen["score"] == 84.2 and bool(qwen["conflict"])
    assert main(["export", "--table", str(table_path), "--benchmark", "MMLU", "--setting", "no-such",
                 "-o", str(out)]) == 3


def test_models_recheck_resolves_a_stale_table_again(tmp_path, capsys):
    table = gold_table().copy()
    table["params_b"] = pd.NA
    table["params_source"] = "unknown"
    path = tmp_path / "stale.parquet"
    store.write_table(schema.conform(table), path)
    assert main(["models", "--table", str(path), "--stats"]) == 0
    known = "params_b known (a number):                                  0.0%"
    assert known in capsys.readouterr().out
    assert main(["models", "--table", str(path), "--stats", "--recheck"]) == 0
    assert "params_b known (a number):" in (out := capsys.readouterr().out) and known not in out
    assert store.read_table(path)["params_b"].isna().all()      # the stored table is not changed


def test_conflicts_listing_survives_missing_fields():
    from leaderboard import views
    from leaderboard.commands.conflicts import describe
    rows = [{"model": "A", "model_key": "a", "benchmark": "MMLU", "score": s, "score_norm": s, "kind": "score",
             "paper_id": p} for s, p in [(61.0, "x"), (62.5, "y")]]
    text = describe(views.conflicts(schema.from_rows(rows)))
    assert "A [a] on MMLU: 2 numbers from 2 papers" in text and "62.5" in text and text.endswith("1 conflicts")


@pytest.fixture(scope="module")
def seed_table(tmp_path_factory):
    """The seeds harvested as a user does: `leaderboard harvest` (the committed corrections apply)."""
    from conftest import RAW
    path = tmp_path_factory.mktemp("seeds") / "scores.parquet"
    assert main(["harvest", str(RAW), "-o", str(path), "-q", "--no-progress"]) == 0
    return store.read_table(path)


def test_seed_table_sizes_and_openness_are_resolved_for_most_rows(seed_table, capsys):
    shares = views.resolution_shares(seed_table)
    print(f"seed table: {shares}")
    assert shares["both_resolved"] >= 0.77, shares
    assert shares["params_resolved"] >= 0.79 and shares["open_weights_resolved"] >= 0.91, shares
    # what stays unresolved is listed, each with a reason, and is few rows
    unresolved = views.unresolved_models(seed_table)
    assert unresolved["reason"].str.len().gt(10).all()
    assert unresolved["rows"].sum() == round((1 - shares["both_resolved"]) * shares["rows"])
    # a version made from a catalog model by a change of size says so, naming its base
    reasons = dict(zip(unresolved["model"], unresolved["reason"]))
    assert reasons["Nemotron-4 15B (upcycled)"] == "upcycled from its base model (Nemotron-4 15B), so not of the base's size"
    assert reasons["WizardLM"] == "a bare family name (WizardLM): its models differ in size"
    assert reasons["WizardLM + WizardMath"] == "names the family WizardMath but none of its models: they differ in size"


def _rows(table, key):
    rows = table[(table["model_key"] == key) & (table["kind"] == "score")]
    assert len(rows), key
    return rows


def test_seed_rows_resolved_from_reports_bases_and_rules(seed_table):
    quiet = _rows(seed_table, "quiet-star")              # Mistral 7B, continued pretraining
    assert (quiet["params_b"] == 7.3).all() and (quiet["params_source"] == "base").all() and quiet["open_weights"].all()
    adapter = _rows(seed_table, "generativeadapter")     # applied to two 7B models
    assert (adapter["params_b"] == 7.0).all() and (adapter["params_source"] == "base").all()
    chain = _rows(seed_table, "chain-of-code")           # results from API models of undisclosed size
    assert (chain["params_source"] == "undisclosed").all() and (~chain["open_weights"]).all()
    ngram = _rows(seed_table, "kneser-ney-5-gram")       # no weights: nothing to know
    assert (ngram["params_source"] == "not-applicable").all() and ngram["open_weights"].isna().all()
    for key, size in [("dosod-s", 0.01148), ("yolo-world-v1-s", 0.01332), ("yolo-world-v2-s", 0.01266)]:
        assert (_rows(seed_table, key)["params_b"] == size).all(), key
    # bare family names: open (every WizardLM / WizardMath is), but no one size (7B, 13B, 70B)
    for key in ("wizardlm", "wizardmath"):
        rows = _rows(seed_table, key)
        assert rows["params_b"].isna().all() and rows["open_weights"].all() and (rows["params_source"] == "unknown").all()
    # a composition of 7B..72B experts holds them all; each score has the active count its clause states
    coe = _rows(seed_table, "coe")
    assert (coe["params_b"] == 185.44).all() and sorted(coe["active_params_b"]) == [31.0, 54.0]
    # a vision-language model with no published total: the nominal size of its released name
    assert (_rows(seed_table, "valley-2")["params_b"] == 7.0).all()
    # pipelines: the ASR and the error-correcting LM together; the captioner and GPT-3 together
    dlm = _rows(seed_table, "denoising-lm")     # "Denoising LM (DLM)": the paper defines its short name
    assert (dlm["params_b"] == 0.739).all() and (dlm["params_source"] == "base").all() and (~dlm["open_weights"]).all()
    promptcap = _rows(seed_table, "promptcap")
    # the captioner is OFA-Large fine-tuned (0.47B) and GPT-3 reads its captions (175B): closed
    assert (promptcap["params_b"] == 175.47).all() and (~promptcap["open_weights"]).all()
    # a closed research model whose paper gives no parameter count
    compressive = _rows(seed_table, "compressive-transformer")
    assert (compressive["params_source"] == "undisclosed").all() and (~compressive["open_weights"]).all()


@pytest.mark.parametrize("query, kept", [
    ("", True),                                   # no filter: every model
    ("max_params=10", False),                     # a size bound: models of no known size drop out ...
    ("max_params=10&unknown_size=1", True),       # ... unless the unknown-size toggle keeps them
    ("open=open", False), ("open=closed", False),  # neither open nor closed
    ("open=unknown", True),
])
def test_an_ngram_model_under_the_size_and_openness_filters(seed_table, query, kept):
    """A count-based n-gram model (no size, no weights) goes through the dashboard's filters like a
    model of unknown size and openness: kept when nothing is asked of size or openness."""
    from leaderboard.filters import from_query
    from leaderboard.query import TableIndex
    scores = seed_table[seed_table["kind"] == "score"].reset_index(drop=True)
    mask = TableIndex(scores).mask(from_query(query))
    ngram = (scores["params_source"] == "not-applicable").to_numpy()
    assert ngram.sum() == 1 and bool(mask[ngram][0]) is kept
    if query == "max_params=10":                  # the bound itself still works on known sizes
        sizes = scores["params_b"].astype(float)
        assert (sizes[mask] <= 10).all() and mask.sum() > 0


def test_a_pipeline_with_an_unsized_part_says_which_parts(tmp_path, monkeypatch):
    """The reason names the parts, so a user sees which one's size to add to the catalog."""
    from leaderboard import catalog
    from test_catalog import _row, _write
    path = tmp_path / "models.csv"
    _write(path, [_row(name="Cap-S", params_b=""),
                  _row(name="Big-API", params_b="175", open_weights="no", licence="proprietary"),
                  _row(name="Cap-Pipe", params_b="sum", base_model="Cap-S|Big-API", open_weights="no",
                       licence="proprietary", variant="method")])
    monkeypatch.setattr(views.catalog, "lookup", catalog.Catalog.build(catalog.read(path)).lookup)
    model = pd.Series({"status": "catalog", "model_key": "cap-pipe", "model": "Cap-Pipe",
                       "base_model": "Cap-S | Big-API", "family": "Foo"})
    assert views._why_unresolved(model, size_ok=False, open_ok=True) == (
        "the sizes of the models it runs together are not all recorded (Cap-S | Big-API)")
