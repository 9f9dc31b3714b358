"""Normalization: model keys, sizes, openness and benchmark scales, on real abstracts and rows."""
from __future__ import annotations

import string

import pytest
from hypothesis import given, settings, strategies as st

from gold_table import HELDOUT, gold_table, records
from leaderboard import views
from leaderboard.modelnames import fold, is_count_based, resizing_word, size_from_name
from leaderboard.normalize import (active_from_text, model_key, names_a_version, normalize_score, openness_from_text, resolve_model,
                                   size_from_text, sizes_in)


@pytest.mark.parametrize("spellings", [
    ["Llama 3 8B", "Llama-3-8B", "LLaMA-3-8b", "meta-llama/Meta-Llama-3-8B", "Meta-Llama-3-8B", "llama3-8b",
     "Llama-3-8B-hf", "LLAMA_3_8B"],
    ["Qwen2-72B", "Qwen-2-72b", "Qwen/Qwen2-72B", "qwen2 72b"],
    ["Gemini-1.5-Pro", "Gemini1.5-Pro", "gemini 1.5 pro", "gemini-1.5-pro-001"],
    ["ChatGPT", "gpt-3.5-turbo", "GPT-3.5", "gpt-3.5-turbo-0613"],
    ["Mixtral 8x7B", "Mixtral-8x7B-v0.1", "mistralai/Mixtral-8x7B-v0.1", "Mixtral 8×7B"],
    ["Command R+", "Command R Plus", "c4ai-command-r-plus"],
    ["Tülu 2 7B", "Tulu-2-7B"],
    ["Zephyr-7B-β", "zephyr-7b-beta"],
])
def test_spellings_of_one_model_share_one_key(spellings):
    keys = {model_key(s) for s in spellings}
    assert len(keys) == 1, keys


def test_distinct_models_keep_distinct_keys():
    names = ["Llama-3-8B", "Llama-3-8B-Instruct", "Llama-3.1-8B", "Llama-2-7B", "Qwen-7B", "Qwen2-7B",
             "Qwen1.5-7B", "Command R", "Command R+", "phi-1", "phi-1-small", "Mistral-7B-v0.3", "Mistral-7B"]
    assert len({model_key(n) for n in names}) == len(names)


def test_a_slash_is_an_org_prefix_only_in_a_hub_id():
    """"owner/name" drops the owner; a slash inside a name ("ViT-L/14") or between listed sizes
    ("Llama-2-7B/13B") is a separator, never a cut that leaves "14" or "13B" as the model."""
    assert model_key("EleutherAI/pythia-6.9b") == model_key("Pythia-6.9B")
    assert model_key("CLIP ViT-L/14") == "clip-vit-l-14" != model_key("CLIP ViT-B/16")
    assert model_key("Llama-2-7B/13B") == "llama-2-7b-13b"
    assert size_from_name("Llama-2-7B/13B") is None          # two sizes: not one model's size
    assert size_from_name("Qwen/Qwen2-72B") == (72.0, None)


NAME_PARTS = st.lists(st.text(alphabet=string.ascii_letters + string.digits + ".", min_size=1, max_size=6),
                      min_size=1, max_size=5)


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_model_key_is_idempotent(name):
    key = model_key(name)
    assert key is None or model_key(key) == key
    assert fold(fold(name)) == fold(name)


@given(NAME_PARTS, st.lists(st.sampled_from([" ", "-", "_", " - ", "  "]), min_size=5, max_size=5),
       st.lists(st.booleans(), min_size=40, max_size=40))
@settings(max_examples=300, deadline=None)
def test_model_key_stable_under_case_space_and_hyphen_variants(parts, seps, upper):
    plain = "-".join(parts)
    variant = "".join(p + (seps[i] if i < len(parts) - 1 else "") for i, p in enumerate(parts))
    variant = "".join(c.upper() if upper[i % 40] else c.lower() for i, c in enumerate(variant))
    assert model_key(variant) == model_key(plain)


