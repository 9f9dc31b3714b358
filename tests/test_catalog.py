"""The model catalog (data/models.csv): integrity of the committed data and of its reader."""
from __future__ import annotations

import csv

import pytest

from leaderboard import catalog, paths
from leaderboard.modelnames import fold


@pytest.fixture(scope="module")
def models():
    return catalog.load().models


def test_catalog_is_large_and_keys_are_unique(models):
    assert len(models) >= 170
    keys = [m.key for m in models]
    assert len(keys) == len(set(keys))


def test_no_spelling_names_two_models(models):
    owner = {}
    for m in models:
        for spelling in (m.name, *m.aliases):
            assert owner.setdefault(fold(spelling), m.key) == m.key, spelling


def test_sizes_positive_and_active_within_total(models):
    for m in models:
        assert m.params_b is None or m.params_b > 0
        assert not (m.params_undisclosed and m.params_b is not None), m.name
        if m.active_params_b is not None:
            assert 0 < m.active_params_b < m.params_b, m.name


def test_most_models_have_a_size_or_say_it_is_undisclosed(models):
    recorded = [m for m in models if m.params_b is not None or m.params_undisclosed]
    assert len(recorded) >= 0.97 * len(models)


def test_dates_variants_and_openness_valid(models):
    for m in models:
        year, month = map(int, m.released.split("-"))
        assert 2018 <= year <= 2026 and 1 <= month <= 12, m.name
        assert m.variant in catalog.VARIANTS
        assert m.licence and m.source and m.family and m.organisation, m.name
        if not m.open_weights:
            assert m.licence in ("proprietary", "not released"), m.name


def test_keys_are_their_own_fold(models):
    for m in models:
        assert fold(m.key) == m.key
        assert catalog.lookup(m.key) is m


def test_families_the_papers_cite_are_covered(models):
    families = {m.family for m in models}
    for family in ["GPT-3.5", "GPT-4", "GPT-4o", "o1", "o3", "Claude 1", "Claude 2", "Claude 3", "Claude 3.5",
                   "Gemini 1.0", "Gemini 1.5", "PaLM", "Gemma", "LLaMA", "Llama 2", "Llama 3", "Llama 3.1",
                   "Llama 3.2", "Llama 3.3", "Code Llama", "Mistral", "Mixtral", "Qwen", "Qwen1.5", "Qwen2",
                   "Qwen2.5", "Qwen3", "DeepSeek LLM", "DeepSeek Coder", "DeepSeek-V2", "DeepSeek-V3",
                   "DeepSeek-R1", "Yi", "Phi", "Phi-3", "Phi-4", "Falcon", "OLMo", "Pythia", "BLOOM", "T5",
                   "Flan-T5", "GPT-J", "GPT-NeoX", "StarCoder", "Vicuna", "Zephyr", "Tulu", "WizardLM",
                   "WizardCoder", "WizardMath", "Orca", "InternLM", "Baichuan", "GLM", "MPT", "Jamba", "DBRX",
                   "Command R", "Nemotron", "Minitron", "SmolLM"]:
        assert family in families, family
    assert any(m.name == "Falcon Mamba 7B" for m in models)


def test_facts_from_the_reports():
    mixtral = catalog.load().lookup("Mixtral 8x7B")
    assert (mixtral.params_b, mixtral.active_params_b, mixtral.open_weights) == (46.7, 12.9, True)
    assert catalog.load().lookup("Qwen2-72B").params_b == 72
    gpt4o = catalog.load().lookup("gpt-4o-2024-05-13")
    assert gpt4o.name == "GPT-4o" and not gpt4o.open_weights and gpt4o.params_undisclosed
    assert catalog.load().lookup("ChatGPT").name == "GPT-3.5-Turbo"
    assert catalog.load().lookup("meta-llama/Meta-Llama-3-70B-Instruct").name == "Llama-3-70B-Instruct"


def test_base_model_found_inside_a_longer_name():
    cat = catalog.load()
    assert cat.lookup("CPT-Llama-3-8B-Instruct") is None
    assert cat.base_of("CPT-Llama-3-8B-Instruct").name == "Llama-3-8B-Instruct"
    assert cat.base_of("GPT-4o with Sketchpad").name == "GPT-4o"
    assert cat.base_of("Kneser-Ney 5-gram") is None


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=catalog.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def _row(**changes):
    base = {"name": "Foo-7B", "aliases": "", "family": "Foo", "organisation": "Acme", "params_b": "7",
            "active_params_b": "", "open_weights": "yes", "licence": "MIT", "released": "2024-05",
            "variant": "base", "base_model": "", "source": "arXiv:0000.00000"}
    base.update(changes)
    return base


