"""How model names are spelled: one folded form per name, and the size a name states.

Papers write one model many ways ("LLaMA-3-70b", "Llama 3 70B", "meta-llama/Meta-Llama-3-70B",
"Qwen-2-72b" and "Qwen2-72B"). :func:`fold` maps all of them to one hyphenated lowercase form,
which is what the catalog indexes and what ``model_key`` is for models the catalog lacks. The
rules are purely about spelling, so the fold of a fold is itself.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

#: organisation prefixes dropped in front of a model name ("Meta-Llama-3", "mistralai/...")
ORG_PREFIXES = ("meta", "mistralai", "microsoft", "google", "openai", "anthropic", "tiiuae", "allenai",
                "eleutherai", "bigscience", "bigcode", "nvidia", "databricks", "mosaicml", "thudm",
                "baichuan-inc", "01-ai", "huggingfaceh4", "huggingfacetb", "lmsys", "deepseek-ai",
                "ai21labs", "cohereforai", "stabilityai", "togethercomputer", "ibm",
                "wizardlmteam", "teknium", "nousresearch", "upstage", "apple")

#: Greek letters papers use in version names ("Zephyr-7B-β")
GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta"}

_SEPARATORS = regex.compile(r"[^a-z0-9.]+")
_PLUS = regex.compile(r"(?<=[a-z0-9])\+(?![a-z0-9])")
_LOOSE_DOTS = regex.compile(r"(?<![0-9])\.|\.(?![0-9])")
_WORD_DIGIT = regex.compile(r"(?<=(?:^|-)[a-z]*[a-z]{2})(?=[0-9])")
_PREFIX = regex.compile(r"^(?:" + "|".join(regex.escape(p) for p in ORG_PREFIXES) + r")-(?=[a-z0-9])")
_SUFFIX = regex.compile(r"-hf$")
#: a Hugging Face hub id, "owner/name": one token each side, the name starting with a letter, so
#: "ViT-L/14", "Llama-2-7B/13B" and "GPT-3.5/4" are not read as one
_HUB_ID = regex.compile(r"^[a-z0-9][a-z0-9._-]*/(?=[a-z])[a-z0-9._-]+$")


def fold(name: str | None) -> str:
    """The canonical spelling of a model name: lowercase, hyphen-separated, org prefix and -hf dropped.

    - case and accents fold (``LLaMA`` = ``Llama`` = ``llama``, ``Tülu`` = ``Tulu``, ``β`` = ``beta``);
    - any run of spaces, hyphens, underscores, slashes or punctuation becomes one hyphen; dots
      survive only inside numbers (``3.5``, ``v0.3``);
    - a word of two or more letters glued to a number is split (``Qwen2`` = ``Qwen-2``,
      ``Gemini1.5`` = ``Gemini-1.5``), while single letters stay glued (``v2``, ``o1``, ``8x7b``);
    - a trailing plus is a word (``Command R+`` = ``Command R Plus``);
    - an organisation prefix (``meta-llama/``, ``Meta-``) and a trailing ``-hf`` are dropped; a
      slash elsewhere is a separator like any other (``ViT-L/14`` = ``ViT-L-14``).
    """
    if not name:
        return ""
    return _fold(name)


@lru_cache(maxsize=1 << 16)
def _fold(name: str) -> str:
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name).casefold()
        text = "".join(GREEK.get(c, c) for c in text if not unicodedata.combining(c))
    if "/" in text and _HUB_ID.match(text):
        text = text.split("/", 1)[1]
    text = _PLUS.sub("-plus", text.replace("×", "x"))
    text = _LOOSE_DOTS.sub("-", text)
    text = _SEPARATORS.sub("-", text).strip("-")
    text = _WORD_DIGIT.sub("-", text)
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text)
        text = _SUFFIX.sub("", text) if text != "hf" else text
    return text


_SIZE_SEGMENT = regex.compile(r"^(?:(?P<experts>\d+)x)?(?P<n>\d+(?:\.\d+)?)(?P<u>[bm])$")
_SCALE = {"b": 1.0, "m": 1e-3, "t": 1e3, "billion": 1.0, "million": 1e-3, "trillion": 1e3}


def size_from_name(name: str | None) -> tuple[float, float | None] | None:
    """(total, active) billions of parameters that a name states ("Qwen2-72B", "Mixtral-8x22B").

    None unless exactly one size appears. For an "NxMB" mixture of experts the name only tells
    the nominal N*M total (shared layers make the true total smaller, which the catalog records),
    and nothing about the active count, so active is None.
    """
    sizes = set()
    for segment in fold(name).split("-"):
        m = _SIZE_SEGMENT.match(segment)
        if m:
            value = float(m.group("n")) * _SCALE[m.group("u")]
            if m.group("experts"):
                value *= int(m.group("experts"))
            sizes.add(round(value, 4))
    if len(sizes) != 1:
        return None
    return sizes.pop(), None


#: an n-gram order in a folded name: "5-gram", "n-gram", "trigram", "4gram"
_NGRAM_ORDER = regex.compile(r"(?:^|-)(?:(?:\d+|n)-?grams?|(?:uni|bi|tri)-?grams?)(?=-|$)")
#: words that may accompany the order in the name of a count-based n-gram model: its smoothing
#: ("Kneser-Ney", "Katz", "Witten-Bell", "stupid backoff"), pruning, unit and model nouns
COUNT_BASED_WORDS = frozenset(
    "kneser ney kn mkn modified interpolated katz witten bell absolute discounting discounted backoff "
    "back off stupid smoothed smoothing pruned unpruned baseline word character char class based "
    "count counts lm lms language model models".split())


def is_count_based(name: str | None) -> bool:
    """Is this the name of a count-based n-gram language model ("Kneser-Ney 5-gram", "KN 5-gram
    LM", "unpruned trigram model")? Such a model is a table of smoothed counts, not learned
    weights: a parameter count in billions and "open weights" do not apply to it.

    Every word besides the n-gram order must be a smoothing, pruning, unit or model word, so a
    neural model or a combination that mentions an n-gram ("RNN + KN 5-gram", "neural 5-gram LM",
    "MaxEnt 9-gram") is not count-based.
    """
    folded = fold(name)
    if not folded:
        return False
    rest = _NGRAM_ORDER.sub("-", folded)
    if rest == folded:
        return False
    return all(word in COUNT_BASED_WORDS for word in rest.split("-") if word)


#: words saying a model was changed in a way that changes its parameter count: a model upcycled
#: into a mixture of experts, pruned, distilled or depth-expanded is not the size of the model it
#: was made from
RESIZING_WORDS = frozenset("upcycled upcycling pruned pruning distilled distillation expanded upscaled grown "
                           "moe".split())


def resizing_word(name: str | None) -> str | None:
    """The word of a mention that says its model's size is not its base's ("Nemotron-4 15B
    (upcycled)" -> "upcycled"), else None."""
    return next((w for w in fold(name).split("-") if w in RESIZING_WORDS), None) if name else None