@pytest.mark.parametrize("name, size", [
    ("Nimbus-3B", 3.0), ("Polyglot-Chat-70B", 70.0), ("SmolThing-360M", 0.36), ("Foo-8x22B", 176.0),
    ("Kneser-Ney 5-gram", None), ("GPT-4o", None), ("Foo-7B-vs-13B", None), ("Qwen2.5-1.5B", 1.5),
])
def test_size_from_name(name, size):
    got = size_from_name(name)
    assert (got[0] if got else None) == size


@pytest.mark.parametrize("text, sizes", [
    ("We train our 1.6B model on 2T tokens.", [1.6]),
    ("We present a 7B parameter model.", [7.0]),
    ("PaLM has 540 billion parameters.", [540.0]),
    ("an MoE with 8x22B parameters", [176.0]),
    ("a 1.3B-parameter transformer", [1.3]),
    ("trained on 1.5 trillion tokens and 300B tokens of code", []),
    ("ranks second among models with fewer than 10B parameters", []),
    ("a dataset of 4.2 million examples", []),
    ("our 1.6B and 7B models", [1.6, 7.0]),
    ("with only 350M parameters", [0.35]),
    ("in 1B, 3B or 8B parameters", [1.0, 3.0, 8.0]),
    ("trained on 300B and 1T tokens", []),
    ("it outperforms 70B models and is smaller than 13B models", []),
    # a count of active parameters is not the model's size
    ("our 16B model, a 2.8B active-parameter model", [16.0]),
    ("with merely 31 billion average active parameters", []),
])
def test_sizes_in_text(text, sizes):
    assert sizes_in(text) == sizes


def test_size_from_text_needs_one_answer():
    assert size_from_text("Our 1.6B model beats a 7B model.", "Our 1.6B model is small.") == 1.6
    # two sizes: the one the authors call their own ("our", "this") answers
    assert size_from_text("We compare a 7B model with our 1.6B model on MMLU.") == 1.6
    assert size_from_text("This 350M-parameter encoder is distilled from a 3B teacher model.") == 0.35
    # two own sizes, or two sizes and none of them own: no answer
    assert size_from_text("Our 1.6B and 7B models beat a 13B model.") is None
    assert size_from_text("We train a 1.3B model and a 2.7B model.") is None
    assert size_from_text("Our smaller 1.6B model even beats larger 7B models.") == 1.6


@pytest.mark.parametrize("text", [
    "Foo outperforms 70B models on GSM8K.",
    "Foo is competitive with much larger 70B models.",
    "Foo is better than 13B models at coding.",
    "Foo reaches the accuracy of larger 13B models.",
    "Foo rivals Llama 2 70B models while being faster.",
    "compared to 175B parameter models, Foo is cheap.",
])
def test_sizes_of_compared_models_are_not_the_systems(text):
    assert size_from_text(text, text) is None


def _abstract(model):
    for rec in records():
        if any(s["model"] == model for s in rec["scores"]):
            return rec
    raise LookupError(model)


def test_openness_from_real_abstracts():
    valley = _abstract("Valley2")       # "The code and model weights are open-sourced at ..."
    assert openness_from_text("Valley2", valley["abstract"], valley["title"]) is True
    dosod = _abstract("DOSOD-S")        # "The codes and models are publicly available at ..."
    assert openness_from_text("DOSOD-S", dosod["abstract"], dosod["title"]) is True
    # the catalog (DOSOD's README: weights released) agrees with the text; a DOSOD size it does not
    # list gets what all DOSOD models share
    assert resolve_model("DOSOD-S", dosod["abstract"], dosod["title"])["open_weights_source"] == "catalog"
    dosod_row = resolve_model("DOSOD-XL", dosod["abstract"], dosod["title"])
    assert (dosod_row["open_weights"], dosod_row["open_weights_source"]) == (True, "family")
    # the baseline in the same abstract is not the paper's own model: the release is not about it
    assert openness_from_text("YOLO-World-v1-S", dosod["abstract"], dosod["title"]) is None
    yolo = resolve_model("YOLO-World-v1-S", dosod["abstract"], dosod["title"])
    assert yolo["open_weights_source"] == "catalog"
    coe = _abstract("CoE")              # built from open-weight LLMs, but releases nothing itself
    assert openness_from_text("CoE", coe["abstract"], coe["title"]) is None


