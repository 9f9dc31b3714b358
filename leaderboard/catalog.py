"""The model catalog: ``data/models.csv`` loaded once, looked up by any spelling of a model.

Facts about models (size, openness, maker, release month) are data, kept in the CSV with their
sources (see ``data/MODELS.md``); this module only reads them and answers "which catalog model is
this mention?". A mention resolves either *exactly* (its folded spelling is a model's name or
alias) or to a *base* model named inside it ("CPT-Llama-3-8B-Instruct" is built on
Llama-3-8B-Instruct, "GPT-4o with Sketchpad" runs on GPT-4o). A base match never lends the
mention its key: the number belongs to the derived system, not to the base model.

A catalog row may itself name its base models (``base_model``): a model that is its base's weights
trained further (Quiet-STaR is Mistral 7B after continued pretraining) or a method whose every
reported number comes from the models it runs on (Chain of Code on API models). Such a row may
write ``base`` for its size, meaning "its bases' size, which they all share", so the size is
recorded once, in the base's row, and the table says it came from the base. A system whose every
number needs several models at once (a captioner feeding GPT-3, an error-correcting LM rescoring an
ASR's hypotheses) writes ``sum``: its size is the sum of its parts', and it is open only when all
of them are.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

from leaderboard import paths
from leaderboard.modelnames import fold

#: ``method``: a method or system whose reported numbers come from the models in its ``base_model``
VARIANTS = ("base", "instruct", "chat", "method")
COLUMNS = ["name", "aliases", "family", "organisation", "params_b", "active_params_b", "open_weights",
           "licence", "released", "variant", "base_model", "source"]
#: columns a catalog file written before they existed may lack (read as empty)
OPTIONAL_COLUMNS = frozenset({"base_model"})
#: params_b cell for models whose makers never published a size
UNDISCLOSED = "undisclosed"
#: params_b cell for a model whose size is that of its base models (``base_model``), all alike
FROM_BASE = "base"
#: params_b cell for a system whose every number needs all the models in ``base_model`` at once (a
#: captioner whose captions GPT-3 reads): its size is the sum of theirs
SUM = "sum"


class CatalogError(ValueError):
    """A row of the catalog is malformed; the message names file and line."""


@dataclass(frozen=True, slots=True)
class Model:
    key: str
    name: str
    aliases: tuple[str, ...]
    family: str
    organisation: str
    params_b: float | None
    active_params_b: float | None
    params_undisclosed: bool
    open_weights: bool
    licence: str
    released: str
    variant: str
    source: str
    base_models: tuple[str, ...] = ()   # catalog names this model is built on or runs on
    params_from_base: bool = False      # its size is its bases' (``params_b`` cell ``base``)
    params_sum: bool = False            # its size is the sum of its bases' (``params_b`` cell ``sum``)


def _number(text: str, where: str, column: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise CatalogError(f"{where}: {column} {text!r} is not a number") from None
    if value <= 0:
        raise CatalogError(f"{where}: {column} must be positive, got {value}")
    return value


def parse_row(row: dict[str, str], where: str) -> Model:
    missing = [c for c in COLUMNS if row.get(c) is None and c not in OPTIONAL_COLUMNS]
    if missing:
        raise CatalogError(f"{where}: missing columns {missing}")
    name = row["name"].strip()
    if not name:
        raise CatalogError(f"{where}: empty name")
    bases = tuple(b.strip() for b in (row.get("base_model") or "").split("|") if b.strip())
    cell = row["params_b"].strip().lower()
    undisclosed = cell == UNDISCLOSED   # blank: not recorded
    from_base = cell == FROM_BASE
    summed = cell == SUM
    if (from_base or summed) and not bases:
        raise CatalogError(f"{where}: params_b {cell!r} needs the base models in base_model")
    params = None if undisclosed or from_base or summed else _number(row["params_b"], where, "params_b")
    active = _number(row["active_params_b"], where, "active_params_b")
    if active is not None and (from_base or summed):
        raise CatalogError(f"{where}: active_params_b comes from the bases when params_b is {cell!r}")
    if active is not None and (params is None or active > params):
        raise CatalogError(f"{where}: active_params_b {active} exceeds params_b {params}")
    openness = row["open_weights"].strip().lower()
    if openness not in ("yes", "no"):
        raise CatalogError(f"{where}: open_weights must be yes or no, got {openness!r}")
    released = row["released"].strip()
    if not _valid_month(released):
        raise CatalogError(f"{where}: released must be YYYY-MM, got {released!r}")
    variant = row["variant"].strip()
    if variant not in VARIANTS:
        raise CatalogError(f"{where}: variant must be one of {VARIANTS}, got {variant!r}")
    return Model(key=fold(name), name=name,
                 aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                 family=row["family"].strip(), organisation=row["organisation"].strip(),
                 params_b=params, active_params_b=active, params_undisclosed=undisclosed,
                 open_weights=openness == "yes", licence=row["licence"].strip(), released=released,
                 variant=variant, source=row["source"].strip(), base_models=bases, params_from_base=from_base,
                 params_sum=summed)


def _valid_month(text: str) -> bool:
    if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit():
        return False
    return 2000 <= int(text[:4]) <= 2100 and 1 <= int(text[5:]) <= 12


def read(path: str | Path) -> tuple[Model, ...]:
    """Every model of a catalog file; a malformed row raises :class:`CatalogError` naming its line."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return tuple(parse_row(row, f"{path}:{reader.line_num}") for row in reader)


