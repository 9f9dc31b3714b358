"""Score mention + paper -> one row of the table (see :mod:`leaderboard.schema`).

Two jobs, both explained in the row itself rather than guessed silently:

- **the model**: one ``model_key`` per model however it is spelled, and its size, openness, maker
  and release month — from the catalog (``data/models.csv``) when it knows the model, else from
  the model's name ("Nimbus-3B"), else from what the abstract says about the paper's own model
  ("our 1.6B model", "we release the weights"). ``params_source`` and ``open_weights_source`` say
  which: ``catalog`` (the model itself), ``family`` (a bare family name, "Llama 2": only what
  all its models share), ``base`` (the catalog model a derived system is named after, "GPT-4o
  with Sketchpad"), ``name``, ``text``, ``undisclosed`` (the catalog knows the maker never
  published a size), ``not-applicable`` (a count-based n-gram model: no learned weights, so
  neither a parameter count nor open weights applies) or ``unknown``;
- **the benchmark**: its canonical name, category and direction from the benchmark lexicon, and
  the score on the benchmark's own scale (``score_norm``: 0.842 on a percentage benchmark is
  84.2), with ``in_range`` False for a number outside the declared range (never ranked).
"""
from __future__ import annotations

from functools import lru_cache

import regex

from leaderboard import bases, catalog
from leaderboard.modelnames import _SCALE, fold, is_count_based, resizing_word, size_from_name
from parsers import lexicon
from parsers.records import PaperRecord, ScoreMention

TIMEOUT = 1.0
#: params_source / open_weights_source of a model to which neither a size nor openness applies
NOT_APPLICABLE = "not-applicable"


def model_key(name: str | None) -> str | None:
    """The canonical key of a model mention: its catalog name's fold when the catalog knows the
    spelling, else the mention's own fold. Idempotent: a key maps to itself."""
    if not name:
        return None
    folded = fold(name)
    if not folded:
        return None
    known = catalog.load().get(folded)
    return known.key if known else folded


# ---------------------------------------------------------------------------------------------
# sizes stated in an abstract

_NUM = r"(?P<n>\d+(?:\.\d+)?)"
_UNIT = r"(?:(?P<u>[BM])\b|\s?(?P<w>billion|million|trillion)\b)"
_NOUN = r"(?:parameters?|params?)\b"
_MODEL_NOUN = r"(?:(?:parameter|param)s?[- ])?(?:[\w-]+[- ])?(?:models?|LMs?|LLMs?|language models?|transformers?|checkpoints?|variants?|versions?)\b"
#: further sizes of one list before the noun ("our 1.6B and 7B models", "1B, 3B or 8B parameters")
_LISTED = r"(?:(?:,\s*|,?\s+(?:and|or)\s+|\s*/\s*)\d+(?:\.\d+)?\s?[BM]\b)*"
_LEAD = r"(?:(?<=\bsim)|(?<![\w.\-]))(?<!\b(?:than|under|over|below|above|to|up to|nearly|about|around|approximately)\s)"
SIZE_IN_TEXT = regex.compile(
    _LEAD + r"(?:(?P<experts>\d+)\s?[x×]\s?)?" + _NUM + _UNIT
    + r"(?=" + _LISTED + r"(?:[- ]?" + _NOUN + r"|[- ]" + _MODEL_NOUN + r"))",
    regex.IGNORECASE | regex.VERSION1)
#: a size the authors give their own model: "our 1.6B model", "this 7B-parameter LM", "our largest 70B model"
_OWN_SIZE = regex.compile(r"\b(?:our|this)\s+(?:[\w.-]+,?\s+){0,2}$", regex.IGNORECASE)
#: "larger 70B models" are other models, unless they are "our larger 70B models"
_OTHERS = regex.compile(r"\b(?:larger|bigger|smaller|stronger|weaker)\s+$", regex.IGNORECASE)
#: a size of the models something is compared with: "outperforms 70B models", "than Llama 2 70B"
_CONTRASTED = regex.compile(r"\b(?:than|outperform\w*|surpass\w*|beat\w*|rival\w*|match\w*|exceed\w*|vs\.?|versus|"
                            r"against|unlike|compared\s+(?:to|with)|competitive\s+with|on\s+par\s+with|including)\s+(?:[\w.-]+\s+){0,3}$", regex.IGNORECASE)