@pytest.mark.parametrize("abstract, expected", [
    ("We introduce Foo-LM, a 2B model. We release the weights at huggingface.co/acme/foo-lm.", True),
    ("We introduce Foo-LM. Model checkpoints are publicly available.", True),
    ("We introduce Foo-LM, a proprietary model served through our API.", False),
    ("We introduce Foo-LM. The code is available at github.com/acme/foo.", None),  # code is not weights
    ("Foo-LM beats open-source baselines.", None),
    ("We introduce Foo-LM. Foo-LM is fully open-source.", True),
    ("We compare against the open-weight Foo-LM.", True),
    ("We introduce Foo-LM. Foo-LM outperforms proprietary models on MMLU.", None),   # other models
    ("We introduce Foo-LM. Foo-LM rivals GPT-4, a proprietary model.", None),        # GPT-4 is, not Foo-LM
    ("Foo-LM and other open-source models lag behind.", None),
])
def test_openness_rules(abstract, expected):
    assert openness_from_text("Foo-LM", abstract, "Foo-LM: a model") is expected


def test_catalog_wins_over_text_and_says_so():
    row = resolve_model("Qwen2-72B", "We use the proprietary Qwen2-72B API.", None)
    assert (row["open_weights"], row["open_weights_source"], row["params_b"]) == (True, "catalog", 72.0)
    mixtral = resolve_model("Mixtral 8x7B")
    assert (mixtral["params_b"], mixtral["active_params_b"], mixtral["params_source"]) == (46.7, 12.9, "catalog")
    unknown = resolve_model("Foo-8x22B")
    assert (unknown["params_b"], unknown["params_source"], unknown["open_weights_source"]) == (176.0, "name", "unknown")
    gpt = resolve_model("GPT-4o")
    assert (gpt["params_b"], gpt["params_source"], gpt["open_weights"]) == (None, "undisclosed", False)
    derived = resolve_model("CPT-Llama-3-8B-Instruct")
    assert derived["model_key"] == "cpt-llama-3-8b-instruct"
    assert (derived["params_b"], derived["params_source"], derived["open_weights_source"]) == (8.0, "base", "base")


@pytest.mark.parametrize("bench, score, unit, norm, in_range", [
    ("MMLU", 0.842, "points", 84.2, True),
    ("MMLU", 84.2, "%", 84.2, True),
    ("mmlu", 84.2, "points", 84.2, True),
    ("MMLU", 184.2, "points", 184.2, False),
    ("MT-Bench", 9.1, "points", 9.1, True),
    ("MT Bench", 91.0, "%", 91.0, False),
    ("BBH", 0.5, "points", 50.0, True),
    ("HarmBench", 0.5, "points", 0.5, True),     # lower is better: 0.5% attack success is plausible
])
def test_benchmark_scales(bench, score, unit, norm, in_range):
    out = normalize_score(bench, score, unit)
    assert out["score_norm"] == pytest.approx(norm) and out["in_range"] is in_range
    assert out["benchmark_known"] is True


def test_unknown_benchmark_is_kept_as_written():
    out = normalize_score("NoSuchBench-9", 0.5, "points")
    assert (out["benchmark"], out["benchmark_known"], out["in_range"], out["score_norm"]) == \
        ("NoSuchBench-9", False, None, 0.5)


def test_gold_rows_resolve_the_models_the_issue_names():
    table = gold_table()
    scores = table[table["kind"] == "score"]
    assert scores["model_key"].notna().all()
    qwen = scores[scores["model"] == "Qwen2-72B"].iloc[0]
    assert (qwen["params_b"], qwen["open_weights"]) == (72.0, True)
    assert not scores[scores["model"] == "GPT-4o"]["open_weights"].any()
    assert scores[scores["model"] == "Qwen-2-72b"]["model_key"].iloc[0] == qwen["model_key"]
    llama = scores[scores["model"].isin(["Llama 3 8B", "LLaMA-3-70b", "Llama-3-70B"])]
    assert set(llama["model_key"]) == {"llama-3-8b", "llama-3-70b"}


