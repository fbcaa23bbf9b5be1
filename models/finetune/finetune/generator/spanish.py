"""Numbers and vital signs said the way Argentine doctors and patients say them.

Every function takes a `random.Random` where there is a choice, so a seed fixes the wording. The
forms here are the ones the app's grounding check reads (src/notes/spanishNumbers.ts and
groundingVitals.ts); test_generator.py grounds every generated note through the app, so a form
the app cannot read fails there instead of teaching the model something the app would flag.
"""
from __future__ import annotations

import random

_UNITS = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
_TEENS = {
    10: "diez", 11: "once", 12: "doce", 13: "trece", 14: "catorce", 15: "quince", 16: "dieciséis",
    17: "diecisiete", 18: "dieciocho", 19: "diecinueve", 20: "veinte", 21: "veintiuno", 22: "veintidós",
    23: "veintitrés", 24: "veinticuatro", 25: "veinticinco", 26: "veintiséis", 27: "veintisiete",
    28: "veintiocho", 29: "veintinueve",
}
_TENS = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta", 8: "ochenta", 9: "noventa"}
_HUNDREDS = {
    1: "ciento", 2: "doscientos", 3: "trescientos", 4: "cuatrocientos", 5: "quinientos", 6: "seiscientos",
    7: "setecientos", 8: "ochocientos", 9: "novecientos",
}


def words(n: int) -> str:
    """0…999 999 in words: 38 → "treinta y ocho", 140 → "ciento cuarenta", 1000 → "mil"."""
    if n < 0 or n >= 1_000_000:
        raise ValueError(f"out of range: {n}")
    if n >= 1000:
        thousands, rest = divmod(n, 1000)
        head = "mil" if thousands == 1 else f"{words(thousands)} mil"
        return head if rest == 0 else f"{head} {words(rest)}"
    if n >= 100:
        hundreds, rest = divmod(n, 100)
        if n == 100:
            return "cien"
        return _HUNDREDS[hundreds] if rest == 0 else f"{_HUNDREDS[hundreds]} {words(rest)}"
    if n < 10:
        return _UNITS[n]
    if n < 30:
        return _TEENS[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens] if unit == 0 else f"{_TENS[tens]} y {_UNITS[unit]}"


def number(rng: random.Random, n: int, digits_rate: float = 0.35) -> str:
    """An integer as said: words, or digits as Whisper often writes them."""
    return str(n) if rng.random() < digits_rate else words(n)


def decimal_value(value: float) -> tuple[int, int]:
    whole = int(value)
    tenth = round((value - whole) * 10)
    return whole, tenth


def temperature(rng: random.Random, value: float) -> str:
    """38.2 → "treinta y ocho con dos", "38,2", "treinta y ocho coma dos"; 38.5 also "… y medio"."""
    whole, tenth = decimal_value(value)
    if tenth == 0:
        return rng.choice([f"{words(whole)} grados", f"{whole} grados", f"{words(whole)} justos"])
    forms = [f"{words(whole)} con {words(tenth)}", f"{whole},{tenth}", f"{words(whole)} coma {words(tenth)}"]
    if tenth == 5:
        forms.append(f"{words(whole)} y medio")
    return rng.choice(forms)


def blood_pressure(rng: random.Random, systolic: int, diastolic: int) -> str:
    """140/90 → "catorce nueve", "140 sobre 90", "ciento cuarenta y noventa"…"""
    forms = [f"{systolic} sobre {diastolic}", f"{words(systolic)} sobre {words(diastolic)}", f"{systolic}/{diastolic}"]
    if systolic % 10 == 0 and diastolic % 10 == 0:
        forms += [f"{words(systolic // 10)} {words(diastolic // 10)}", f"{systolic // 10}/{diastolic // 10}"]
        forms += [f"{words(systolic // 10)} {words(diastolic // 10)}"]  # the doctors' favourite, twice as likely
    return rng.choice(forms)


def weight(rng: random.Random, kilos: float) -> str:
    whole, tenth = decimal_value(kilos)
    if tenth == 0:
        return rng.choice([f"{words(whole)} kilos", f"{whole} kilos", f"{whole} kg"])
    if tenth == 5:
        return rng.choice([f"{words(whole)} kilos y medio", f"{whole},5 kilos"])
    return rng.choice([f"{whole},{tenth} kilos", f"{words(whole)} coma {words(tenth)} kilos"])


def height(rng: random.Random, cm: int) -> str:
    metres, rest = divmod(cm, 100)
    forms = [f"{cm} centímetros", f"{metres},{rest:02d} metros", f"{words(cm)} centímetros"]
    return rng.choice(forms)
