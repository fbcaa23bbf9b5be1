import random

from finetune.generator import spanish


def test_words_reads_like_a_doctor():
    assert spanish.words(38) == "treinta y ocho"
    assert spanish.words(140) == "ciento cuarenta"
    assert spanish.words(100) == "cien"
    assert spanish.words(875) == "ochocientos setenta y cinco"
    assert spanish.words(1000) == "mil"
    assert spanish.words(22) == "veintidós"


def test_vitals_take_the_forms_doctors_say():
    rng = random.Random(1)
    pressures = {spanish.blood_pressure(rng, 140, 90) for _ in range(200)}
    assert "catorce nueve" in pressures and "140 sobre 90" in pressures
    temperatures = {spanish.temperature(rng, 38.2) for _ in range(100)}
    assert "treinta y ocho con dos" in temperatures and "38,2" in temperatures
    assert "treinta y ocho y medio" in {spanish.temperature(rng, 38.5) for _ in range(100)}