#: between a count and the word that makes it a count of *active* parameters ("31 billion average
#: active", "2.8B-active"); such a count is not the model's size
_TO_ACTIVE = r"\s*-?\s*(?:(?:average|avg\.?|mean)\s+)?"
_ACTIVE_AFTER = regex.compile(_TO_ACTIVE + "activ", regex.IGNORECASE)


@lru_cache(maxsize=4096)
def _sizes(text: str) -> tuple[tuple[float, bool], ...]:
    return tuple(_stated_sizes(text))


def _stated_sizes(text: str) -> list[tuple[float, bool]]:
    """(billions, stated as the authors' own) per size the text states, comparisons left out."""
    out = []
    text = text or ""
    for m in SIZE_IN_TEXT.finditer(text, timeout=TIMEOUT):
        unit = (m.group("u") or m.group("w")).lower()
        if m.group("u") and m.group("u") not in "BM":
            continue
        if _ACTIVE_AFTER.match(text, m.end(), timeout=TIMEOUT):
            continue                # "2.8B active-parameter model": a count of active parameters
        before = text[max(0, m.start() - 60):m.start()]
        own = _OWN_SIZE.search(before, timeout=TIMEOUT) is not None
        if _CONTRASTED.search(before, timeout=TIMEOUT) or (not own and _OTHERS.search(before, timeout=TIMEOUT)):
            continue
        value = float(m.group("n")) * _SCALE[unit]
        if m.group("experts"):
            value *= int(m.group("experts"))
        out.append((round(value, 4), own))
    return out


# ---------------------------------------------------------------------------------------------
# active parameters stated for a score ("59.4 with merely 31 billion average active parameters")

#: a count of parameters active per input: "31 billion average active parameters", "2.8B activated
#: params", "3B-active-parameter", "activating only 2.7B parameters", "14B parameters activated"
ACTIVE_IN_TEXT = regex.compile(
    r"(?<![\w.])" + _NUM + _UNIT + _TO_ACTIVE + r"(?:active|activated)"
    r"(?:[- ](?:parameters?|params?))?\b"
    r"|\bactivat(?:es|ing|e)\s+(?:only\s+|just\s+|merely\s+|about\s+|around\s+|roughly\s+)?"
    + _NUM.replace("?P<n>", "?P<n2>") + r"\s?(?:(?P<u2>[BM])\b|(?P<w2>billion|million)\b)\s*(?:parameters?|params?)\b"
    r"|(?<![\w.])" + _NUM.replace("?P<n>", "?P<n3>") + r"\s?(?:(?P<u3>[BM])\b|(?P<w3>billion|million)\b)\s*"
    r"(?:parameters?|params?)\s+(?:are\s+|being\s+)?activated\b",
    regex.IGNORECASE | regex.VERSION1)
#: where one claim ends and a contrasting one starts: an active count is never carried across
_CONTRAST_SPLIT = regex.compile(r";|\s(?:while|whereas|but|than|unlike|versus|vs\.?|compared\s+(?:to|with))\s",
                                regex.IGNORECASE)
#: where one clause of a list of results ends ("59.4 ... on Arena-Hard and a score of 9.06 ...")
_CLAUSE_SPLIT = regex.compile(r",?\s+and\s+", regex.IGNORECASE)


#: a size listed right before another ("3B or 7B active parameters")
_LISTED_BEFORE = regex.compile(r"(?<![\w.])(?P<n>\d+(?:\.\d+)?)\s?(?P<u>B|M|billion|million)\s*"
                               r"(?:,\s*|,?\s+(?:and|or)\s+|\s*/\s*)$")


def _active_counts(text: str) -> list[float]:
    out = []
    for m in ACTIVE_IN_TEXT.finditer(text, timeout=TIMEOUT):
        number = m.group("n") or m.group("n2") or m.group("n3")
        unit = next(u for u in (m.group("u"), m.group("w"), m.group("u2"), m.group("w2"),
                                m.group("u3"), m.group("w3")) if u)
        if unit in ("b", "m"):      # a lowercase "b"/"m" after a number is not a unit here
            continue
        out.append(round(float(number) * _SCALE[unit.lower()], 4))
        listed = _LISTED_BEFORE.search(text[max(0, m.start() - 40):m.start()], timeout=TIMEOUT)
        if listed:                  # "3B or 7B active parameters": every size of the list
            out.append(round(float(listed.group("n")) * _SCALE[listed.group("u").lower()], 4))
    return out