def test_seed_harvest_rows_all_have_model_keys(seed_harvest):
    scores = seed_harvest.scores
    named = scores[scores["model"].notna()]
    assert named["model_key"].notna().all()
    assert set(scores["params_source"].dropna()) <= {"catalog", "family", "base", "name", "text", "undisclosed",
                                                       "not-applicable", "unknown"}
    assert set(scores["open_weights_source"].dropna()) <= {"catalog", "family", "base", "text", "not-applicable",
                                                            "unknown"}


def test_bare_family_name_gets_only_what_its_models_share():
    llama2 = resolve_model("Llama 2")
    assert (llama2["family"], llama2["open_weights"], llama2["open_weights_source"]) == ("Llama 2", True, "family")
    assert llama2["params_b"] is None and llama2["params_source"] == "unknown"   # 7B, 13B or 70B
    claude = resolve_model("Claude 3")
    assert (claude["open_weights"], claude["params_source"]) == (False, "undisclosed")
    mistral = resolve_model("Mistral")      # open 7B and API-only Large: openness stays unknown
    assert mistral["open_weights"] is None and mistral["open_weights_source"] == "unknown"
    orca2 = resolve_model("Orca 2")         # its 7B and 13B are both released (Orca 1 never was)
    assert (orca2["family"], orca2["open_weights"], orca2["params_source"]) == ("Orca 2", True, "unknown")


def test_a_version_the_catalog_does_not_list_gets_only_family_and_maker():
    # MiniMax-Text-01 is 456B and open; a generation the catalog does not list ("MiniMax-M4") is
    # neither known to be, so it gets its family and maker and nothing the listed model has.
    # MiniMax-M2, listed since, shows why: 230B total, 10B active
    m4 = resolve_model("MiniMax-M4")
    assert (m4["family"], m4["organisation"]) == ("MiniMax", "MiniMax")
    assert (m4["params_b"], m4["params_source"], m4["open_weights"], m4["open_weights_source"]) == \
        (None, "unknown", None, "unknown")
    m2 = resolve_model("MiniMax-M2")
    assert (m2["params_b"], m2["active_params_b"], m2["params_source"]) == (230, 10, "catalog")
    ernie5 = resolve_model("ERNIE 5.0")         # not ERNIE 4.0's closed weights by inheritance
    assert (ernie5["family"], ernie5["open_weights"], ernie5["params_source"]) == ("ERNIE", None, "unknown")
    # a size or a word beside the family name keeps what the family shares
    assert resolve_model("WizardLM + DARE")["open_weights_source"] == "family"
    assert names_a_version(("k1.5",)) and names_a_version(("4.5",)) and names_a_version(("m2",))
    assert not any(names_a_version(p) for p in [("34b",), ("8x7b",), ("21b", "a3b"), ("dare",), ("xl",), ()])


def test_closed_cue_must_qualify_the_model():
    qwen2 = next(r for r in records() if r["id"] == "001_65cf3989b08e470f:56")
    # "competitive performance relative to proprietary models" is about other models
    assert openness_from_text("Qwen2", qwen2["abstract"], qwen2["title"]) is True
    assert openness_from_text("Foo-LM", "We compare with the proprietary Foo-LM.", None) is False
    assert openness_from_text("Foo-LM", "Foo-LM, a closed-source model, wins.", None) is False


def test_seed_harvest_resolves_the_models_the_issue_names(seed_harvest):
    scores = seed_harvest.scores[seed_harvest.scores["kind"] == "score"]
    qwen = scores[scores["model_key"] == "qwen-2-72b"]
    assert len(qwen) and (qwen["params_b"] == 72).all() and qwen["open_weights"].all()
    assert (qwen["params_source"] == "catalog").all()
    gpt4o = scores[scores["model_key"] == "gpt-4o"]
    assert len(gpt4o) and (~gpt4o["open_weights"]).all() and (gpt4o["open_weights_source"] == "catalog").all()
    shares = views.resolution_shares(seed_harvest.scores)
    print(f"seed harvest: {shares}")
    assert shares["model_key"] == 1.0


