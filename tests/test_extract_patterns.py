"""Pattern families of the extractor, each on sentences written in the style of real abstracts.

Each case lists the rows expected as (model, benchmark, score); the extractor must produce exactly
those score rows (deltas are checked separately).
"""
from __future__ import annotations

import pytest

from parsers.extract import extract


def scores(abstract, title=None):
    return sorted((r["model"], r["benchmark"], r["score"]) for r in extract(abstract, title) if r["kind"] == "score")


def deltas(abstract, title=None):
    return sorted((r["model"], r["benchmark"], r["score"]) for r in extract(abstract, title) if r["kind"] == "delta")


CASES = {
    "num on bench": (
        "Our largest model, Falcon-40B-Instruct, reaches 71.3 on MMLU and 45.2 on GSM8K.",
        None,
        [("Falcon-40B-Instruct", "GSM8K", 45.2), ("Falcon-40B-Instruct", "MMLU", 71.3)]),
    "percent accuracy on bench": (
        "We release Mistral-Nemo-12B, which obtains 68.0% accuracy on the ARC-Challenge set.",
        None,
        [("Mistral-Nemo-12B", "ARC-Challenge", 68.0)]),
    "bench score of num": (
        "Zephyr-7B-beta attains an MT-Bench score of 7.34, the best among 7B chat models.",
        None,
        [("Zephyr-7B-beta", "MT-Bench", 7.34)]),
    "percent before bench": (
        "After continued training, OLMo-2-13B reaches 67.5% MMLU and 49.1% GSM8K.",
        None,
        [("OLMo-2-13B", "GSM8K", 49.1), ("OLMo-2-13B", "MMLU", 67.5)]),
    "bench (num)": (
        "DeepSeek-V2 is competitive on knowledge benchmarks such as MMLU (78.5) and C-Eval (81.7).",
        None,
        [("DeepSeek-V2", "C-Eval", 81.7), ("DeepSeek-V2", "MMLU", 78.5)]),
    "list on list": (
        "Gemma-2-9b-it achieves 71.3, 68.6 and 40.2 on MMLU, GSM8K and HumanEval, respectively.",
        None,
        [("Gemma-2-9b-it", "GSM8K", 68.6), ("Gemma-2-9b-it", "HumanEval", 40.2), ("Gemma-2-9b-it", "MMLU", 71.3)]),
    "respectively across models": (
        "On GPQA, Claude-3.5-Sonnet and GPT-4o score 59.4% and 53.6%, respectively.",
        None,
        [("Claude-3.5-Sonnet", "GPQA", 59.4), ("GPT-4o", "GPQA", 53.6)]),
    "lowercase hyphenated names": (
        "Trained on 3.3T tokens, phi-3-mini scores 68.8% on MMLU while llama-2-7b reaches 45.3% on MMLU.",
        None,
        [("llama-2-7b", "MMLU", 45.3), ("phi-3-mini", "MMLU", 68.8)]),
    "model (num) comparisons": (
        "On HumanEval, our CodeQwen1.5-7B-Chat (83.5) surpasses GPT-3.5-Turbo (76.8).",
        None,
        [("CodeQwen1.5-7B-Chat", "HumanEval", 83.5), ("GPT-3.5-Turbo", "HumanEval", 76.8)]),
    "num for model": (
        "Accuracy on MATH rises to 52.9% for Llama-3.1-70B and 41.4% for Llama-3.1-8B.",
        None,
        [("Llama-3.1-70B", "MATH", 52.9), ("Llama-3.1-8B", "MATH", 41.4)]),
    "model named in the previous sentence": (
        "We train Granite-3.0-8B-Instruct on permissively licensed data. It achieves 65.8 on MMLU-Pro.",
        None,
        [("Granite-3.0-8B-Instruct", "MMLU-Pro", 65.8)]),
    "paper's own name from the title": (
        "We present a compact model for code. Our model achieves 62.8% pass@1 on HumanEval.",
        "StarFish: A Small Code Model Trained on Permissive Data",
        [("StarFish", "HumanEval", 62.8)]),
    "paper's own name introduced in the text": (
        "In this work we introduce Orbit-Chat, an assistant tuned with preference data. Orbit-Chat reaches a "
        "length-controlled win rate of 38.1% on AlpacaEval 2.0.",
        None,
        [("Orbit-Chat", "AlpacaEval 2.0", 38.1)]),
    "unknown benchmark kept under its own name": (
        "Remarkably, Meditron-70B scores 70.2% on the MedExpQA benchmark.",
        None,
        [("Meditron-70B", "MedExpQA", 70.2)]),
    "one benchmark shared by a list of numbers and models": (
        "The larger olmo-2-7b and olmo-2-13b reach 61% and 67% MMLU, and 7.1 and 7.6 on MT-Bench.",
        None,
        [("olmo-2-7b", "MMLU", 61.0), ("olmo-2-13b", "MMLU", 67.0),
         ("olmo-2-7b", "MT-Bench", 7.1), ("olmo-2-13b", "MT-Bench", 7.6)]),
    "bench scores of a list, respectively": (
        "Gemma-2-2B-it and Gemma-2-9B-it obtain MT-Bench scores of 7.2 and 8.5, respectively.",
        None,
        [("Gemma-2-2B-it", "MT-Bench", 7.2), ("Gemma-2-9B-it", "MT-Bench", 8.5)]),
    "respectively with the benchmarks in the sentence before": (
        "We evaluate on AlpacaEval 2 and Arena-Hard. With our recipe, Mistral-7B-Instruct scores 31.4% and "
        "19.8%, respectively.",
        None,
        [("Mistral-7B-Instruct", "AlpacaEval 2.0", 31.4), ("Mistral-7B-Instruct", "Arena-Hard", 19.8)]),
    "lowercase names with a size part": (
        "Our tiny-coder-1b reaches 45% pass@1 on HumanEval, while tiny-coder-350m reaches 29%.",
        None,
        [("tiny-coder-1b", "HumanEval", 45.0), ("tiny-coder-350m", "HumanEval", 29.0)]),
    "from A to B belongs to the paper's method": (
        "Refiner raises the GSM8K accuracy of Llama-2-13B from 28.7 to 41.3.",
        "Refiner: Iterative Answer Revision for Small Models",
        [("Llama-2-13B", "GSM8K", 28.7), ("Llama-2-13B + Refiner", "GSM8K", 41.3)]),
    "a merged model is named by its parts": (
        "For instance, the merger of Vicuna-13B and Llama-2-13B-Chat raises the MMLU accuracy of Vicuna-13B "
        "from 52.1 to 56.4. Merging Mistral-7B-Instruct and OpenHermes-2.5-Mistral-7B reaches 63.2% on MMLU.",
        None,
        [("Vicuna-13B", "MMLU", 52.1), ("Vicuna-13B + Llama-2-13B-Chat", "MMLU", 56.4),
         ("Mistral-7B-Instruct + OpenHermes-2.5-Mistral-7B", "MMLU", 63.2)]),
    "the paper's method applied to a model carries both names": (
        "On SWE-bench Lite, applying our repair algorithm on top of a Claude-3.5-Sonnet agent sets a success "
        "rate of 31.2%. On SWE-bench Verified, the repair also lifts the agent to 40.6%.",
        None,
        [("Claude-3.5-Sonnet + repair", "SWE-bench Lite", 31.2), ("Claude-3.5-Sonnet + repair", "SWE-bench Verified", 40.6)]),
    "the paper's named method applied to a model": (
        "Applying Refiner to Llama-2-13B gives 41.3 on GSM8K.",
        "Refiner: Iterative Answer Revision for Small Models",
        [("Llama-2-13B + Refiner", "GSM8K", 41.3)]),
    "the term of a comparison is not the subject": (
        "Foo-7B outperforms Llama-2-13B and Mistral-7B, reaching 50.1% on MMLU. Bar-1B, trained with the same "
        "recipe as Foo-7B, still achieves 41% on HumanEval. Compared with Llama-2-13B, Foo-7B reaches 8.1 on "
        "MT-Bench.",
        None,
        [("Foo-7B", "MMLU", 50.1), ("Bar-1B", "HumanEval", 41.0), ("Foo-7B", "MT-Bench", 8.1)]),
    "a list of numbers with the benchmarks named earlier in the sentence, respectively": (
        "Foo-8B achieves a win rate of 44.7% on AlpacaEval 2 and 33.8% on Arena-Hard, while Llama-3-8B-Instruct "
        "scores 22.9% and 20.6%, respectively.",
        None,
        [("Foo-8B", "AlpacaEval 2.0", 44.7), ("Foo-8B", "Arena-Hard", 33.8),
         ("Llama-3-8B-Instruct", "AlpacaEval 2.0", 22.9), ("Llama-3-8B-Instruct", "Arena-Hard", 20.6)]),
    "a possessive names the number's model": (
        "On GSM8K, the merged model surpasses WizardMath's original 64.2.",
        None,
        [("WizardMath", "GSM8K", 64.2)]),
    "two metrics of one benchmark share it": (
        "Swin-V2-G reaches 87.1 top-1 accuracy on ImageNet-1K and 57.9 box AP and 50.2 mask AP on COCO test-dev.",
        None,
        [("Swin-V2-G", "ImageNet", 87.1), ("Swin-V2-G", "COCO", 57.9), ("Swin-V2-G", "COCO", 50.2)]),
    "a benchmark and its metric before the number": (
        "BERT-large pushes the MultiNLI accuracy to 86.7% and the SQuAD v1.1 question answering Test F1 to 93.2, "
        "and reaches a new state of the art on the OntoNotes coreference resolution task (79.6% F1).",
        None,
        [("BERT-large", "MultiNLI", 86.7), ("BERT-large", "SQuAD", 93.2), ("BERT-large", "OntoNotes", 79.6)]),
    "another version of the benchmark is not a score": (
        "With the same model size as BERT-large, our single model obtains 94.6% and 88.7% F1 on SQuAD 1.1 and 2.0, "
        "respectively.",
        "SpanX: Pre-training with Spans",
        [("SpanX", "SQuAD", 94.6), ("SpanX", "SQuAD", 88.7)]),
    "split lists of a benchmark family": (
        "Experiments using all labeled data of Librispeech achieve 1.8/3.3 WER on the clean/other test sets. "
        "On LibriSpeech, Whisper-Large-v3 achieves WER of 2.1%/4.3% without a language model and 1.9%/3.9% with an "
        "external language model on test/testother.",
        "Wave2Vec-X: Self-Supervised Speech",
        [("Wave2Vec-X", "LibriSpeech test-clean", 1.8), ("Wave2Vec-X", "LibriSpeech test-other", 3.3),
         ("Whisper-Large-v3", "LibriSpeech test-clean", 2.1), ("Whisper-Large-v3", "LibriSpeech test-other", 4.3),
         ("Whisper-Large-v3", "LibriSpeech test-clean", 1.9), ("Whisper-Large-v3", "LibriSpeech test-other", 3.9)]),
    "from A to B after an improving verb": (
        "On the MATH benchmark, it improves Qwen2.5-Math-7B from 58.8% to 90.0% and Phi3-mini-3.8B from 41.4% to "
        "86.4%.",
        "rStar-Math: Small LLMs Can Master Math Reasoning",
        [("Qwen2.5-Math-7B", "MATH", 58.8), ("Qwen2.5-Math-7B + rStar-Math", "MATH", 90.0),
         ("Phi3-mini-3.8B", "MATH", 41.4), ("Phi3-mini-3.8B + rStar-Math", "MATH", 86.4)]),
    "from A to B of the paper's own model, and a list of pairs": (
        "Scaling s1-32B with budget forcing goes from 50% to 57% on AIME24.",
        "s1: Simple test-time scaling",
        [("s1-32B", "AIME 2024", 50.0), ("s1-32B", "AIME 2024", 57.0)]),
    "a list of pairs for one model, and a pair with the sentence's one model": (
        "Our approach increases accuracy for Llama-2-70B-Chat from 55.6% to 81.6% on GSM8K, from 12.5% to 20.8% "
        "on MATH, and from 77.8% to 86.7% on ARC-Challenge. The method lifts Llama-3-8B-Instruct's win rate "
        "and 20.6% to 29.1% on Arena-Hard.",
        "Iterative Reasoning Preference Optimization",
        [("Llama-2-70B-Chat", "GSM8K", 55.6), ("Llama-2-70B-Chat + Iterative Reasoning Preference Optimization", "GSM8K", 81.6),
         ("Llama-2-70B-Chat", "MATH", 12.5), ("Llama-2-70B-Chat + Iterative Reasoning Preference Optimization", "MATH", 20.8),
         ("Llama-2-70B-Chat", "ARC-Challenge", 77.8),
         ("Llama-2-70B-Chat + Iterative Reasoning Preference Optimization", "ARC-Challenge", 86.7),
         ("Llama-3-8B-Instruct", "Arena-Hard", 20.6),
         ("Llama-3-8B-Instruct + Iterative Reasoning Preference Optimization", "Arena-Hard", 29.1)]),
    "relative clauses, 'at', merged systems, ranks and LaTeX": (
        "Reflexion-X achieves a 91% pass@1 accuracy on the HumanEval coding benchmark, surpassing GPT-4 that "
        "achieves 80%. On miniF2F, the baseline Llama-2-70B at 23.0% falls behind our model at 46.3%, while a "
        "tree search method at 41.0% does better. When fine-tuned on Science QA, the synergy of LLaVA-1.5-7B and "
        "GPT-4 achieves 92.53%. Foo-Embed-7B has a score of 69.32, ranking No. 1 on MTEB. Bar-DETR-R50 achieves "
        "$49.4$AP on COCO, and LayoutLMv2-Large reaches new results on tasks including FUNSD (0.7895 $\\to$ "
        "0.8420), CORD (0.9493 $\\to$ 0.9601) and DocVQA (0.7295 $\\to$ 0.8672).",
        "Reflexion-X: Language Agents with Verbal Feedback",
        [("Reflexion-X", "HumanEval", 91.0), ("GPT-4", "HumanEval", 80.0), ("Llama-2-70B", "miniF2F", 23.0),
         ("Reflexion-X", "miniF2F", 46.3), ("LLaVA-1.5-7B + GPT-4", "ScienceQA", 92.53), ("Foo-Embed-7B", "MTEB", 69.32),
         ("Bar-DETR-R50", "COCO", 49.4), ("LayoutLMv2-Large", "FUNSD", 0.842), ("LayoutLMv2-Large", "CORD", 0.9601),
         ("LayoutLMv2-Large", "DocVQA", 0.8672)]),
    "a phrase that a known benchmark abbreviates, and rank bounds": (
        "On the USA Math Olympiad (AIME), Foo-Math-7B solves an average of 53.3% (8/15) of problems, ranking among "
        "the top 20% of students.",
        None,
        [("Foo-Math-7B", "AIME", 53.3)]),
    "the paper's own model when every named model is compared": (
        "We propose a new simple network architecture, the Transformer, based solely on attention. Our model "
        "achieves 28.4 BLEU on the WMT 2014 English-to-German translation task. Our system yields strong results "
        "-- e.g., 60.8 on AIME -- outperforming short-CoT models such as GPT-4o.",
        None,
        [("Transformer", "WMT", 28.4), ("Transformer", "AIME", 60.8)]),
    "numbers of unnamed compared models and of people are not scores": (
        "Our model, LIMO, achieves 63.3% on AIME24, surpassing previous fine-tuned models (6.5% on AIME24). Our "
        "best GPT-4-based agent achieves a success rate of 14.41% on WebArena, lower than the human performance "
        "of 78.24%. These corrections impact 40.9% of SWE-Bench Lite leaderboard entries.",
        "LIMO: Less is More for Reasoning",
        [("LIMO", "AIME 2024", 63.3), ("GPT-4-based agent", "WebArena", 14.41)]),
    "pairs in brackets, and a method as the subject of pairs": (
        "The step-by-step PPO with Shepherd-X improves the accuracy of Mistral-7B (77.9%$\\to$84.1% on GSM8K and "
        "28.6%$\\to$33.0% on MATH). Remarkably, rStar boosts GSM8K accuracy from 12.51% to 63.91% for LLaMA2-7B.",
        "Shepherd-X: Verify and Reinforce LLMs Step-by-step",
        [("Mistral-7B", "GSM8K", 77.9), ("Mistral-7B + Shepherd-X", "GSM8K", 84.1), ("Mistral-7B", "MATH", 28.6),
         ("Mistral-7B + Shepherd-X", "MATH", 33.0), ("LLaMA2-7B", "GSM8K", 12.51),
         ("LLaMA2-7B + Shepherd-X", "GSM8K", 63.91)]),
    "a method as the subject of pairs, and the paper's benchmark from its title": (
        "Remarkably, rStar boosts GSM8K accuracy from 12.51% to 63.91% for LLaMA2-7B.\n\nOur evaluations show "
        "that the best models fail. Claude 2 and GPT-4 solve a mere $4.8$% and $1.7$% of instances respectively.",
        "SWE-bench: Can Language Models Resolve Real-World GitHub Issues?",
        [("LLaMA2-7B", "GSM8K", 12.51), ("LLaMA2-7B + rStar", "GSM8K", 63.91), ("Claude 2", "SWE-bench", 4.8),
         ("GPT-4", "SWE-bench", 1.7)]),
    "people's side of a versus pair, ratios to people, unnamed state of the art, lists of bounds": (
        "The single Foo-1.5B model surpasses the human performance on SuperGLUE (89.9 versus 89.8). The "
        "best-performing model, Multimodal Bard, achieves only 58% of human performance on MathVista (34.8% vs "
        "60.3%). With 250 samples Bar-Coder-7B reaches 56% on SWE-bench Lite, outperforming the single-sample "
        "state-of-the-art of 43%. Baz-7B scores up to 53% and 55% on HumanEval and MBPP, respectively.",
        None,
        [("Foo-1.5B", "SuperGLUE", 89.9), ("Bard", "MathVista", 34.8), ("Bar-Coder-7B", "SWE-bench Lite", 56.0)]),
    "a changed version of a model named before is not that model": (
        "We upcycled Mistral-7B into a mixture of experts and compared it to a copy trained further: the "
        "continually trained model reaches 60.1% MMLU, whereas the upcycled model reaches 62.4%. We also "
        "fine-tune Llama-2-7B on our data. The fine-tuned model achieves 45.1% on GSM8K.",
        None,
        [("Mistral-7B (continually trained)", "MMLU", 60.1), ("Mistral-7B (upcycled)", "MMLU", 62.4),
         ("Llama-2-7B (fine-tuned)", "GSM8K", 45.1)]),
    "words that do not say how a model was changed name no version": (
        "We evaluate Llama-2-7B on math. The pretrained model achieves 14.6% on GSM8K.",
        None,
        [("Llama-2-7B", "GSM8K", 14.6)]),
    "sentence opening with its benchmark, model from the sentence before": (
        "We pair Claude-3-Haiku with a planner. On OSWorld, the planner lifts the success rate to 14.6%.",
        None,
        [("Claude-3-Haiku", "OSWorld", 14.6)]),
    "slash lists": (
        "Yi-1.5-34B-Chat achieves 76.8/44.3 on MMLU/GPQA.",
        None,
        [("Yi-1.5-34B-Chat", "MMLU", 76.8), ("Yi-1.5-34B-Chat", "GPQA", 44.3)]),
    "elo with a thousands separator": (
        "On Chatbot Arena, Gemini-1.5-Pro reaches an Elo of 1,267.",
        None,
        [("Gemini-1.5-Pro", "Chatbot Arena", 1267.0)]),
    "spaced variant words and letter-digit versions": (
        "Kimi K2 Thinking reaches 44.9 on HLE. Llama 4 Maverick achieves 80.5 on MMLU-Pro. Gemma 3n E4B scores "
        "64.9 on MMLU, while Claude Fable 5 reaches 80.1% on SWE-bench Verified.",
        None,
        [("Kimi K2 Thinking", "Humanity's Last Exam", 44.9), ("Llama 4 Maverick", "MMLU-Pro", 80.5),
         ("Gemma 3n E4B", "MMLU", 64.9), ("Claude Fable 5", "SWE-bench Verified", 80.1)]),
    "a letter ending a name is not an initial: the sentence ends there": (
        "SegFormer-B5 achieves 84.0% mIoU on Cityscapes and stays robust on Cityscapes-C. Llama-2-7B scores "
        "45.3 on MMLU after pretraining on LM1B. Mistral-7B reaches 60.1 on MMLU.",
        None,
        [("SegFormer-B5", "Cityscapes", 84.0), ("Llama-2-7B", "MMLU", 45.3), ("Mistral-7B", "MMLU", 60.1)]),
    "a sentence's full stop is not part of an unknown benchmark's name": (
        "SpeechStew reaches 9.0% WER on AMI-IHM and 1.3% on WSJ.",
        None,
        [("SpeechStew", "AMI-IHM", 9.0), ("SpeechStew", "WSJ", 1.3)]),
    "a title that is an architecture's name": (
        "At a big model size, the Evolved Transformer establishes a new state-of-the-art BLEU score of 29.8 on "
        "WMT'14 English-German.",
        "The Evolved Transformer",
        [("Evolved Transformer", "WMT", 29.8)]),
    "a bracketed versus pair after each gain: the two models in the order named": (
        "Compared to RoBERTa-Large, a DeBERTa model performs better, achieving improvements on MNLI by +0.9% "
        "(90.2% vs. 91.1%) and RACE by +3.6% (83.2% vs. 86.8%). DeBERTa beats XLNet-Large on SQuAD (90.7 vs. 87.9).",
        None,
        [("RoBERTa-Large", "MultiNLI", 90.2), ("DeBERTa", "MultiNLI", 91.1), ("RoBERTa-Large", "RACE", 83.2),
         ("DeBERTa", "RACE", 86.8), ("DeBERTa", "SQuAD", 90.7), ("XLNet-Large", "SQuAD", 87.9)]),
    "a sentence going on about the benchmark the one before opened with": (
        "On WebArena-Lite, WebRL improves Llama-3.1-8B from 4.8% to 42.4%. These open models surpass GPT-4-Turbo "
        "(17.6%) and GPT-4o (13.9%) and earlier agents (AutoWebGLM, 18.2%). This costs 20% more tokens.",
        None,
        [("GPT-4-Turbo", "WebArena-Lite", 17.6), ("GPT-4o", "WebArena-Lite", 13.9),
         ("AutoWebGLM", "WebArena-Lite", 18.2), ("Llama-3.1-8B", "WebArena-Lite", 4.8)]),
    "latex percent and tilde": (
        "InternLM2-20B achieves 67.7\\% on~BBH and 88.0\\% on GSM8K.",
        None,
        [("InternLM2-20B", "BIG-Bench Hard", 67.7), ("InternLM2-20B", "GSM8K", 88.0)]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_pattern_family(name):
    abstract, title, expected = CASES[name]
    assert scores(abstract, title) == sorted(expected)


@pytest.mark.parametrize("abstract", [
    "Fine-tuning improves Llama-2-13B by 5.2 points on GSM8K.",
    "Mixtral 8x7B gains +15 points on HumanEval over its base model.",
    "This yields a 16% improvement in MMLU for Qwen1.5-7B.",
    "Yi-34B outperforms Llama-2-70B by 3.1 percentage points on MMLU.",
])
def test_deltas_are_not_scores(abstract):
    assert scores(abstract) == []
    assert len(deltas(abstract)) == 1


@pytest.mark.parametrize("abstract", [
    "We pretrain Llama-3-8B on 15T tokens with a 128K vocabulary on 2,048 GPUs in 2024.",
    "The model runs 3.2x faster than Mistral-7B while using 40% less memory.",
    "Our 7B model is trained on 1.4 trillion tokens from 12 datasets, covering 46 languages.",
    "GPT-4o reaches over 80% on MMLU and nearly 90% on GSM8K, up to 16% on AIME 2024.",
    "Qwen2-72B and CodeQwen-1.5-7B-Chat are evaluated on MT-Bench and HumanEval.",
    "Scores range from 41.2-55.8% on MMLU for Gemma-7B.",
])
def test_numbers_that_are_not_scores(abstract):
    assert scores(abstract) == []


@pytest.mark.parametrize("abstract", [
    "It matches the big Transformer on WMT with 37.6% less parameters and 25% fewer training steps.",
    "Pruned Llama-2-13B keeps its MMLU score with 40 % lower memory and 30% reduced latency.",
])
def test_cost_changes_are_neither_scores_nor_gains(abstract):
    assert scores(abstract) == [] and deltas(abstract) == []


def test_settings_travel_with_the_number():
    rows = extract("Llama-3-70B achieves 79.5 5-shot on MMLU and 81.7% pass@1 on HumanEval with CoT prompting.")
    by_bench = {r["benchmark"]: r for r in rows}
    assert by_bench["MMLU"]["setting"].startswith("5-shot")
    assert "pass@1" in by_bench["HumanEval"]["setting"]


def test_settings_stay_in_their_clause_but_opening_settings_apply_to_all():
    rows = extract("With CoT prompting, DeepSeekMath-7B attains 51.7% on MATH and 88.2% maj@64 on GSM8K.")
    by_bench = {r["benchmark"]: r["setting"] for r in rows}
    assert by_bench == {"MATH": "CoT", "GSM8K": "CoT, maj@64"}


def test_evidence_contains_the_number_as_written():
    abstract = ("The flagship model, Qwen2-72B, showcases remarkable performance: 84.2 on MMLU, 37.9 on GPQA. "
                "Its chat variant reaches 9.1 on MT-Bench.")
    for r in extract(abstract):
        assert abstract[r["number_start"]:r["number_end"]] == r["score_text"]
        assert abstract[r["span_start"]:r["span_end"]] == r["evidence"]
        assert r["span_start"] <= r["number_start"] < r["number_end"] <= r["span_end"]
        assert 0 < r["confidence"] <= 1


def test_a_benchmark_on_each_side_of_two_numbers_keeps_each_its_own():
    rows = extract("Tessera-8B reaches an MT-Bench score of 8.6 and 38.2% on Arena-Hard. "
                   "Tessera-2B obtains 41.0% and 45.5% on MMLU.")
    got = {(r["model"], r["benchmark"], r["score"]) for r in rows if r["kind"] == "score"}
    assert got == {("Tessera-8B", "MT-Bench", 8.6), ("Tessera-8B", "Arena-Hard", 38.2),
                   ("Tessera-2B", "MMLU", 41.0), ("Tessera-2B", "MMLU", 45.5)}
