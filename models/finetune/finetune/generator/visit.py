"""One synthetic consultation while it is being written: the turns said, in order, and the facts
the note must hold, each pointing at the turns that say it.

Turns become transcript segments later (segments.py: Whisper-like utterances); facts become the
target note (note.py), whole or per block of a long visit. Keeping the two tied by turn index is
what makes every evidence id in a target point at a segment that really says it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

DOCTOR = "médico"
PATIENT = "paciente"
COMPANION = "acompañante"

#: Narrative slots a fact can fill; note.py maps each to a section of the chosen template.
SLOTS = (
    "motivo", "actual", "antecedentes", "adherencia", "examen", "resultados",
    "crecimiento", "alimentacion", "vacunas", "desarrollo", "dx", "plan",
)


@dataclass
class Turn:
    speaker: str
    text: str
    #: Kept in its own segment (a question whose answer grounds a denial reads better apart).
    alone: bool = False


@dataclass
class Fact:
    """Something the note states. `kind` is the note list it goes to ("section" for text only)."""

    kind: str
    turns: list[int]
    slot: str | None = None
    fragment: str | None = None
    item: dict | None = None
    #: For kind "vital": the key in `vitals`.
    key: str | None = None


@dataclass
class Visit:
    rng: random.Random
    family: str
    pediatric: bool
    doctor_female: bool
    patient_female: bool
    turns: list[Turn] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def say(self, speaker: str, text: str, alone: bool = False) -> int:
        self.turns.append(Turn(speaker, text.strip(), alone))
        return len(self.turns) - 1

    def doctor(self, text: str, alone: bool = False) -> int:
        return self.say(DOCTOR, text, alone)

    def patient(self, text: str, alone: bool = False) -> int:
        """The patient, or for a child the parent who answers for them."""
        return self.say(COMPANION if self.pediatric else PATIENT, text, alone)

    def fact(self, kind: str, turns: list[int], **rest) -> Fact:
        made = Fact(kind, sorted(set(turns)), **rest)
        self.facts.append(made)
        return made

    def text(self, slot: str, fragment: str, turns: list[int]) -> None:
        self.fact("section", turns, slot=slot, fragment=fragment)

    # Address forms: rioplatense "vos" for the patient, "usted" now and then for an older adult.
    def pick(self, *options: str) -> str:
        return self.rng.choice(options)
