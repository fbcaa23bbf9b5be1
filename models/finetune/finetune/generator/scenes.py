"""The parts of a consultation, each adding turns and the facts they support to a Visit.

Wording rules that keep targets honest (the app's grounding check enforces them in the tests):
the note's words for a finding are words said in the turns it cites; a number in the note was
said in those turns; a denial cites the question and its answer; a drug's dose is said with it.
"""
from __future__ import annotations

from . import spanish
from .drugs import ALLERGENS, DRUGS, REACTIONS, Drug
from .family import Family
from .visit import Visit

def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def greeting(v: Visit) -> None:
    if v.pediatric:
        v.doctor(v.pick("Hola, ¿qué le pasa a la nena?", "Buen día, ¿qué lo trae al nene?", "Pasen, ¿qué le anda pasando?"))
    else:
        v.doctor(v.pick("Buen día, ¿qué te trae por acá?", "Hola, pasá, sentate. ¿Qué te anda pasando?",
                        "Buenas tardes, ¿en qué la puedo ayudar?", "Buen día, ¿cómo andás? Contame."))


def complaint(v: Visit, fam: Family, side: str) -> None:
    said, note = v.rng.choice(fam.complaints)
    onset_said, onset_note = v.rng.choice(fam.onsets)
    said, note = said.format(side=side), note.format(side=side)
    if fam.chronic:
        t = v.patient(f"{cap(said)}. {cap(onset_said)}.")
        v.text("motivo", f"{note}.", [t])
        v.text("actual", f"{cap(onset_note)}.", [t])
    else:
        t = v.patient(v.pick(f"{cap(onset_said)} que {said}.", f"Mire, {said}, {onset_said}."))
        # The "actual" fragment repeats the complaint: where both land in one section, keep that one.
        v.fact("section", [t], slot="motivo", fragment=f"{note}.", item={"covered_by_actual": True})
        v.text("actual", f"{note} {onset_note}.", [t])


def symptoms(v: Visit, fam: Family) -> None:
    for said, note in v.rng.sample(fam.symptoms, k=v.rng.randint(1, len(fam.symptoms))):
        if v.rng.random() < 0.5:
            v.doctor(v.pick("¿Algo más?", "¿Qué más notaste?", "Contame un poco más."))
        t = v.patient(f"{cap(said)}.")
        v.text("actual", f"{note}.", [t])


def denials(v: Visit, fam: Family) -> None:
    for denial in v.rng.sample(fam.denials, k=v.rng.randint(1, len(fam.denials))):
        if denial.volunteered and v.rng.random() < 0.3:
            t = v.patient(v.rng.choice(denial.volunteered), alone=True)
            v.fact("negative", [t], item={"text": denial.negative})
            continue
        q = v.doctor(v.rng.choice(denial.questions), alone=True)
        a = v.patient(v.pick("No.", "No, nada.", "No, para nada.", "No, eso no.", "No, doctora.", "No, doctor."), alone=True)
        v.fact("negative", [q, a], item={"text": denial.negative})


def allergies(v: Visit) -> None:
    q = v.doctor(v.pick("¿Sos alérgico a algún medicamento?", "¿Alergias a algún remedio?", "¿Tiene alguna alergia?"), alone=True)
    if v.rng.random() < 0.6:
        a = v.patient(v.pick("No, ninguna.", "No, que yo sepa no.", "No, a nada."), alone=True)
        v.fact("negative", [q, a], item={"text": "Niega alergias."})
        return
    substance, said = v.rng.choice(ALLERGENS)
    reaction_said, reaction = v.rng.choice(REACTIONS)
    a = v.patient(f"Sí, a {said}, {reaction_said}.", alone=True)
    v.fact("allergy", [q, a], item={"substance": cap(substance), "reaction": reaction})
    v.text("antecedentes", f"Alergia a {substance}.", [a])


def dose_said(v: Visit, drug: Drug, strength: int) -> str:
    """A strength as said: "seiscientos" or "600" (the unit is understood, as in "un ibuprofeno de 600")."""
    return spanish.number(v.rng, strength)


