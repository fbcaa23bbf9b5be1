from finetune.generator.generate import generate
from finetune.leakage import default_eval_dirs, find_leaks


def test_a_planted_eval_line_is_caught(tmp_path, templates):
    records = generate("train", 5, 2, templates)
    planted = records[3]["segments"][1]["text"]
    (tmp_path / "caso.txt").write_text(f"Médica: algo distinto\nPaciente: {planted}\n", encoding="utf-8")
    leaks = find_leaks(records, [tmp_path])
    assert leaks and records[3]["id"] in leaks[0]


def test_generated_data_shares_nothing_with_the_repos_eval_cases(templates):
    records = [r for split in ("train", "val", "test") for r in generate(split, 150, 13, templates)]
    assert find_leaks(records, default_eval_dirs()) == []
