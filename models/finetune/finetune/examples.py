"""Generated consultations → training examples, through the app's own code (bridge.py).

For each consultation the app's planner decides the prompts (one, or one per block of a long
visit, for the model's window and prompt profile); each prompt's target is the note of the facts
in its block, validated against the generation schema for that block's evidence ids and grounded
against the whole transcript. A target that is invalid or that the app would flag is not used:
it is counted and reported (`dropped`), and the tests hold that number at zero.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .bridge import NoteBridge
from .generator.note import build_note
from .generator.visit import Fact


@dataclass
class PromptSettings:
    context_window_tokens: int
    output_reserve_tokens: int
    profile: str = "compact"


@dataclass
class BuildReport:
    consultations: int = 0
    examples: int = 0
    multi_part: int = 0
    dropped: list[dict] = field(default_factory=list)


def _facts(record: dict) -> list[Fact]:
    return [Fact(f["kind"], f["turns"], f["slot"], f["fragment"], f["item"], f["key"]) for f in record["facts"]]


def _template_for_note(record: dict) -> dict:
    return {"name": record["template"]["name"], "sections": record["template"]["sections"]}


def build_examples(records: list[dict], bridge: NoteBridge, settings: PromptSettings) -> tuple[list[dict], BuildReport]:
    report = BuildReport(consultations=len(records))
    plans = bridge.batch([
        {"type": "plan", "template": r["template"], "segments": [{k: s[k] for k in ("id", "text", "startMs")} for s in r["segments"]],
         "contextWindowTokens": settings.context_window_tokens, "outputReserveTokens": settings.output_reserve_tokens,
         "profile": settings.profile}
        for r in records
    ])
    pending: list[tuple[dict, dict, int, int]] = []
    requests = []
    for record, plan in zip(records, plans):
        refs = plan["refs"]
        expected = {s["id"]: f"s{i + 1}" for i, s in enumerate(record["segments"])}
        if refs != expected:
            raise ValueError(f"{record['id']}: the app numbered the segments differently from the generator")
        blocks = plan["blocks"]
        if len(blocks) > 1:
            report.multi_part += 1
        roles = plan["roles"]
        transcript = [{"ref": f"s{i + 1}", "text": s["text"], **({"role": roles[f"s{i + 1}"]} if roles.get(f"s{i + 1}") else {})}
                      for i, s in enumerate(record["segments"])]
        for index, block in enumerate(blocks):
            if len(blocks) == 1:
                note = record["note"]
            else:
                note = build_note(_template_for_note(record), record["template_id"], _facts(record), record["turn_refs"], keep=set(block["refs"]))
            requests.append({"type": "answer", "template": record["template"], "note": note, "evidenceIds": block["refs"], "transcript": transcript})
            pending.append((record, block, index, len(blocks)))
    answers = bridge.batch(requests)
    examples = []
    for (record, block, index, count), answer in zip(pending, answers):
        if not answer["valid"] or answer["review"]:
            report.dropped.append({"id": record["id"], "part": index + 1, "problems": answer["problems"],
                                   "review": [f"{f['path']}: {f['reason']}" for f in answer["review"]]})
            continue
        examples.append({
            "id": f"{record['id']}-p{index + 1}" if count > 1 else record["id"],
            "split": record["split"],
            "family": record["family"],
            "template_id": record["template_id"],
            "part": [index + 1, count],
            "messages": block["messages"],
            "answer": answer["answer"],
        })
    report.examples = len(examples)
    return examples, report