def _piece_at(text: str, at: int, splitter) -> tuple[str, int]:
    """The piece of ``text`` (cut at ``splitter``'s matches) that holds position ``at``, and the
    position in it."""
    start = 0
    for m in splitter.finditer(text, timeout=TIMEOUT):
        if m.start() > at:
            return text[start:m.start()], at - start
        if m.end() > at:            # ``at`` inside the separator itself
            return text[start:m.start()], at - start
        start = m.end()
    return text[start:], at - start


def active_from_text(sentence: str | None, at: int | None) -> float | None:
    """The parameters active per input that a sentence states for the score written at position
    ``at``: the one active count in the score's own clause ("a score of 59.4 with merely 31 billion
    average active parameters on Arena-Hard and a score of 9.06 with 54 billion ... on MT-Bench"
    gives 31 to the first score and 54 to the second), else the one active count of the part of the
    sentence the score is in, a contrast ("while", "than", "unlike", ";") ending that part; else
    None. Two counts with no clause to tell them apart give None, never a guess."""
    if not sentence or at is None or at < 0 or "activ" not in sentence.lower():
        return None
    part, at_in_part = _piece_at(sentence, at, _CONTRAST_SPLIT)
    clause, _ = _piece_at(part, at_in_part, _CLAUSE_SPLIT)
    for scope in (clause, part):
        found = set(_active_counts(scope))
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            return None
    return None


def sizes_in(text: str) -> list[float]:
    """Every parameter count the text states ("540 billion parameters", "our 1.6B model", "a 7B
    parameter model", "with only 350M parameters", "8x22B parameters"), in billions, in order.
    Token and data counts are not sizes: a count must be followed by parameter(s) or a model
    noun. The sizes of models something is compared with ("outperforms 70B models", "smaller
    than 13B models") are not the text's own and are left out."""
    return [value for value, _ in _stated_sizes(text)]


def size_from_text(text: str, sentence: str | None = None) -> float | None:
    """The size the abstract gives its own model: the one size its evidence sentence or the
    abstract states, else the one size it introduces as its own ("our 1.6B model"); else None."""
    for scope in (sentence, text):
        found = _sizes(scope) if scope else ()
        for candidates in ({v for v, _ in found}, {v for v, own in found if own}):
            if len(candidates) == 1:
                return candidates.pop()
    return None


# ---------------------------------------------------------------------------------------------
# openness stated in an abstract

_RELEASE_VERB = (r"(?:release[sd]?|releasing|open[- ]?sourc(?:e|ed|es|ing)|(?:make|made|making)\s+(?:\S+\s+){0,6}?"
                 r"(?:publicly\s+|freely\s+|openly\s+)?available|made\s+(?:publicly\s+|freely\s+|openly\s+)?available"
                 r"|(?:publicly|freely|openly)\s+(?:available|released|accessible)|available\s+(?:at|on)\b)")
_WEIGHT_NOUN = r"(?:weights?|checkpoints?|models?|LLMs?)\b"
OPEN_LINK = regex.compile(r"huggingface\.co/|hf\.co/", regex.IGNORECASE)
OPEN_CLAIM = regex.compile(
    r"\b(?:we|our)\b[^.]{0,80}?\b" + _RELEASE_VERB + r"|\b" + _WEIGHT_NOUN + r"[^.]{0,60}?\b" + _RELEASE_VERB,
    regex.IGNORECASE)
#: folded words that call a model closed when they qualify it ("the proprietary Foo", "Foo is closed-source")
CLOSED_WORDS = ("proprietary", "closed-source", "closed-weight", "closed-weights", "api-only", "commercial-api")
_SENTENCE = regex.compile(r"[^.!?]+(?:[.!?](?=\S)[^.!?]*)*[.!?]?")
INTRO = regex.compile(r"\b(?:we|this\s+(?:paper|work|report))\s+(?:\w+\s+){0,2}(?:introduce|present|propose|"
                      r"release|train|develop|build|describe)\w*\b[^.]{0,80}", regex.IGNORECASE)


