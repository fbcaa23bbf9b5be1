"""Consultations, deterministic by seed: `generate(split, count, seed)` always returns the same
records. A record is the transcript (segments as the app stores them), the template, and the
facts' target note with evidence as prompt refs; examples.py turns it into training examples.
"""
from __future__ import annotations

import hashlib
import random

from . import scenes
from .vitals import vitals
from .family import Family
from .note import GENERATOR_TEMPLATES, build_note
from .segments import to_segments
from .splits import SPLITS, families
from .visit import Visit


def case_rng(seed: int, split: str, index: int) -> random.Random:
    # One stream per case: adding cases or families never changes the earlier ones.
    digest = hashlib.sha256(f"{seed}:{split}:{index}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def build_visit(rng: random.Random, fam: Family, others: list[Family], long_visit: bool) -> Visit:
    v = Visit(rng, fam.name, fam.pediatric, doctor_female=rng.random() < 0.5, patient_female=rng.random() < 0.5)
    side = rng.choice(fam.sides)
    scenes.greeting(v)
    problems = [(fam, side)]
    if long_visit:
        # One side per visit: a second problem on a side would make "derecho" ambiguous in the note.
        extra = [f for f in others if f.pediatric == fam.pediatric and f.name != fam.name and not f.chronic and f.sides == ("",)]
        for other in rng.sample(extra, k=min(len(extra), rng.randint(2, 3))):
            problems.append((other, rng.choice(other.sides)))
    for n, (problem, problem_side) in enumerate(problems):
        if n > 0:
            v.patient(v.pick("Ah, y otra cosa, doctora.", "Ya que estoy, le quería consultar otra cosa.", "Y además..."))
        scenes.complaint(v, problem, problem_side)
        scenes.symptoms(v, problem)
        scenes.denials(v, problem)
        if long_visit:
            scenes.chatter(v, rng.randint(4, 12))
    if fam.pediatric:
        scenes.pediatric_history(v)
    scenes.background(v, fam)
    scenes.allergies(v)
    scenes.results(v, fam)
    vitals(v, fam)
    for problem, problem_side in problems:
        scenes.exam(v, problem, problem_side)
    for problem, problem_side in problems:
        scenes.diagnosis(v, problem, problem_side)
        scenes.new_drugs(v, problem)
        scenes.orders(v, problem, problem_side)
        scenes.referral(v, problem, problem_side)
    scenes.instructions(v, fam)
    scenes.followup(v, fam)
    if long_visit:
        scenes.chatter(v, rng.randint(4, 12))
    elif rng.random() < 0.5:
        scenes.small_talk(v)
    scenes.closing(v)
    return v


def generate(split: str, count: int, seed: int, templates: dict[str, dict], *, long_rate: float = 0.15,
             noise: float = 0.25, label_rate: float = 0.0) -> list[dict]:
    """`templates`: the app's built-in templates by id (from the bridge), plus the generator's own."""
    pool = families(split)
    all_templates = {**templates, **GENERATOR_TEMPLATES}
    records = []
    for index in range(count):
        rng = case_rng(seed, split, index)
        fam = pool[index % len(pool)]
        long_visit = rng.random() < long_rate
        visit = build_visit(rng, fam, pool, long_visit)
        template_id = rng.choice(fam.templates)
        template = all_templates[template_id]
        segments, turn_refs = to_segments(rng, visit.turns, noise=noise, labels=rng.random() < label_rate,
                                          doctor_female=visit.doctor_female)
        records.append({
            "id": f"{split}-{index:05d}-{fam.name}",
            "split": split,
            "family": fam.name,
            "seed": seed,
            "long": long_visit,
            "template_id": template_id,
            "template": {"name": template["name"], "sections": [dict(s) for s in template["sections"]]},
            "segments": segments,
            "note": build_note(template, template_id, visit.facts, turn_refs),
            "facts": [{"kind": f.kind, "turns": f.turns, "slot": f.slot, "fragment": f.fragment, "item": f.item, "key": f.key}
                      for f in visit.facts],
            "turn_refs": turn_refs,
        })
    return records


__all__ = ["generate", "SPLITS"]
