"""Facts → the target note for one template, whole or for one block of a long consultation.

Section text is the fragments of the facts in that section, in the order they were said; a
section's evidence is the union of theirs. A block's note holds the facts all of whose evidence
lies in the block (a fact split across blocks is left out of both: neither prompt shows all of it).
"""
from __future__ import annotations

from .visit import Fact

VITAL_KEYS = ("bloodPressure", "heartRate", "respiratoryRate", "temperature", "spo2", "weight", "height")

#: Narrative slot → section id, per template. Ids are the app's (checked against the app's
#: templates through the bridge in the tests) or those of GENERATOR_TEMPLATES below.
SLOT_SECTIONS: dict[str, dict[str, str]] = {
    "consulta_general": {
        "motivo": "motivo_consulta", "actual": "enfermedad_actual", "resultados": "enfermedad_actual",
        "antecedentes": "antecedentes", "adherencia": "antecedentes", "alimentacion": "antecedentes",
        "vacunas": "antecedentes", "desarrollo": "antecedentes", "examen": "examen_fisico",
        "crecimiento": "examen_fisico", "dx": "diagnostico_presuntivo", "plan": "plan_indicaciones",
    },
    "soap": {
        "motivo": "subjetivo", "actual": "subjetivo", "antecedentes": "subjetivo", "adherencia": "subjetivo",
        "alimentacion": "subjetivo", "vacunas": "subjetivo", "desarrollo": "subjetivo", "examen": "objetivo",
        "resultados": "objetivo", "crecimiento": "objetivo", "dx": "evaluacion", "plan": "plan",
    },
    "pediatria": {
        "motivo": "motivo_consulta", "actual": "enfermedad_actual", "antecedentes": "antecedentes",
        "adherencia": "antecedentes", "alimentacion": "alimentacion", "vacunas": "vacunas", "desarrollo": "desarrollo",
        "examen": "examen_fisico", "resultados": "examen_fisico", "crecimiento": "crecimiento",
        "dx": "diagnostico", "plan": "plan_indicaciones",
    },
    "enfermedad_cronica": {
        "motivo": "motivo_control", "actual": "evolucion", "antecedentes": "evolucion", "adherencia": "adherencia",
        "alimentacion": "evolucion", "vacunas": "evolucion", "desarrollo": "evolucion", "resultados": "resultados",
        "examen": "examen_fisico", "crecimiento": "examen_fisico", "dx": "evaluacion", "plan": "plan",
    },
    "guardia": {
        "motivo": "motivo_y_evolucion", "actual": "motivo_y_evolucion", "antecedentes": "antecedentes",
        "adherencia": "antecedentes", "alimentacion": "antecedentes", "vacunas": "antecedentes",
        "desarrollo": "antecedentes", "examen": "examen", "resultados": "examen", "crecimiento": "examen",
        "dx": "impresion_y_conducta", "plan": "impresion_y_conducta",
    },
}

#: A doctor-made template (the app lets doctors write their own), so the model sees section sets
#: other than the built-ins. Ids follow the app's sectionIdFromTitle.
GENERATOR_TEMPLATES = {
    "guardia": {
        "name": "Guardia",
        "sections": [
            {"id": "motivo_y_evolucion", "title": "Motivo y evolución", "guidance": "Qué lo trae y desde cuándo."},
            {"id": "antecedentes", "title": "Antecedentes", "guidance": "Enfermedades, medicación habitual y alergias."},
            {"id": "examen", "title": "Examen", "guidance": "Signos vitales y examen físico."},
            {"id": "impresion_y_conducta", "title": "Impresión y conducta", "guidance": "Diagnóstico, tratamiento y control."},
        ],
    }
}


def build_note(template: dict, template_id: str, facts: list[Fact], turn_refs: list[list[str]], keep: set[str] | None = None) -> dict:
    """The note for `facts`, evidence as prompt refs. `turn_refs[i]` are the refs of turn i's
    segments; `keep`, when given, is a block's refs: facts must lie wholly inside it."""
    def order(ref: str) -> int:
        return int(ref[1:])  # transcript order ("s12" after "s9"); never a set's order


    def evidence(fact: Fact) -> list[str] | None:
        refs = sorted({r for t in fact.turns for r in turn_refs[t]}, key=order)
        if keep is not None and not set(refs) <= keep:
            return None
        return refs

    slots = SLOT_SECTIONS[template_id]
    sections = {s["id"]: {"text": [], "evidence": set()} for s in template["sections"]}
    note: dict = {
        "medications": [], "allergies": [], "diagnoses": [], "vitals": {k: None for k in VITAL_KEYS},
        "orders": [], "referrals": [], "followUp": None, "patientInstructions": [], "pertinentNegatives": [],
    }
    lists = {"medication": "medications", "allergy": "allergies", "diagnosis": "diagnoses", "order": "orders",
             "referral": "referrals", "instruction": "patientInstructions", "negative": "pertinentNegatives"}
    for fact in facts:
        refs = evidence(fact)
        if refs is None:
            continue
        if fact.slot == "motivo" and (fact.item or {}).get("covered_by_actual") and slots["motivo"] == slots["actual"]:
            continue
        if fact.slot and fact.fragment:
            section = sections[slots[fact.slot]]
            section["text"].append(fact.fragment)
            section["evidence"].update(refs)
        if fact.kind == "section":
            continue
        if fact.kind in lists:
            note[lists[fact.kind]].append({**fact.item, "evidence": refs})
        elif fact.kind == "vital":
            note["vitals"][fact.key] = {**fact.item, "evidence": refs}
        elif fact.kind == "followUp":
            note["followUp"] = {**fact.item, "evidence": refs}
    note["sections"] = {
        sid: {"text": " ".join(s["text"]), "evidence": sorted(s["evidence"], key=order)}
        for sid, s in sections.items()
    }
    return note