def test_report_style_abstracts_resolve_size_and_openness_for_nine_rows_in_ten():
    # the held-out abstracts read like model reports: the models scored are named models
    shares = views.resolution_shares(gold_table(HELDOUT))
    assert shares["params_resolved"] >= 0.9 and shares["open_weights_known"] >= 0.9, shares


def test_reresolve_restores_model_attributes_from_catalog_and_abstracts():
    import pandas as pd

    from leaderboard import schema
    from leaderboard.normalize import MODEL_COLUMNS, reresolve
    table = gold_table()
    stale = table.copy()
    for column in MODEL_COLUMNS[1:]:
        stale[column] = pd.NA
    stale = schema.conform(stale)
    papers = schema.papers_from_rows({"paper_id": r["id"], "title": r["title"], "abstract": r["abstract"]}
                                     for r in records())
    again = reresolve(stale, papers)
    pd.testing.assert_frame_equal(again[MODEL_COLUMNS], table[MODEL_COLUMNS])
    assert (again["score"].equals(table["score"])) and again["evidence"].equals(table["evidence"])
    # without abstracts the catalog still answers for its own spellings; text-derived openness
    # and a short name the abstract defines ("Denoising LM (DLM)") are lost
    bare = reresolve(stale)
    catalog_rows = (table["open_weights_source"] == "catalog") & (table["model"].map(model_key) == table["model_key"])
    assert ((table["open_weights_source"] == "catalog") & ~catalog_rows).sum() == 2    # the two DLM rows
    pd.testing.assert_frame_equal(bare.loc[catalog_rows, MODEL_COLUMNS], table.loc[catalog_rows, MODEL_COLUMNS])


@pytest.mark.parametrize("name", ["Kneser-Ney 5-gram", "KN 5-gram LM", "unpruned trigram model",
                                  "Katz backoff 4-gram", "modified Kneser-Ney 5-grams", "n-gram LM"])
def test_count_based_ngram_models_have_no_size_or_weights_to_know(name):
    assert is_count_based(name)
    row = resolve_model(name, "The baseline unpruned Kneser-Ney 5-gram model achieves perplexity 67.6.")
    assert (row["params_source"], row["open_weights_source"]) == ("not-applicable", "not-applicable")
    assert row["params_b"] is None and row["open_weights"] is None and row["model_key"] == fold(name)


@pytest.mark.parametrize("name", ["RNN + KN 5-gram", "neural 5-gram LM", "MaxEnt 9-gram", "Engram-7B",
                                  "Telegram 5-gram", "GRAM", "Llama-2-7B"])
def test_neural_models_and_lookalikes_are_not_count_based(name):
    assert not is_count_based(name)
    assert resolve_model(name)["params_source"] != "not-applicable"


def test_catalog_rows_built_on_a_base_say_so():
    quiet = resolve_model("Quiet-STaR")          # continued pretraining of Mistral 7B
    assert (quiet["params_b"], quiet["params_source"], quiet["base_model"]) == (7.3, "base", "Mistral-7B-v0.1")
    assert (quiet["open_weights"], quiet["open_weights_source"]) == (True, "catalog")
    chain = resolve_model("Chain of Code")       # a prompting method; its results come from API models
    assert (chain["params_b"], chain["params_source"], chain["open_weights"]) == (None, "undisclosed", False)
    assert "text-davinci-003" in chain["base_model"] and "PaLM 2" in chain["base_model"]
    own = resolve_model("Mistral-7B-v0.1")       # a model trained from scratch has its own size
    assert (own["params_source"], own["base_model"]) == ("catalog", None)


def test_a_family_named_in_the_plural_is_that_family():
    convnexts = resolve_model("ConvNeXts")        # "ConvNeXts compete favorably with Transformers"
    assert (convnexts["family"], convnexts["open_weights"], convnexts["params_source"]) == ("ConvNeXt", True, "unknown")


