"""Chat messages + target note → token ids with the loss on the answer only.

The prompt is rendered with the base model's own chat template (tokenizer_config.json), the same
template the app's engines apply (transformers.js `apply_chat_template`; test_parity.py proves the
two render and tokenize a sample identically). The target is what the template puts after the
generation prompt for the assistant turn: the note JSON and the end-of-turn token, which is where
the app's generation stops.
"""
from __future__ import annotations

from dataclasses import dataclass

IGNORE = -100


@dataclass
class Encoded:
    input_ids: list[int]
    labels: list[int]

    @property
    def answer_tokens(self) -> int:
        return sum(1 for label in self.labels if label != IGNORE)


def prompt_text(tokenizer, messages: list[dict]) -> str:
    return tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)


def completion_text(tokenizer, messages: list[dict], answer: str) -> str:
    prompt = prompt_text(tokenizer, messages)
    full = tokenizer.apply_chat_template([*messages, {"role": "assistant", "content": answer}], tokenize=False)
    if not full.startswith(prompt):
        raise ValueError("the chat template does not render the answer after the generation prompt")
    # The template's newline after the end-of-turn token is not generated: the app stops at the token.
    return full[len(prompt):].rstrip("\n")


def encode(tokenizer, messages: list[dict], answer: str) -> Encoded:
    prompt_ids = tokenizer(prompt_text(tokenizer, messages), add_special_tokens=False)["input_ids"]
    answer_ids = tokenizer(completion_text(tokenizer, messages, answer), add_special_tokens=False)["input_ids"]
    return Encoded(prompt_ids + answer_ids, [IGNORE] * len(prompt_ids) + answer_ids)