@dataclass(frozen=True)
class Catalog:
    """The models, indexed by every folded spelling (a spelling never names two models)."""

    models: tuple[Model, ...]
    index: dict[str, Model]          # folded spelling -> model

    @classmethod
    def build(cls, models: tuple[Model, ...]) -> "Catalog":
        index = cls._index(models)
        if any(m.base_models for m in models):
            resolved: dict[str, Model] = {}
            models = tuple(_with_bases(m, index, resolved) for m in models)
            index = cls._index(models)
        return cls(models, index)

    @staticmethod
    def _index(models: tuple[Model, ...]) -> dict[str, Model]:
        index: dict[str, Model] = {}
        for model in models:
            for spelling in (model.name, *model.aliases):
                key = fold(spelling)
                other = index.get(key)
                if other is not None and other is not model:
                    raise CatalogError(f"spelling {spelling!r} names both {other.name} and {model.name}")
                index[key] = model
        return index

    @cached_property
    def families(self) -> dict[str, tuple[Model, ...]]:
        """folded family name -> its models ("qwen-2" -> Qwen2-0.5B ... Qwen2-72B-Instruct)."""
        out: dict[str, list[Model]] = {}
        for model in self.models:
            out.setdefault(fold(model.family), []).append(model)
        return {k: tuple(v) for k, v in out.items()}

    def family_of(self, mention: str | None) -> tuple[Model, ...]:
        """The models of the family a bare family name names ("Qwen2", "Llama 2", or in the plural,
        "ConvNeXts"), else ()."""
        if not mention:
            return ()
        key = fold(mention)
        return self.families.get(key, ()) or (self.families.get(key[:-1], ()) if key.endswith("s") else ())

    def family_inside(self, mention: str | None) -> tuple[tuple[Model, ...], tuple[str, ...]]:
        """The models of a family named inside a longer mention ("WizardLM + DARE"), and the
        mention's other parts (folded: ``("dare",)``); ``((), ())`` when it names no family."""
        key = fold(mention) if mention else ""
        parts = key.split("-")
        found: tuple[str, tuple[Model, ...], tuple[str, ...]] | None = None
        for i in range(len(parts)):
            for j in range(i + 1, len(parts) + 1):
                if j - i == len(parts):
                    continue
                piece = "-".join(parts[i:j])
                members = self.families.get(piece)
                if members and (found is None or len(piece) > len(found[0])):
                    found = (piece, members, tuple(parts[:i] + parts[j:]))
        return (found[1], found[2]) if found else ((), ())

    def get(self, model_key: str | None) -> Model | None:
        """The model whose name or alias folds to ``model_key``."""
        return self.index.get(model_key) if model_key else None

    def lookup(self, mention: str | None) -> Model | None:
        """The model a mention names exactly (any spelling), else None."""
        return self.get(fold(mention)) if mention else None

    def base_of(self, mention: str | None) -> Model | None:
        """The catalog model named *inside* a longer mention (longest spelling wins), else None."""
        key = fold(mention) if mention else None
        if not key:
            return None
        parts = key.split("-")
        best = None
        for i in range(len(parts)):
            for j in range(len(parts), i, -1):
                if j - i == len(parts):
                    continue
                piece = "-".join(parts[i:j])
                model = self.index.get(piece)
                if model is not None and (best is None or len(piece) > len(best[0])):
                    best = (piece, model)
                    break
        return best[1] if best else None