def drug_name(v: Visit, drug: Drug) -> tuple[str, str]:
    """(how the drug is said, how the note names it)."""
    if drug.brands and v.rng.random() < 0.5:
        brand = v.rng.choice(drug.brands)
        if v.rng.random() < 0.4:
            return f"{brand}, que es {drug.generic},", f"{cap(drug.generic)} ({brand})"
        return brand, brand
    return drug.generic, cap(drug.generic)


def chronic_medication(v: Visit, generic: str, condition: tuple[str, str] | None) -> None:
    """A drug the patient already takes, then what the doctor decides: continue, change or stop."""
    drug = DRUGS[generic]
    strength = v.rng.choice(drug.strengths)
    said, name = drug_name(v, drug)
    freq = drug.frequencies[0]
    lead = f"{condition[0]}, " if condition else ""
    t = v.patient(f"{cap(lead)}tomo {said} de {dose_said(v, drug, strength)}, {freq}.".replace("  ", " "))
    if condition:
        v.text("antecedentes", f"{condition[1]} en tratamiento con {name} {strength} {drug.unit}.", [t])
    decision = v.rng.random()
    if decision < 0.5:
        d = v.doctor(v.pick(f"Seguí con {said_short(said, drug)} como venías.", f"Con {said_short(said, drug)} seguimos igual."))
        v.fact("medication", [t, d], item=med(name, f"{strength} {drug.unit}", None, freq, None, "continúa"), slot="plan",
               fragment=f"Continúa {name} {strength} {drug.unit} {freq}.")
    elif decision < 0.8 and len(drug.strengths) > 1 and strength != max(drug.strengths):
        new = max(drug.strengths)
        d = v.doctor(f"Subimos {said_short(said, drug)} a {dose_said(v, drug, new)}, {freq}.")
        v.fact("medication", [t, d], item=med(name, f"{new} {drug.unit}", None, freq, None, "modifica"), slot="plan",
               fragment=f"Se aumenta {name} a {new} {drug.unit} {freq}.")
    else:
        d = v.doctor(f"Dejá de tomar {said_short(said, drug)}, lo vamos a suspender.")
        v.fact("medication", [t, d], item=med(name, None, None, None, None, "suspende"), slot="plan",
               fragment=f"Se suspende {name}.")


def said_short(said: str, drug: Drug) -> str:
    """The drug named again: "el Losacor", or "el losartán" when both names were said. The app
    scopes a dose to a drug by the note's first name (src/notes/medicationScope.ts), so a later
    mention must use that name for the new dose to count as said for it."""
    return f"el {drug.generic}" if "que es" in said else f"el {said}"


def med(name, dose, route, frequency, duration, action) -> dict:
    return {"name": name, "dose": dose, "route": route, "frequency": frequency, "duration": duration, "action": action}


def exam(v: Visit, fam: Family, side: str) -> None:
    said, note = v.rng.choice(fam.exam)
    t = v.doctor(f"{v.pick('A ver... ', 'Bien, ', '')}{cap(said.format(side=side))}.")
    v.text("examen", note.format(side=side), [t])


def diagnosis(v: Visit, fam: Family, side: str) -> None:
    dx = v.rng.choice(fam.diagnoses)
    said = v.rng.choice(dx.said)
    # The note names the side only where the doctor said it with the diagnosis.
    name = dx.note.format(side=side) if "{side}" in said else dx.note.replace(" {side}", "")
    if dx.confirmed and v.rng.random() < 0.3:
        name = dx.note.replace(" {side}", "")
        t = v.doctor(f"{cap(v.rng.choice(dx.confirmed))}.")
        certainty = "confirmado"
    else:
        t = v.doctor(f"{v.pick('Bueno, ', 'Mirá, ', '')}{said.format(side=side)}.")
        certainty = "presuntivo"
    v.fact("diagnosis", [t], item={"text": name, "cie10": None, "certainty": certainty}, slot="dx", fragment=f"{name}.")
    if fam.ruled_out and v.rng.random() < 0.5:
        said, ruled = v.rng.choice(fam.ruled_out)
        t = v.doctor(f"{cap(said.format(side=side))}, eso lo descartamos.")
        ruled = ruled.format(side=side)
        v.fact("diagnosis", [t], item={"text": ruled, "cie10": None, "certainty": "descartado"}, slot="dx",
               fragment=f"Se descarta {ruled[:1].lower() + ruled[1:]}.")