@lru_cache(maxsize=4096)
def _abstract_facts(abstract: str) -> tuple[tuple[tuple[str, ...], ...], frozenset[str], bool]:
    """What the openness rules read in an abstract, computed once per abstract: the folded words of
    each sentence, the words of the authors' "we introduce/present/train ..." clauses, and
    whether it claims a release of weights."""
    sentences = tuple(tuple(fold(s).split("-")) for s in _SENTENCE.findall(abstract, timeout=TIMEOUT) if s.strip())
    introduced = frozenset(w for m in INTRO.finditer(abstract, timeout=TIMEOUT) for w in fold(m.group()).split("-"))
    released = bool(OPEN_LINK.search(abstract) or OPEN_CLAIM.search(abstract, timeout=TIMEOUT))
    return sentences, introduced, released


def _head(name: str) -> str:
    """The distinctive first word of a name ("nimbus" in "Nimbus-3B")."""
    for part in fold(name).split("-"):
        if len(part) >= 3 and not part[0].isdigit():
            return part
    return ""


def is_own_model(name: str, abstract: str, title: str | None) -> bool:
    """Is the model the paper's own (named in the title, or introduced by the authors)?"""
    head = _head(name)
    if not head:
        return False
    if title and head in fold(title).split("-"):
        return True
    return head in _abstract_facts(abstract or "")[1]


#: folded words that call a model open when they qualify it ("the open-source Foo", "Foo is open-weight")
OPEN_WORDS = ("open-source", "open-sourced", "open-weight", "open-weights", "openly-released", "fully-open")
#: words that may stand between a model's name and a cue that qualifies it: articles, copulas,
#: model nouns, list words ("proprietary models such as Foo", "Foo, a closed-source model", "Foo is API-only")
_QUALIFYING = frozenset("a an the is are was were remains remain being which fully still strictly entirely "
                        "completely only model models llm llms lm lms system systems api apis such as like "
                        "including e g and or its".split())


def _called(words: tuple[str, ...], head: str, cues: tuple[str, ...], name_parts: frozenset = frozenset()) -> bool:
    """Does the sentence (folded words) qualify this model with one of ``cues``: the cue right
    before its name ("the proprietary Foo", "closed-source model Foo") or right after it ("Foo, a
    proprietary model", "Foo is API-only"), with only articles, copulas and model nouns between?
    A cue about other models ("Foo outperforms proprietary models", "competitive with
    proprietary models") does not count."""
    pairs = ["-".join(words[i:i + 2]) for i in range(len(words))]
    cue_at = [i for i, (w, p) in enumerate(zip(words, pairs)) if w in cues or p in cues]
    if not cue_at:
        return False
    between_ok = lambda lo, hi: all(w in _QUALIFYING or w in name_parts or any(ch.isdigit() for ch in w)  # noqa: E731
                                    for w in words[lo:hi])
    for at, word in enumerate(words):
        if word != head:
            continue
        for c in cue_at:
            width = 2 if pairs[c] in cues else 1
            if at - 4 <= c < at and between_ok(c + width, at):
                return True
            if at < c <= at + 5 and between_ok(at + 1, c):
                return True
    return False


def openness_from_text(name: str, abstract: str, title: str | None = None) -> bool | None:
    """Open when the paper releases its own model's weights (a release claim, a huggingface.co
    link); closed when a sentence calls the model proprietary or API-only; else None."""
    head = _head(name)
    if not head:
        return None
    sentences, _, released = _abstract_facts(abstract or "")
    parts = frozenset(fold(name).split("-"))
    if any(head in words and _called(words, head, CLOSED_WORDS, parts) for words in sentences):
        return False
    if any(head in words and _called(words, head, OPEN_WORDS, parts) for words in sentences):
        return True
    if released and is_own_model(name, abstract, title):
        return True
    return None


# ---------------------------------------------------------------------------------------------
# the model's attributes


def _from_family(out: dict, members: tuple, shared_attributes: bool = True) -> None:
    """What a bare family name ("Qwen2", "Llama 2") tells: the family, and any attribute all its
    models share (all Llama 2 weights are open; Mistral's are not all open, so that stays unknown).
    Without ``shared_attributes`` only the family and its maker: see :func:`names_a_version`."""
    out["family"] = members[0].family
    shared = lambda values: values.pop() if len(values) == 1 else None  # noqa: E731
    out["organisation"] = shared({m.organisation for m in members})
    if not shared_attributes:
        return
    openness = shared({m.open_weights for m in members})
    if openness is not None:
        out.update(open_weights=openness, open_weights_source="family")
    size = shared({m.params_b for m in members})
    if size is not None:
        out.update(params_b=size, active_params_b=shared({m.active_params_b for m in members}),
                   params_source="family")
    elif all(m.params_undisclosed for m in members):
        out["params_source"] = "undisclosed"


