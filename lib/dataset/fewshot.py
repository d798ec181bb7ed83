"""How many average examples fit in each model's context window as a few-shot prompt.

A few-shot prompt repeats worked examples in every request; once they no longer fit, fine-tuning is
the way to teach them (one of the guide's reasons to fine-tune). The examples were counted with one
encoding; for a model with another encoding, or whose own tokenizer is not available offline (Gemini, Nova,
Llama), the count is an estimate, and the table says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.catalog.models import ModelFacts

# A worked example inside a prompt carries its messages but not the 3 tokens that prime a reply.
_PRIMING = 3


@dataclass(frozen=True)
class FewShotFit:
    model: str
    context_window: int
    examples_that_fit: int
    tokens_for_k: int
    k: int
    estimated: bool


def few_shot_fit(
    average_example_tokens: float,
    models: list[ModelFacts],
    counted_with: str,
    k: int,
    reserve_tokens: int = 0,
) -> list[FewShotFit]:
    """For each model: examples that fit beside `reserve_tokens` (the request itself) and a k-shot prompt's size."""
    per_example = max(average_example_tokens - _PRIMING, 1.0)
    rows = []
    for facts in models:
        room = max(facts.context_window - reserve_tokens, 0)
        rows.append(FewShotFit(
            model=facts.id,
            context_window=facts.context_window,
            examples_that_fit=int(room // per_example),
            tokens_for_k=round(per_example * k),
            k=k,
            # exact only with this model's own tokenizer: same encoding, and one the model is really billed by
            estimated=facts.encoding != counted_with or not facts.tokens_exact,
        ))
    return rows