def _with_bases(model: Model, index: dict[str, Model], resolved: dict[str, Model],
                path: tuple[str, ...] = ()) -> Model:
    """The model with a size written ``base`` taken from its bases, which must be catalog models
    (by name or alias) that agree on it: one size, or all undisclosed. A base may itself take its
    size from its own bases (a captioner fine-tuned from OFA-Large, run in a pipeline): the chain
    is followed to its end, and a loop in it is an error. ``resolved`` keeps each model done, by name."""
    if not model.base_models:
        return model
    if model.name in resolved:
        return resolved[model.name]
    if model.name in path:
        raise CatalogError(f"{model.name}: its bases lead back to it ({' -> '.join((*path, model.name))})")
    found = []
    for name in model.base_models:
        base = index.get(fold(name))
        if base is None:
            raise CatalogError(f"{model.name}: base model {name!r} is not in the catalog")
        found.append(_with_bases(base, index, resolved, (*path, model.name)))
    resolved[model.name] = out = _from_bases(model, found)
    return out


def _from_bases(model: Model, found: list[Model]) -> Model:
    """``model`` with its size (and, for a pipeline, its openness checked) from its resolved bases."""
    if model.params_sum:
        return _summed(model, found)
    if not model.params_from_base:
        return model
    sizes = {(b.params_b, b.active_params_b) for b in found}
    params, active = next(iter(sizes))
    if len(sizes) == 1 and params is not None:
        return replace(model, params_b=params, active_params_b=active)
    if all(b.params_undisclosed for b in found):
        return replace(model, params_undisclosed=True)
    raise CatalogError(f"{model.name}: params_b 'base' but its bases differ in size: "
                       + ", ".join(f"{b.name} {b.params_b if b.params_b is not None else 'unknown'}" for b in found))


def _summed(model: Model, parts: list[Model]) -> Model:
    """A system that needs all its parts at once: the sum of their sizes (undisclosed when one
    part's is; unrecorded when one part's is), and never open when one part is closed — its
    numbers cannot be had from open weights."""
    if model.open_weights and any(not p.open_weights for p in parts):
        closed = ", ".join(p.name for p in parts if not p.open_weights)
        raise CatalogError(f"{model.name}: open_weights yes, but it needs closed models ({closed})")
    total, undisclosed = sum_of_sizes(parts)
    if undisclosed:
        return replace(model, params_undisclosed=True)
    return model if total is None else replace(model, params_b=total)


def sum_of_sizes(parts) -> tuple[float | None, bool]:
    """(total billions, undisclosed) of models held all at once: undisclosed when one part's size
    is, unknown (None, False) when one part's is unrecorded, else the sum. One rule for catalog
    pipelines and for the systems an abstract composes (:func:`leaderboard.bases.summed_size`)."""
    if any(p.params_undisclosed for p in parts):
        return None, True
    if any(p.params_b is None for p in parts):
        return None, False
    return round(sum(p.params_b for p in parts), 4), False


@lru_cache(maxsize=None)
def load(path: str | None = None) -> Catalog:
    """The catalog, read once per process (``data/models.csv`` unless a path is given)."""
    return Catalog.build(read(path or paths.MODELS_CSV))


def lookup(model_key: str | None) -> Model | None:
    """The catalog model of a ``model_key`` (the table's column), else None."""
    return load().get(model_key)