#: a part of a folded name that states an active size ("a3b" in "ERNIE-4.5-21B-A3B")
_ACTIVE_PART = regex.compile(r"a\d+(?:\.\d+)?[bm]")


def names_a_version(parts: tuple[str, ...]) -> bool:
    """Do these parts of a folded mention, beside its family name, name a version ("Kimi k1.5",
    "ERNIE 4.5", "MiniMax-M1"): a part holding a digit that is not a size ("34b", "8x7b", "a3b")?

    Such a mention is a model of its family that the catalog does not list, perhaps of another
    generation: what the listed models share (ERNIE 4.0's closed weights, Kimi K2's trillion
    parameters) is not evidence about it. A size or a word ("DOSOD-XL", "WizardLM + DARE") keeps
    the family's shared attributes: a model of a listed generation, or the family itself.
    """
    return any(any(c.isdigit() for c in p) and size_from_name(p) is None and not _ACTIVE_PART.fullmatch(p)
               for p in parts)


def _from_stated_bases(out: dict, name: str, abstract: str, title: str | None) -> None:
    """What the abstract's "we apply Foo to Mistral-7B", "Foo, built on Llama-2-7B" tells about
    Foo: the size and openness all its bases share (``base``), and which bases (``base_model``)."""
    found = bases.bases_of(_head(name), abstract, is_own_model(name, abstract, title))
    if not found:
        return
    out["base_model"] = bases.describe(found)
    composition = bases.is_composition(_head(name), abstract)
    openness = bases.shared(found, "open_weights")
    if openness is None and composition and bases.any_closed(found):
        openness = False            # it cannot run without a model whose weights are closed
    if openness is not None:
        out.update(open_weights=openness, open_weights_source="base")
    size = bases.shared(found, "params_b")
    if composition:
        # a system running all its bases at once (experts behind a router) holds all their weights
        total, undisclosed = bases.summed_size(found)
        if total is not None:
            out.update(params_b=total, params_source="base")
        elif undisclosed:
            out["params_source"] = "undisclosed"
    elif size is not None:
        out.update(params_b=size, active_params_b=bases.shared(found, "active_params_b"), params_source="base")
    elif bases.shared(found, "params_undisclosed"):
        out["params_source"] = "undisclosed"
    elif (nominal := bases.shared_nominal_size(found)) is not None:
        # "Mistral-7B-Instruct and Llama2-7B-Chat": 7.3 and 6.7 billion, both "7B" models
        out.update(params_b=nominal, params_source="base")
    families = {m.family for base in found for m in (base if isinstance(base, tuple) else (base,))}
    if len(families) == 1:
        out["family"] = families.pop()


#: how far before "(ACRONYM)" the spelled-out name may start: up to six words of one clause
_SPELLED_OUT_WORDS = 6
_CLAUSE_ENDS = ".,;:!?()[]"


def spelled_out_in_paper(cat: catalog.Catalog, name: str, abstract: str, title: str | None) -> catalog.Model | None:
    """The catalog model a paper names in full where it defines its short name ("we present
    Denoising LM (DLM)" for the mention "DLM"), or None.

    Short names are ambiguous across papers ("DLM" is also a diffusion language model), so the
    catalog lists a model under its full name, and a short name reaches it only through the
    paper's own definition. The words before "(name)" within one clause are tried, the most
    words first, and only a catalog spelling counts.
    """
    if not name or len(name) > 12 or " " in name:
        return None
    marker = "(" + name + ")"
    for text in (title or "", abstract or ""):
        at = text.find(marker)
        while at >= 0:
            before = text[max(0, at - 120):at]
            cut = max(before.rfind(c) for c in _CLAUSE_ENDS)
            words = before[cut + 1:].split()[-_SPELLED_OUT_WORDS:]
            for k in range(len(words), 0, -1):
                model = cat.get(fold(" ".join(words[-k:])))
                if model is not None:
                    return model
            at = text.find(marker, at + 1)
    return None


