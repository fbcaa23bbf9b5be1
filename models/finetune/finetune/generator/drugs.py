"""Drugs as they are prescribed in Argentina: generic name, brand names the patient may say, the
strengths sold, and how the dose is taken.

Brand → generic pairs are written from Argentine labelling (ANMAT-registered products whose
leaflet names the active ingredient); each is a common, long-marketed product. A brand here never
stands for a different salt or combination than its generic (Sertal Compuesto, for example, is
propinox + clonixinato de lisina and is not listed; plain Sertal is propinox).

The note writes a drug as it was said: the brand alone when only the brand was said ("Losacor"),
"Losartán (Losacor)" when both were. Writing the generic for a brand that was never said would be
an inference the app's grounding flags (every word of a drug name must have been said).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Drug:
    generic: str
    brands: tuple[str, ...]
    strengths: tuple[int, ...]
    #: How one dose is said: "un comprimido", "una cucharadita"…
    unit_word: str
    #: What the note writes after the number: "mg", "mg/5 ml"…
    unit: str
    frequencies: tuple[str, ...]
    durations: tuple[str, ...] = ()
    route: str | None = None
    #: Used for an acute problem (started now) or taken chronically (continued, changed, stopped).
    chronic: bool = False


DRUGS: dict[str, Drug] = {
    d.generic: d
    for d in [
        Drug("ibuprofeno", ("Ibupirac", "Actron"), (400, 600), "un comprimido", "mg",
             ("cada 8 horas", "cada 12 horas"), ("5 días", "3 días", "una semana"), "oral"),
        Drug("paracetamol", ("Tafirol", "Termofren"), (500, 1000), "un comprimido", "mg",
             ("cada 8 horas", "cada 6 horas"), ("3 días", "5 días"), "oral"),
        Drug("amoxicilina", ("Amoxidal",), (500, 875), "un comprimido", "mg",
             ("cada 8 horas", "cada 12 horas"), ("7 días", "10 días"), "oral"),
        Drug("losartán", ("Losacor",), (50, 100), "un comprimido", "mg",
             ("una vez por día", "cada 12 horas"), (), "oral", chronic=True),
        Drug("enalapril", ("Lotrial",), (5, 10, 20), "un comprimido", "mg",
             ("una vez por día", "cada 12 horas"), (), "oral", chronic=True),
        Drug("propinox", ("Sertal",), (10,), "un comprimido", "mg",
             ("cada 8 horas",), ("2 días", "3 días"), "oral"),
        Drug("dipirona", ("Novalgina",), (500, 1000), "un comprimido", "mg",
             ("cada 8 horas", "cada 6 horas"), ("2 días", "3 días"), "oral"),
        Drug("levotiroxina", ("Eutirox", "T4 Montpellier"), (50, 75, 100, 125), "un comprimido", "microgramos",
             ("una vez por día en ayunas",), (), "oral", chronic=True),
        Drug("metformina", ("Glucophage",), (500, 850, 1000), "un comprimido", "mg",
             ("una vez por día", "dos veces por día", "con el almuerzo y la cena"), (), "oral", chronic=True),
        Drug("atorvastatina", ("Lipitor",), (10, 20, 40), "un comprimido", "mg",
             ("una vez por día", "a la noche"), (), "oral", chronic=True),
        Drug("clonazepam", ("Rivotril",), (1, 2), "un comprimido", "mg",
             ("a la noche",), (), "oral", chronic=True),
        Drug("alprazolam", ("Alplax",), (1, 2), "un comprimido", "mg",
             ("a la noche",), (), "oral", chronic=True),
        Drug("salbutamol", ("Ventolin",), (100,), "dos disparos", "microgramos",
             ("cada 6 horas", "cada 4 horas si le falta el aire"), ("5 días", "una semana"), "inhalatoria"),
        Drug("loratadina", ("Clarityne",), (10,), "un comprimido", "mg",
             ("una vez por día",), ("10 días", "un mes"), "oral"),
        Drug("diclofenac", ("Voltaren",), (50, 75), "un comprimido", "mg",
             ("cada 12 horas", "cada 8 horas"), ("5 días", "una semana"), "oral"),
        Drug("metoclopramida", ("Reliveran",), (10,), "un comprimido", "mg",
             ("cada 8 horas",), ("2 días", "3 días"), "oral"),
        Drug("furosemida", ("Lasix",), (20, 40), "un comprimido", "mg",
             ("una vez por día", "a la mañana"), (), "oral", chronic=True),
        Drug("espironolactona", ("Aldactone",), (25, 50), "un comprimido", "mg",
             ("una vez por día",), (), "oral", chronic=True),
        Drug("clopidogrel", ("Plavix",), (75,), "un comprimido", "mg",
             ("una vez por día",), (), "oral", chronic=True),
        Drug("escitalopram", ("Lexapro",), (10, 20), "un comprimido", "mg",
             ("una vez por día", "a la mañana"), (), "oral", chronic=True),
        Drug("sertralina", ("Zoloft",), (50, 100), "un comprimido", "mg",
             ("una vez por día",), (), "oral", chronic=True),
        Drug("tramadol", ("Tramal",), (50,), "un comprimido", "mg",
             ("cada 8 horas", "cada 12 horas"), ("3 días", "5 días"), "oral"),
        Drug("pregabalina", ("Lyrica",), (75, 150), "un comprimido", "mg",
             ("cada 12 horas", "a la noche"), (), "oral", chronic=True),
        Drug("loperamida", ("Imodium",), (2,), "un comprimido", "mg",
             ("después de cada deposición líquida",), ("2 días",), "oral"),
        Drug("domperidona", ("Motilium",), (10,), "un comprimido", "mg",
             ("antes de cada comida",), ("una semana", "10 días"), "oral"),
        Drug("nitrofurantoína", ("Furadantina",), (100,), "un comprimido", "mg",
             ("cada 6 horas", "cada 12 horas"), ("5 días", "7 días"), "oral"),
        Drug("ciprofloxacina", ("Ciriax",), (500,), "un comprimido", "mg",
             ("cada 12 horas",), ("3 días", "7 días"), "oral"),
        Drug("dexametasona", ("Decadron",), (4, 8), "una ampolla", "mg",
             ("dosis única",), (), "intramuscular"),
        Drug("omeprazol", (), (20, 40), "un comprimido", "mg",
             ("una vez por día en ayunas", "antes del desayuno"), ("un mes", "dos semanas"), "oral", chronic=True),
        Drug("cefalexina", (), (500,), "un comprimido", "mg",
             ("cada 6 horas", "cada 8 horas"), ("7 días", "10 días"), "oral"),
        Drug("amlodipina", (), (5, 10), "un comprimido", "mg",
             ("una vez por día",), (), "oral", chronic=True),
        Drug("hidroclorotiazida", (), (25,), "un comprimido", "mg",
             ("una vez por día", "a la mañana"), (), "oral", chronic=True),
        Drug("budesonida", (), (200,), "dos disparos", "microgramos",
             ("cada 12 horas",), ("un mes",), "inhalatoria", chronic=True),
    ]
}

#: Substances patients are allergic to, how they say it, and the reaction as the note writes it.
ALLERGENS: tuple[tuple[str, str], ...] = (
    ("penicilina", "la penicilina"),
    ("amoxicilina", "la amoxicilina"),
    ("dipirona", "la dipirona"),
    ("ibuprofeno", "el ibuprofeno"),
    ("aspirina", "la aspirina"),
    ("sulfas", "las sulfas"),
    ("cefalosporinas", "las cefalosporinas"),
    ("látex", "el látex"),
    ("iodo", "el iodo"),
)
#: Reaction as said by the patient → as the note writes it. The note's words must be said too
#: (the app grounds the reaction), so these pairs stay within the app's term groups.
REACTIONS: tuple[tuple[str, str], ...] = (
    ("me salieron ronchas", "Ronchas"),
    ("me brotó todo el cuerpo con ronchas", "Ronchas"),
    ("se me hinchó la cara", "Hinchazón de la cara"),
    ("me dio urticaria", "Urticaria"),
    ("me cuesta respirar, me falta el aire", "Falta de aire"),
)
