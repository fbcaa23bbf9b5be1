"""Turns → transcript segments as Whisper and the app's segmenter produce them: usually one turn
per utterance, sometimes a short question and its answer run together in one segment, sometimes a
long turn cut in two; fillers and false starts; casing and punctuation slips; numbers now in words,
now in digits (spanish.py); and, now and then, the line Whisper invents over silence. Noise never
touches the words a fact rests on: it adds, it does not replace.
"""
from __future__ import annotations

import random

from .visit import DOCTOR, Turn

FILLERS = ("Eh, ", "Este... ", "Bueno, ", "Mirá, ", "A ver, ", "Emm, ", "O sea, ")
#: What Whisper writes over silence or noise (FACTS.md): never evidence for anything.
HALLUCINATIONS = ("Gracias por ver el video.", "Subtítulos realizados por la comunidad de Amara.org", "¡Suscríbete!")
LABELS = {"médico": ("Médica", "Médico"), "paciente": ("Paciente",), "acompañante": ("Madre", "Padre", "Acompañante")}


def disfluent(rng: random.Random, text: str, rate: float, keep_words: bool = False) -> str:
    """Fillers, false starts, casing and punctuation slips. `keep_words`: only the slips, for a
    question, its bare answer or a volunteered denial, whose words the app reads exactly ("Bueno,
    no." is not read as a denial by src/notes/mentions.ts: the filler becomes the answer's clause)."""
    if keep_words:
        if rng.random() < rate / 2 and text.endswith("."):
            text = text[:-1]
        return text
    if rng.random() < rate:
        text = rng.choice(FILLERS) + text[:1].lower() + text[1:]
    if rng.random() < rate / 2:
        first = text.split(" ", 1)
        if len(first) == 2 and first[0].isalpha():
            text = f"{first[0]}, {first[0].lower()} {first[1]}"  # a false start: "Tengo, tengo…"
    if rng.random() < rate / 2:
        text = text[:1].lower() + text[1:]
    if rng.random() < rate / 2 and text.endswith("."):
        text = text[:-1]
    return text


def to_segments(rng: random.Random, turns: list[Turn], *, noise: float, labels: bool, doctor_female: bool) -> tuple[list[dict], list[list[str]]]:
    """Segments `{id, text, startMs, speaker}` and, per turn, the refs ("s3") of its segments."""
    pieces: list[tuple[list[int], str, str]] = []  # (turn indexes, speaker, text)
    i = 0
    while i < len(turns):
        turn = turns[i]
        nxt = turns[i + 1] if i + 1 < len(turns) else None
        text = disfluent(rng, turn.text, noise, keep_words=turn.alone)
        if labels:
            names = LABELS[turn.speaker]
            name = names[0 if doctor_female else -1] if turn.speaker == DOCTOR else rng.choice(names)
            text = f"{name}: {text}"
        # Only an exchange runs together (a question and its answer), never one speaker's two statements.
        mergeable = (nxt is not None and nxt.speaker != turn.speaker and not (turn.alone or nxt.alone)
                     and len(turn.text) < 40 and len(nxt.text) < 40)
        if mergeable and not labels and rng.random() < 0.15:
            pieces.append(([i, i + 1], turn.speaker, f"{text} {disfluent(rng, nxt.text, noise, keep_words=nxt.alone)}"))
            i += 2
            continue
        sentences = text.split(". ")
        if len(sentences) > 1 and rng.random() < 0.3:
            cut = len(sentences) // 2
            pieces.append(([i], turn.speaker, ". ".join(sentences[:cut]) + "."))
            pieces.append(([i], turn.speaker, ". ".join(sentences[cut:])))
        else:
            pieces.append(([i], turn.speaker, text))
        # Never between a question and its answer: the app reads an answer in the next segment
        # (src/notes/mentions.ts), so a line there would make a true denial unreadable.
        if not turn.alone and rng.random() < noise / 10:
            pieces.append(([], "", rng.choice(HALLUCINATIONS)))
        i += 1

    segments: list[dict] = []
    turn_refs: list[list[str]] = [[] for _ in turns]
    clock_ms = 0
    for n, (owners, speaker, text) in enumerate(pieces, start=1):
        ref = f"s{n}"
        duration = 600 + 65 * len(text) + rng.randint(0, 800)
        segments.append({"id": f"seg-{n:04d}", "text": text, "startMs": clock_ms, "endMs": clock_ms + duration, "speaker": speaker or None})
        clock_ms += duration + rng.randint(200, 2500)
        for t in owners:
            turn_refs[t].append(ref)
    return segments, turn_refs