@lru_cache(maxsize=65536)
def resolve_model(name: str | None, abstract: str = "", title: str | None = None,
                  sentence: str | None = None) -> dict:
    """Everything the table says about a model mention, each attribute with where it came from."""
    out = {"model_key": model_key(name), "family": None, "organisation": None, "params_b": None,
           "active_params_b": None, "params_source": "unknown", "open_weights": None,
           "open_weights_source": "unknown", "model_released": None, "base_model": None}
    if not name or not out["model_key"]:
        return out
    cat = catalog.load()
    model = cat.get(out["model_key"])
    if model is None:
        model = spelled_out_in_paper(cat, name, abstract, title)
        if model is not None:       # "Denoising LM (DLM)": the paper's own short name for a catalog model
            out["model_key"] = model.key
    how = "catalog"
    if model is None and is_count_based(name):
        out.update(params_source=NOT_APPLICABLE, open_weights_source=NOT_APPLICABLE)
        return out
    if model is None and cat.family_of(name):
        _from_family(out, cat.family_of(name))
        how = "family"
    elif model is None:
        model, how = cat.base_of(name), "base"
        if model is None:
            members, rest = cat.family_inside(name)
            if members:
                _from_family(out, members, not names_a_version(rest))
                how = "family"
            else:
                _from_stated_bases(out, name, abstract, title)
    if model is not None:
        out.update(family=model.family, open_weights=model.open_weights, open_weights_source=how)
        if how == "base":
            out["base_model"] = model.name
        if how == "catalog":
            out.update(organisation=model.organisation, model_released=model.released)
            if model.base_models:
                out["base_model"] = " | ".join(model.base_models)
        # a catalog model whose size is its bases' says so ("base"), like a system named after one
        size_how = "base" if how == "catalog" and (model.params_from_base or model.params_sum) else how
        if how == "base" and resizing_word(name):
            pass        # "Nemotron-4 15B (upcycled)": made from its base, but not of its size
        elif model.params_b is not None:
            out.update(params_b=model.params_b, active_params_b=model.active_params_b, params_source=size_how)
        elif model.params_undisclosed:
            out["params_source"] = "undisclosed"
    named = size_from_name(name) if how == "base" or model is None else None
    if named is not None and not (model is not None and size_from_name(model.name)):
        # the derived system's own name states its size ("AstroSage-Llama-3.1-8B" is 8B whatever
        # its base); a size that is the base's own ("Llama-3-8B" in "CPT-Llama-3-8B") stays the base's
        out.update(params_b=named[0], active_params_b=named[1], params_source="name")
    if model is None:
        if out["params_b"] is None and is_own_model(name, abstract, title):
            stated = size_from_text(abstract, sentence)
            if stated is not None:
                out.update(params_b=stated, params_source="text")
        openness = openness_from_text(name, abstract, title)
        # what the paper says of its own system outweighs what its bases suggest, except that
        # a system running on closed weights cannot be released openly
        stated_base = out["open_weights_source"] == "base" and not (out["open_weights"] is False and openness)
        if openness is not None and (out["open_weights"] is None or stated_base):
            out.update(open_weights=openness, open_weights_source="text")
    return out


# ---------------------------------------------------------------------------------------------
# the benchmark and the score's scale


def with_stated_active(row: dict, sentence: str | None, at: int | None) -> None:
    """Give a score row the active parameters its sentence states for that score ("59.4 with
    merely 31 billion average active parameters on Arena-Hard"), when the catalog does not know
    the model itself (its facts win) and nothing else gave one. A count not below the model's total
    is not an active count of it and is ignored. Changes ``row`` in place."""
    if row.get("active_params_b") is not None or row.get("params_source") == NOT_APPLICABLE:
        return
    if not row.get("model_key") or catalog.load().get(row["model_key"]) is not None:
        return
    active = active_from_text(sentence, at)
    total = row.get("params_b")
    if active is not None and (total is None or active < total):
        row["active_params_b"] = active