def new_drugs(v: Visit, fam: Family) -> None:
    if not fam.drugs:
        return
    for generic in v.rng.sample(fam.drugs, k=min(len(fam.drugs), v.rng.randint(1, 2))):
        drug = DRUGS[generic]
        strength = v.rng.choice(drug.strengths)
        said, name = drug_name(v, drug)
        freq = v.rng.choice(drug.frequencies)
        duration = v.rng.choice(drug.durations) if drug.durations and v.rng.random() < 0.8 else None
        lead = v.pick("Te indico", "Te voy a dar", "Vas a tomar", "Le indico")
        tail = f", durante {duration}" if duration else ""
        t = v.doctor(f"{lead} {said} de {dose_said(v, drug, strength)}, {drug.unit_word} {freq}{tail}.")
        dose = f"{strength} {drug.unit}"
        v.fact("medication", [t], item=med(name, dose, None, freq, duration, "inicia"), slot="plan",
               fragment=f"{name} {dose} {freq}{' durante ' + duration if duration else ''}.")


def orders(v: Visit, fam: Family, side: str) -> None:
    if not fam.orders or v.rng.random() < 0.3:
        return
    chosen = v.rng.sample(fam.orders, k=v.rng.randint(1, len(fam.orders)))
    said = " y ".join(s.format(side=side) for s, _ in chosen)
    t = v.doctor(f"{v.pick('Te voy a pedir', 'Te pido', 'Hacete')} {said}.")
    for _, note in chosen:
        v.fact("order", [t], item={"text": note.format(side=side)}, slot="plan", fragment=f"Se solicita {note.format(side=side)[:1].lower()}{note.format(side=side)[1:]}.")


def referral(v: Visit, fam: Family, side: str) -> None:
    if not fam.referrals or v.rng.random() < 0.5:
        return
    said, specialty, reason = v.rng.choice(fam.referrals)
    t = v.doctor(f"{cap(said)}.")
    v.fact("referral", [t], item={"specialty": specialty, "reason": None}, slot="plan", fragment=f"Derivación a {specialty}.")


def followup(v: Visit, fam: Family) -> None:
    if not fam.followups:
        return
    said, note = v.rng.choice(fam.followups)
    t = v.doctor(f"{cap(said)}.")
    v.fact("followUp", [t], item={"text": note}, slot="plan", fragment=note)


def instructions(v: Visit, fam: Family) -> None:
    for said, note in v.rng.sample(fam.instructions, k=v.rng.randint(0, len(fam.instructions))):
        t = v.doctor(f"{cap(said)}.")
        v.fact("instruction", [t], item={"text": note}, slot="plan", fragment=note)


CONDITIONS = {
    "losartán": ("soy hipertenso", "Hipertensión"),
    "enalapril": ("tengo la presión alta", "Hipertensión"),
    "amlodipina": ("soy hipertensa", "Hipertensión"),
    "metformina": ("soy diabético", "Diabetes"),
    "levotiroxina": ("tengo hipotiroidismo", "Hipotiroidismo"),
    "atorvastatina": ("tengo el colesterol alto", "Colesterol alto"),
    "escitalopram": ("me trata la psiquiatra por ansiedad", "Ansiedad"),
    "omeprazol": ("tengo gastritis", "Gastritis"),
}