def test_a_version_changed_in_size_keeps_its_bases_openness_but_not_its_size():
    upcycled = resolve_model("Nemotron-4 15B (upcycled)")     # an MoE made from a closed 15B model
    assert (upcycled["base_model"], upcycled["params_b"], upcycled["params_source"]) == ("Nemotron-4 15B", None, "unknown")
    assert (upcycled["open_weights"], upcycled["open_weights_source"]) == (False, "base")
    tuned = resolve_model("Llama-2-7B (fine-tuned)")           # fine-tuning keeps the parameter count
    assert (tuned["params_b"], tuned["params_source"], tuned["base_model"]) == (7.0, "base", "Llama-2-7B")
    assert resizing_word("Llama-2-7B (pruned)") == "pruned" and resizing_word("Llama-2-7B-MoE") == "moe"
    assert resizing_word("Llama-2-7B (fine-tuned)") is None and resizing_word(None) is None


COE = ("CoEs obtained using open weight LLMs Qwen/Qwen2-7B-Instruct, google/gemma-2-9b-it, google/gemma-2-27b-it, "
       "meta-llama/Llama-3.1-70B-Instruct and Qwen/Qwen2-72B-Instruct achieve a score of 59.4 with merely 31 billion "
       "average active parameters on Arena-Hard and a score of 9.06 with 54 billion average active parameters on "
       "MT-Bench.")


@pytest.mark.parametrize("sentence, number, active", [
    # each score takes the active count of its own clause
    (COE, "59.4", 31.0), (COE, "9.06", 54.0),
    ("Foo scores 59.4 on Arena-Hard with 31B active parameters and 9.06 on MT-Bench with 54B active parameters.",
     "9.06", 54.0),
    ("With 31B active parameters, Foo scores 59.4 on Arena-Hard, and with 54B active parameters 9.06 on MT-Bench.",
     "59.4", 31.0),
    ("With 31B active parameters, Foo scores 59.4 on Arena-Hard, and with 54B active parameters 9.06 on MT-Bench.",
     "9.06", 54.0),
    # one count for the whole claim applies to each of its scores
    ("Foo achieves 59.4 on Arena-Hard and 9.06 on MT-Bench with 31B active parameters.", "59.4", 31.0),
    ("Foo achieves 59.4 on Arena-Hard and 9.06 on MT-Bench with 31B active parameters.", "9.06", 31.0),
    # other spellings
    ("Foo, activating only 2.7B parameters per token, reaches 61.2 on MMLU.", "61.2", 2.7),
    ("Foo (16B total, 2.8B activated params) reaches 61.2 on MMLU.", "61.2", 2.8),
    ("Foo reaches 61.2 on MMLU with 14B parameters activated.", "61.2", 14.0),
    ("Foo, a 3B-active model, reaches 61.2 on MMLU.", "61.2", 3.0),
    ("Foo reaches 61.2 on MMLU with 480 million active parameters.", "61.2", 0.48),
    # a count across a contrast belongs to another model; two counts and no clause to choose: nothing
    ("Foo achieves 59.4 while Bar with 31B active parameters scores 50.1.", "59.4", None),
    ("Foo achieves 59.4, more than Bar with 31B active parameters.", "59.4", None),
    ("Foo (3B or 7B active parameters) reaches 61.2 on MMLU.", "61.2", None),
    # no active count, or an inactive one
    ("Foo reaches 61.2 on MMLU with 7B parameters.", "61.2", None),
    ("Foo reaches 61.2 on MMLU; its active learning loop uses 7B tokens.", "61.2", None),
])
def test_active_parameters_stated_for_each_score(sentence, number, active):
    assert active_from_text(sentence, sentence.index(number)) == active


@given(st.floats(min_value=0.1, max_value=999, allow_nan=False).map(lambda x: round(x, 1)),
       st.sampled_from(["B", " billion"]), st.sampled_from(["active", "average active", "activated"]),
       st.sampled_from(["parameters", "params"]), st.integers(min_value=0, max_value=3))