def normalize_score(benchmark: str, score: float, unit: str | None) -> dict:
    """The benchmark's canonical attributes and the score on the benchmark's own scale.

    A percentage benchmark reported as a fraction (0.842 accuracy) is scaled to 84.2. Only where
    higher is better: an accuracy below 1% is implausible, an attack success rate of 0.5% is
    not, so lower-is-better rates are taken as written. A percentage written
    for a benchmark on another scale (MT-Bench is 0-10) is out of range, so it is never ranked
    beside the benchmark's own numbers.
    """
    bench = lexicon.lookup(benchmark) if benchmark else None
    if bench is None:
        return {"benchmark": benchmark, "benchmark_category": None, "benchmark_known": False,
                "score_norm": score, "higher_is_better": None, "in_range": None}
    norm = score
    percent_scale = bench.unit == "%" and bench.max == 100
    if percent_scale and bench.higher_is_better and unit != "%" and score is not None and 0 < score < 1:
        norm = round(score * 100, 6)
    in_range = score is not None and bench.min <= norm <= bench.max
    if unit == "%" and not percent_scale:
        in_range = False
    return {"benchmark": bench.name, "benchmark_category": bench.category, "benchmark_known": True,
            "score_norm": norm, "higher_is_better": bench.higher_is_better, "in_range": in_range}


def to_row(paper: PaperRecord, m: ScoreMention) -> dict:
    row = {
        "paper_id": paper.paper_id, "title": paper.title, "published": paper.published,
        "source": paper.source, "line": paper.line, "model": m.model,
        "score": m.score, "score_text": m.score_text, "unit": m.unit,
        "setting": m.setting, "kind": m.kind, "confidence": m.confidence,
        "evidence": m.evidence, "span_start": m.span_start, "span_end": m.span_end,
        "number_start": m.number_start, "number_end": m.number_end,
    }
    row.update(resolve_model(m.model, paper.abstract or "", paper.title, m.evidence))
    with_stated_active(row, m.evidence, m.number_start - m.span_start)
    row.update(normalize_score(m.benchmark, m.score, m.unit))
    if m.kind != "score":
        row.update(score_norm=m.score, in_range=None)  # a gain is not a point on the scale
    return row


MODEL_COLUMNS = ["model_key", "family", "organisation", "params_b", "active_params_b", "params_source",
                 "open_weights", "open_weights_source", "model_released", "base_model"]


def reresolve(table, papers=None):
    """The table with every row's model attributes resolved again from the current catalog.

    For a table harvested before the catalog learned a model: each distinct (model, paper) is
    resolved once, with the paper's abstract from ``papers`` (the paper table stored beside the
    score table) when given, so the text rules still apply. Returns a new table; rows, scores and
    evidence are untouched.
    """
    import pandas as pd

    from leaderboard import schema

    if table.empty:
        return table.copy()
    abstracts = {}
    if papers is not None and len(papers):
        abstracts = dict(zip(papers["paper_id"].astype(str), papers["abstract"].fillna("").astype(str)))
    out = table.copy()
    keys = pd.DataFrame({"model": out["model"].astype("string"), "paper_id": out["paper_id"].astype("string"),
                         "title": out["title"].astype("string"), "evidence": out["evidence"].astype("string")})
    resolved = {}
    for model, paper_id, title, evidence in keys.drop_duplicates(["model", "paper_id"]).itertuples(index=False):
        if pd.isna(model):
            continue
        resolved[(model, paper_id)] = resolve_model(
            str(model), abstracts.get(str(paper_id), ""), None if pd.isna(title) else str(title),
            None if pd.isna(evidence) else str(evidence))
    rows = [resolved.get((m, p), {}) if not pd.isna(m) else {} for m, p in zip(keys["model"], keys["paper_id"])]
    # the active count a sentence states belongs to one score, so it is read per row (only rows
    # whose sentence speaks of active parameters can have one)
    at = (pd.to_numeric(out["number_start"], errors="coerce") - pd.to_numeric(out["span_start"], errors="coerce"))
    speaks = keys["evidence"].str.contains("activ", case=False, regex=False).fillna(False).to_numpy(dtype=bool)
    for i in speaks.nonzero()[0]:
        if rows[i] and not pd.isna(at.iloc[i]):
            rows[i] = dict(rows[i])     # a copy: the resolved dict is shared by the paper's rows
            with_stated_active(rows[i], str(keys["evidence"].iloc[i]), int(at.iloc[i]))
    for column in MODEL_COLUMNS:
        values = [row.get(column) for row in rows]
        out[column] = pd.array(values, dtype=schema.DTYPES[column]) if values else out[column]
    return schema.conform(out)