def background(v: Visit, fam: Family) -> None:
    """Chronic conditions and their drugs: always for a control, now and then for an acute visit."""
    chronic = list(fam.extra.get("chronic_drugs", ()))
    if not chronic and v.rng.random() < 0.45:
        chronic = [v.rng.choice(sorted(CONDITIONS))]
    if not chronic:
        if v.rng.random() < 0.5:
            q = v.doctor(v.pick("¿Tomás alguna medicación habitual?", "¿Toma alguna medicación en forma habitual?"), alone=True)
            a = v.patient(v.pick("No, nada.", "No, ninguna."), alone=True)
            v.fact("negative", [q, a], item={"text": "Niega medicación habitual."})
        return
    v.doctor(v.pick("¿Tenés alguna enfermedad? ¿Tomás algo?", "¿Qué medicación tomás?", "Contame qué tomás."))
    for generic in chronic:
        chronic_medication(v, generic, CONDITIONS.get(generic))


def results(v: Visit, fam: Family) -> None:
    for said, note in fam.extra.get("results", ()):
        if v.rng.random() < 0.7:
            t = v.doctor(f"{v.pick('Miremos los análisis: ', 'En el laboratorio, ', '')}{said}.")
            v.text("resultados", note, [t])


def pediatric_history(v: Visit) -> None:
    q = v.doctor(v.pick("¿Tiene las vacunas al día?", "¿Cómo está con las vacunas?"), alone=True)
    if v.rng.random() < 0.8:
        a = v.patient(v.pick("Sí, tiene todas las vacunas.", "Sí, al día, traje el carnet."), alone=True)
        v.text("vacunas", "Vacunas al día.", [q, a])
    else:
        a = v.patient("Le falta la del año, la tenemos que dar.", alone=True)
        v.text("vacunas", "Le falta la vacuna del año.", [a])
    t = v.patient(v.pick("Come bien, toma la teta y ya come papilla.", "Come bien, toma la mamadera y come de todo."))
    v.text("alimentacion", "Lactancia materna y papilla." if "teta" in v.turns[t].text else "Mamadera y alimentación variada.", [t])


CHATTER_DOCTOR = (
    "¿Y en tu casa cómo andan?", "¿Seguís trabajando en el mismo lugar?", "¿Cómo te viniste hoy?",
    "¿Pudiste sacar el turno fácil?", "Contame cómo es un día tuyo.", "¿Y los chicos cómo están?",
    "Te explico cómo va a ser: vamos paso a paso.", "¿Tenés alguna duda hasta acá?",
    "Perdón, dame un segundo que anoto.", "¿Te acordás cuándo fue la última vez que viniste?",
    "¿Hacés algo los fines de semana?", "¿Tenés a alguien que te ayude en tu casa?",
)
CHATTER_PATIENT = (
    "Sí, todo bien, gracias.", "Uf, con mucho trabajo, la verdad.", "Vine en el 60, tardó una eternidad.",
    "Me costó, llamé tres veces.", "Me levanto temprano, llevo a los chicos al colegio y me voy a trabajar.",
    "Están bien, grandes ya.", "Dale, dale.", "No, por ahora está claro.", "Sí, tranquila.",
    "Creo que fue el año pasado, en invierno.", "Voy a caminar a la plaza cuando puedo.",
    "Mi hermana me da una mano.", "La verdad que no me acuerdo bien.",
)


def chatter(v: Visit, exchanges: int) -> None:
    """Long visits are mostly talk the note must leave out: turns no fact cites."""
    for _ in range(exchanges):
        v.doctor(v.rng.choice(CHATTER_DOCTOR))
        v.patient(v.rng.choice(CHATTER_PATIENT))


def small_talk(v: Visit) -> None:
    """Turns the note must ignore."""
    v.doctor(v.pick("¿Y el trabajo cómo anda?", "¿Cómo está la familia?", "¿Viniste en colectivo?"))
    v.patient(v.pick("Bien, tranqui, gracias.", "Ahí andamos, con mucho lío.", "Sí, tardó un montón."))


def closing(v: Visit) -> None:
    v.doctor(v.pick("Bueno, cualquier cosa me avisás.", "Listo, te dejo la receta.", "Bueno, que te mejores."))
    v.patient(v.pick("Gracias, doctora.", "Muchas gracias, doctor.", "Gracias, hasta luego."))