@settings(max_examples=60, deadline=None)
def test_one_stated_active_count_is_read_back(value, unit, adjective, noun, filler):
    """Whatever the spelling and whatever comes between, a clause's one active count is read back."""
    sentence = ("Foo reaches 61.2 on MMLU " + "in every setting " * filler
                + f"with {value:g}{unit} {adjective} {noun}.")
    assert active_from_text(sentence, sentence.index("61.2")) == round(value, 4)


def test_stated_active_count_reaches_the_row_but_never_overrides_the_catalog():
    from leaderboard.normalize import with_stated_active
    row = dict(resolve_model("Foo-16B", "We introduce Foo-16B."))
    with_stated_active(row, "Foo-16B reaches 61.2 on MMLU with 2.8B active parameters.", 16)
    assert (row["params_b"], row["active_params_b"]) == (16.0, 2.8)
    # a count not below the total is not an active count of this model
    row = dict(resolve_model("Foo-16B", "We introduce Foo-16B."))
    with_stated_active(row, "Foo-16B reaches 61.2 on MMLU with 20B active parameters.", 16)
    assert row["active_params_b"] is None
    # the catalog's facts win: Mixtral 8x7B is 46.7 / 12.9 whatever a sentence says
    row = dict(resolve_model("Mixtral 8x7B"))
    with_stated_active(row, "Mixtral 8x7B reaches 70.6 on MMLU with 13B active parameters.", 20)
    assert (row["params_b"], row["active_params_b"]) == (46.7, 12.9)
    # a dense catalog model gets no active count either
    row = dict(resolve_model("Llama-3-8B"))
    with_stated_active(row, "Llama-3-8B reaches 66.6 on MMLU with 8B active parameters.", 18)
    assert row["active_params_b"] is None


def test_reresolve_gives_each_row_its_own_active_count(seed_harvest):
    """A stored table re-resolved (``models --recheck``) gets back the per-score active counts."""
    import pandas as pd

    from leaderboard import schema
    from leaderboard.normalize import MODEL_COLUMNS, reresolve
    table = seed_harvest.scores
    stale = table.copy()
    for column in MODEL_COLUMNS[1:]:
        stale[column] = pd.NA
    again = reresolve(schema.conform(stale), seed_harvest.papers)
    coe = again[again["model"] == "CoE"].set_index("benchmark")
    assert coe.loc["Arena-Hard", "active_params_b"] == 31.0 and coe.loc["MT-Bench", "active_params_b"] == 54.0
    pd.testing.assert_frame_equal(again[MODEL_COLUMNS].reset_index(drop=True),
                                  schema.conform(table)[MODEL_COLUMNS].reset_index(drop=True))


def test_a_short_name_reaches_the_catalog_only_through_the_papers_own_definition():
    dlm = _abstract("DLM")              # "we present Denoising LM (DLM), which is a scaled error correction model"
    row = resolve_model("DLM", dlm["abstract"], dlm["title"])
    assert row["model_key"] == model_key("Denoising LM") != model_key("DLM")
    assert (row["params_b"], row["params_source"]) == (pytest.approx(0.739), "base")   # the summed pipeline
    assert (row["open_weights"], row["open_weights_source"]) == (False, "catalog")
    # another paper's "DLM" is a diffusion language model: not Apple's, and nothing is guessed
    diffusion = ("We introduce LLaDA, a large diffusion language model (DLM) trained from scratch. "
                 "DLM reaches 65.9 on MMLU, on par with autoregressive models of its size.")
    other = resolve_model("DLM", diffusion, "Large Language Diffusion Models")
    assert other["model_key"] == "dlm"
    assert other["params_source"] == "unknown" and other["open_weights"] is None
    assert resolve_model("DLM", "DLM improves WER on LibriSpeech.", None)["params_b"] is None
    # the definition is read within its clause: words before a comma are not part of the name
    assert resolve_model("DLM", "Unlike Denoising LM, our model (DLM) is new.", None)["model_key"] == "dlm"
