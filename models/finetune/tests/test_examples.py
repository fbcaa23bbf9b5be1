"""Examples are the app's prompts (its planner, its profile) with targets the app accepts."""
from __future__ import annotations

import json

from finetune.examples import PromptSettings, build_examples
from finetune.generator.generate import generate


def test_one_prompt_per_consultation_with_the_compact_profile(bridge, templates):
    records = generate("train", 12, 9, templates)
    examples, report = build_examples(records, bridge, PromptSettings(4096, 1536))
    assert report.dropped == [] and len(examples) == 12
    for record, example in zip(records, examples):
        assert [m["role"] for m in example["messages"]] == ["system", "user"]
        assert example["messages"][1]["content"].startswith(f"Plantilla «{record['template']['name']}»")
        assert json.loads(example["answer"]) == record["note"]
        # Serialised as the app reads it: schema key order, compact JSON.
        assert list(json.loads(example["answer"]))[0] == "sections" and ", " not in example["answer"][:20]


def test_a_long_consultation_in_a_small_window_gives_one_valid_example_per_block(bridge, templates):
    records = generate("train", 10, 11, templates, long_rate=1.0)
    examples, report = build_examples(records, bridge, PromptSettings(1536, 512))
    assert report.multi_part >= 5
    # With the speaker roles the app guesses (speech/roles), its grounding is stricter: where the
    # guess mislabels a bare «No.», a denial is left out of training (listed, never trained on).
    assert len(report.dropped) <= max(1, len(examples) // 20)
    assert all(r.startswith("pertinentNegatives") for d in report.dropped for r in d["review"])
    parts = [e for e in examples if e["part"][1] > 1]
    assert parts and all("parte" in e["messages"][-1]["content"] for e in parts)
    for example in parts:
        shown = {line.split("]")[0][1:] for line in example["messages"][-1]["content"].splitlines() if line.startswith("[s")}
        note = json.loads(example["answer"])
        cited = {ref for item in note["medications"] + note["pertinentNegatives"] + note["diagnoses"] for ref in item["evidence"]}
        assert cited <= shown