@pytest.mark.parametrize("change, message", [
    ({"params_b": "-3"}, "params_b must be positive"),
    ({"params_b": "seven"}, "not a number"),
    ({"released": "2024-13"}, "released must be YYYY-MM"),
    ({"open_weights": "maybe"}, "open_weights must be yes or no"),
    ({"variant": "sft"}, "variant must be one of"),
    ({"active_params_b": "9"}, "exceeds params_b"),
])
def test_malformed_rows_are_named_by_line(tmp_path, change, message):
    path = tmp_path / "models.csv"
    _write(path, [_row(name="Bar-1B", params_b="1"), _row(**change)])
    with pytest.raises(catalog.CatalogError, match=message) as err:
        catalog.read(path)
    assert f"{path}:3" in str(err.value)


def test_shared_alias_is_refused(tmp_path):
    path = tmp_path / "models.csv"
    _write(path, [_row(name="Foo-7B", aliases="Foo"), _row(name="Foo-13B", params_b="13", aliases="foo")])
    with pytest.raises(catalog.CatalogError, match="names both"):
        catalog.Catalog.build(catalog.read(path))


def test_committed_file_has_the_documented_columns():
    with open(paths.MODELS_CSV, encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == catalog.COLUMNS
    doc = (paths.REPO_ROOT / "data" / "MODELS.md").read_text(encoding="utf-8")
    for column in catalog.COLUMNS:
        assert f"`{column}`" in doc


def test_a_size_written_base_comes_from_the_base_row():
    cat = catalog.load()
    quiet = cat.lookup("Quiet-STaR")                 # Mistral 7B after continued pretraining
    mistral = cat.lookup("Mistral-7B-v0.1")
    assert quiet.params_from_base and quiet.base_models == ("Mistral-7B-v0.1",)
    assert (quiet.params_b, quiet.open_weights) == (mistral.params_b, True)
    chain = cat.lookup("Chain of Code")              # a method: all its results come from API models
    assert chain.variant == "method" and chain.params_undisclosed and chain.params_b is None
    assert not chain.open_weights
    assert cat.lookup("Valley2").base_models == ("Qwen2.5-7B-Instruct",)   # a base, but its own size
    assert cat.lookup("Valley2").params_b == 7.0 and not cat.lookup("Valley2").params_from_base


def test_every_base_model_named_is_in_the_catalog(models):
    for m in models:
        for name in m.base_models:
            assert catalog.load().lookup(name) is not None, (m.name, name)


def test_detection_model_sizes_from_their_reports():
    cat = catalog.load()
    assert cat.lookup("YOLO-World-S").name == "YOLO-World-v1-S"
    assert cat.lookup("YOLO-World-v1-S").params_b == pytest.approx(0.0133, abs=1e-4)   # 13M in its report
    assert cat.lookup("DOSOD-S").params_b < cat.lookup("YOLO-World-v2-S").params_b < cat.lookup("YOLO-World-v1-S").params_b


@pytest.mark.parametrize("rows, message", [
    ([_row(name="Bar-1B", params_b="base")], "needs the base models"),
    ([_row(name="Bar-1B", params_b="base", base_model="Nope-3B")], "not in the catalog"),
    ([_row(name="Foo-7B"), _row(name="Foo-13B", params_b="13"),
      _row(name="Bar-M", params_b="base", base_model="Foo-7B|Foo-13B")], "differ in size"),
    ([_row(name="Foo-7B"), _row(name="Bar-M", params_b="base", base_model="Foo-7B", active_params_b="1")],
     "comes from the bases"),
    ([_row(name="Bar-M", params_b="base", base_model="Baz-M"),
      _row(name="Baz-M", params_b="base", base_model="Bar-M")], "lead back to it"),
    # 'sum': a system whose every number needs several models at once
    ([_row(name="Pipe", params_b="sum")], "needs the base models"),
    ([_row(name="Foo-7B"), _row(name="Pipe", params_b="sum", base_model="Foo-7B", active_params_b="1")],
     "comes from the bases"),
    # a system that needs a closed model cannot be open
    ([_row(name="Foo-7B"), _row(name="Foo-Pro", params_b="undisclosed", open_weights="no", licence="proprietary"),
      _row(name="Pipe", params_b="sum", base_model="Foo-7B|Foo-Pro")], "needs closed models"),
    ([_row(name="Pipe", params_b="sum", base_model="Pipe")], "lead back to it"),
])
def test_malformed_base_and_sum_rows_are_refused(tmp_path, rows, message):
    path = tmp_path / "models.csv"
    _write(path, rows)
    with pytest.raises(catalog.CatalogError, match=message):
        catalog.Catalog.build(catalog.read(path))


def test_bases_that_agree_lend_their_size(tmp_path):
    path = tmp_path / "models.csv"
    _write(path, [_row(name="Foo-7B"), _row(name="Foo-7B-Chat", variant="chat"),
                  _row(name="Bar-M", params_b="base", variant="method", base_model="Foo-7B|foo 7b chat")])
    bar = catalog.Catalog.build(catalog.read(path)).lookup("Bar-M")
    assert (bar.params_b, bar.params_from_base, bar.base_models) == (7.0, True, ("Foo-7B", "foo 7b chat"))


def test_sizes_follow_a_chain_of_bases(tmp_path):
    """A fine-tune of a fine-tune has the first model's size, and a pipeline counts each part by
    its resolved size, whatever order the rows come in."""
    path = tmp_path / "models.csv"
    _write(path, [_row(name="Pipe", params_b="sum", base_model="Baz-M|Foo-Pro", open_weights="no"),
                  _row(name="Baz-M", params_b="base", base_model="Bar-M"),
                  _row(name="Bar-M", params_b="base", base_model="Foo-7B"),
                  _row(name="Foo-7B"),
                  _row(name="Foo-Pro", params_b="30", open_weights="no", licence="proprietary")])
    cat = catalog.Catalog.build(catalog.read(path))
    assert cat.lookup("Baz-M").params_b == 7.0
    assert cat.lookup("Pipe").params_b == 37.0


def test_a_pipeline_holds_the_sum_of_its_parts():
    cat = catalog.load()
    dlm = cat.lookup("Denoising LM")         # an error-correcting LM rescoring an ASR's hypotheses
    assert dlm.params_sum and dlm.params_b == pytest.approx(0.484 + 0.255) and not dlm.open_weights
    promptcap = cat.lookup("PromptCap")      # GPT-3 prompted with an open captioner's captions
    assert promptcap.base_models == ("promptcap-coco-vqa", "GPT-3") and not promptcap.open_weights
    captioner = cat.lookup("promptcap-coco-vqa")                          # OFA-Large fine-tuned, open
    assert captioner.open_weights and captioner.params_b == cat.lookup("OFA-Large").params_b == 0.47
    assert promptcap.params_b == pytest.approx(0.47 + 175)                 # through the captioner's base


@pytest.mark.parametrize("parts, params, undisclosed", [
    ([_row(name="Foo-7B"), _row(name="Foo-13B", params_b="13")], 20.0, False),
    ([_row(name="Foo-7B"), _row(name="Foo-7B-Chat")], 14.0, False),
    ([_row(name="Foo-7B", open_weights="no", licence="proprietary"),
      _row(name="Foo-Pro", params_b="undisclosed", open_weights="no", licence="proprietary")], None, True),
    ([_row(name="Foo-7B"), _row(name="Foo-X", params_b="")], None, False),
])
def test_a_sum_row_adds_its_parts(tmp_path, parts, params, undisclosed):
    path = tmp_path / "models.csv"
    names = "|".join(p["name"] for p in parts)
    closed = any(p["open_weights"] == "no" for p in parts)
    _write(path, parts + [_row(name="Pipe", params_b="sum", variant="method", base_model=names,
                               open_weights="no" if closed else "yes")])
    pipe = catalog.Catalog.build(catalog.read(path)).lookup("Pipe")
    assert (pipe.params_b, pipe.params_undisclosed, pipe.params_sum) == (params, undisclosed, True)


def test_a_file_without_the_base_model_column_still_reads(tmp_path):
    path = tmp_path / "models.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=[c for c in catalog.COLUMNS if c != "base_model"])
        writer.writeheader()
        writer.writerow({k: v for k, v in _row().items() if k != "base_model"})
    (foo,) = catalog.read(path)
    assert foo.base_models == () and foo.params_b == 7.0
