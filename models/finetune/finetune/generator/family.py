"""What a family of consultations is made of. A family is one clinical scenario (a sore throat, a
diabetes control) with its own phrasings; splits are drawn by family (splits.py), so a test
consultation is never a paraphrase of a training one.
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: (what is said, how the note writes it)
Said = tuple[str, str]


@dataclass(frozen=True)
class Denial:
    """A finding asked about and denied: the doctor's questions, and the note's negative."""

    questions: tuple[str, ...]
    negative: str
    #: A denial the patient volunteers in one breath ("fiebre no tuve"), used now and then.
    volunteered: tuple[str, ...] = ()


@dataclass(frozen=True)
class Diagnosis:
    said: tuple[str, ...]  # "es una faringitis", "parece una faringitis"
    note: str  # "Faringitis"
    #: Phrases that confirm it (a test result), used now and then: certainty "confirmado".
    confirmed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Family:
    name: str
    templates: tuple[str, ...]
    complaints: tuple[Said, ...]
    onsets: tuple[Said, ...]
    symptoms: tuple[Said, ...]
    denials: tuple[Denial, ...]
    exam: tuple[Said, ...]
    vitals: dict[str, tuple[float, float]]
    diagnoses: tuple[Diagnosis, ...]
    ruled_out: tuple[Said, ...] = ()
    #: Generic names from drugs.py started for this problem.
    drugs: tuple[str, ...] = ()
    orders: tuple[Said, ...] = ()
    referrals: tuple[tuple[str, str, str], ...] = ()  # (said, specialty, reason)
    followups: tuple[Said, ...] = ()
    instructions: tuple[Said, ...] = ()
    pediatric: bool = False
    chronic: bool = False
    #: Body sides the complaint can be on; "" when it has none.
    sides: tuple[str, ...] = ("",)
    extra: dict = field(default_factory=dict)
