"""Vital signs said by the doctor the way doctors say them («catorce nueve», «treinta y ocho con
dos», «saturando noventa y siete»), each a fact in the note's one unit (noteSchema.ts VITAL_UNITS)."""
from __future__ import annotations

from . import spanish
from .family import Family
from .visit import Visit


def vitals(v: Visit, fam: Family) -> None:
    rng = v.rng
    keys = [k for k in fam.vitals if rng.random() < 0.85]
    for key in keys:
        lo, hi = fam.vitals[key]
        if key == "bloodPressure":
            systolic = int(round(rng.uniform(lo, hi) / 10) * 10) if rng.random() < 0.7 else rng.randint(int(lo), int(hi))
            diastolic = max(50, min(systolic - 30, int(round(systolic * 0.62 / 10) * 10)))
            t = v.doctor(v.pick(f"La presión te da {spanish.blood_pressure(rng, systolic, diastolic)}.",
                                f"Tenés {spanish.blood_pressure(rng, systolic, diastolic)} de presión."))
            v.fact("vital", [t], key=key, item={"systolic": systolic, "diastolic": diastolic}, slot="examen",
                   fragment=f"TA {systolic}/{diastolic} mmHg.")
        elif key == "temperature":
            value = round(rng.uniform(lo, hi), 1)
            t = v.doctor(v.pick(f"Tenés {spanish.temperature(rng, value)} de temperatura.",
                                f"La temperatura da {spanish.temperature(rng, value)}."))
            v.fact("vital", [t], key=key, item={"value": value}, slot="examen", fragment=f"Temperatura {value:g} °C.")
        elif key == "heartRate":
            value = rng.randint(int(lo), int(hi))
            t = v.doctor(v.pick(f"El pulso está en {spanish.number(rng, value)}.", f"Frecuencia cardíaca {spanish.number(rng, value)}."))
            v.fact("vital", [t], key=key, item={"value": value}, slot="examen", fragment=f"FC {value} lpm.")
        elif key == "respiratoryRate":
            value = rng.randint(int(lo), int(hi))
            t = v.doctor(f"Respira {spanish.number(rng, value)} veces por minuto.")
            v.fact("vital", [t], key=key, item={"value": value}, slot="examen", fragment=f"FR {value} rpm.")
        elif key == "spo2":
            value = rng.randint(int(lo), int(hi))
            t = v.doctor(v.pick(f"Está saturando {spanish.number(rng, value)}.", f"La saturación da {spanish.number(rng, value)}."))
            v.fact("vital", [t], key=key, item={"value": value}, slot="examen", fragment=f"Saturación {value} %.")
        elif key == "weight":
            value = round(rng.uniform(lo, hi) * 2) / 2
            t = v.doctor(v.pick(f"Pesa {spanish.weight(rng, value)}.", f"Estás pesando {spanish.weight(rng, value)}."))
            v.fact("vital", [t], key=key, item={"value": value}, slot="crecimiento" if v.pediatric else "examen",
                   fragment=f"Peso {value:g} kg.")
