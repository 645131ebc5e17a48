"""The generated questions on LLM applications, recommenders and choosing k (issue 20).

Three layers: each generator's answer equals an independent computation from its drawn
inputs (a formula written out here, or a brute-force loop); over 1,000 seeds every generated
question has many distinct answers and none in more than 10% of the draws; and every trap
(a named wrong answer) is more than twice the grading tolerance away from the right one,
so that a trap answer is never graded right and a right answer never names a misconception.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import combinations

import numpy as np
import pytest

from mlmetrics_edu.interview import generators
from mlmetrics_edu.interview.bank import grade, instantiate, load_bank

SEEDS = range(1000)
NEW_FILES = ("llm_apps.toml", "recommenders.toml", "clustering_k.toml")


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def new_questions(bank):
    return [q for q in bank if q.source.split("/")[-1] in NEW_FILES]


def generated(bank):
    return [q for q in new_questions(bank) if q.generator]


def _tolerance(q, answer):
    return q.tolerance + q.rel_tolerance * abs(answer)


# --------------------------------------------------------------------------- the bank part


def test_the_new_files_hold_at_least_sixty_questions_of_every_kind(bank):
    qs = new_questions(bank)
    kinds = Counter(q.kind for q in qs)
    assert len(qs) >= 60, kinds
    assert set(kinds) == {"choice", "numeric", "bug", "explain"}
    assert {q.topic for q in qs} == {"llm_apps", "recommenders", "clustering"}
    assert sum(1 for q in qs if q.generator) >= 15


def test_the_new_sections_of_the_syllabus_are_covered(bank):
    items = [i for i in bank.syllabus if i["id"].startswith(("apps.", "rec.")) or
             i["id"] in ("clu.choosing-k", "clu.stability")]
    assert len(items) >= 15
    covered = {c for q in bank for c in q.covers}
    assert not [i["id"] for i in items if i["id"] not in covered]


def test_the_interviewer_s_follow_up_chains_are_in_the_bank(bank):
    judge = [q.id for q in bank.chain("judge-first-answer-60")]
    gap = [q.id for q in bank.chain("leaderboard-gap-500")]
    assert judge[:3] == ["judge-first-answer-60", "judge-flips-what-next", "judge-human-baseline"]
    assert gap == ["leaderboard-gap-500", "leaderboard-gap-paired", "paired-difference-se"]
    assert "60%" in bank["judge-first-answer-60"].prompt
    assert "1.5" in bank["leaderboard-gap-500"].prompt and "500" in bank["leaderboard-gap-500"].prompt
    assert len(bank.chain("ips-compute")) == 3 and len(bank.chain("inertia-lowest-k")) == 3


def test_every_choice_option_has_feedback_and_wrong_options_name_a_misconception(bank):
    for q in new_questions(bank):
        if q.kind == "choice":
            assert len(q.feedback) == len(q.options)
            wrong = [s for i, s in enumerate(q.shows) if i != q.correct]
            assert all(wrong), f"{q.id}: a wrong option shows no misconception"


def test_every_explain_rubric_is_short_key_points(bank):
    for q in new_questions(bank):
        if q.kind == "explain":
            assert 3 <= len(q.rubric) <= 5, q.id
            assert all(len(point.split()) <= 20 for point in q.rubric), q.id


# --------------------------------------------------------------------------- distinct answers, distant traps


@pytest.fixture(scope="module")
def draws(bank):
    return {q.id: [instantiate(q, seed) for seed in SEEDS] for q in generated(bank)}


def test_each_generated_question_has_many_distinct_answers_and_none_dominates(bank, draws):
    for q in generated(bank):
        answers = Counter(round(inst.answer, 9) for inst in draws[q.id])
        assert len(answers) >= 40, f"{q.id}: only {len(answers)} distinct answers in 1,000 draws"
        value, count = answers.most_common(1)[0]
        assert count <= 100, f"{q.id}: the answer {value} comes up in {count} of 1,000 draws"


def test_every_trap_is_more_than_twice_the_tolerance_from_the_answer(bank, draws):
    for q in generated(bank):
        assert q.traps, f"{q.id}: no trap"
        for inst in draws[q.id]:
            for name in q.traps:
                gap = abs(inst.values[name] - inst.answer)
                assert gap > 2 * _tolerance(q, inst.answer), (q.id, inst.seed, name, inst.values[name], inst.answer)


def test_a_trap_answer_is_graded_wrong_and_named(bank, draws):
    for q in generated(bank):
        for inst in draws[q.id][:50]:
            for name, key in q.traps.items():
                result = grade(inst, repr(float(inst.values[name])))
                assert not result.correct and key in result.misconceptions, (q.id, name)


def test_the_worked_solution_shows_the_answer_as_graded(bank, draws):
    for q in generated(bank):
        for inst in draws[q.id][:20]:
            assert grade(inst, repr(inst.answer)).correct
            assert not re.search(r"\{[a-z_]+(:[^}]*)?\}", inst.solution), q.id


# --------------------------------------------------------------------------- answers from first principles


def draw(name, seed):
    return generators.get(name)(np.random.default_rng(seed))


@pytest.mark.parametrize("seed", range(30))
def test_the_error_bar_answers_follow_their_formulas(seed):
    v = draw("benchmark_score", seed)
    p, n = v["k"] / v["n"], v["n"]
    assert v["se"] == pytest.approx(math.sqrt(p * (1 - p) / (n - 1)), rel=1e-9)   # sd with ddof=1, as OLS
    assert v["half_width_pct"] == pytest.approx(196 * v["se"], rel=1e-3)
    c = draw("clustered_benchmark", seed)
    deff = 1 + (c["per_passage"] - 1) * c["icc"]
    assert c["clustered_se_pct"] == pytest.approx(c["naive_se_pct"] * math.sqrt(deff))
    assert c["effective_n"] == pytest.approx(c["n"] / deff)
    m = draw("paired_models", seed)
    d = np.r_[np.ones(m["only_a"]), -np.ones(m["only_b"]), np.zeros(m["both"] + m["neither"])]
    assert m["diff_pct"] == pytest.approx(100 * d.mean())
    assert m["se_paired_pct"] == pytest.approx(100 * d.std(ddof=1) / math.sqrt(d.size), rel=1e-6)
    g = draw("questions_for_gap", seed)
    q, gap = g["discordant_pct"] / 100, g["gap_pct"] / 100
    assert g["n_needed"] == math.ceil((1.959964 + 0.841621) ** 2 * (q - gap**2) / gap**2 - 1e-6)


def _fleiss_by_hand(table):
    table = np.asarray(table, float)
    r = table.sum(axis=1)[0]
    p_j = table.sum(axis=0) / table.sum()
    p_i = ((table**2).sum(axis=1) - r) / (r * (r - 1))
    return (p_i.mean() - (p_j**2).sum()) / (1 - (p_j**2).sum())


@pytest.mark.parametrize("seed", range(30))
def test_fleiss_kappa_answers_match_the_formula_on_the_printed_table(seed):
    v = draw("fleiss_table", seed)
    rows = [[int(x) for x in part.split(": ")[1].split(", ")] for part in v["table"].split("; ")]
    assert len(rows) == v["n_items"] and all(sum(r) == v["raters"] for r in rows)
    assert v["kappa"] == pytest.approx(_fleiss_by_hand(rows), abs=1e-12)


def _elo_by_hand(games, k):
    r = [1000.0] * 3
    for w, l in games:
        e = 1 / (1 + 10 ** ((r[l] - r[w]) / 400))
        r[w], r[l] = r[w] + k * (1 - e), r[l] - k * (1 - e)
    return r


@pytest.mark.parametrize("seed", range(30))
def test_the_leaderboard_answers_follow_elo_and_bradley_terry(seed):
    v = draw("elo_games", seed)
    names = "ABC"
    games = [(names.index(w), names.index(l)) for w, l in re.findall(r"([ABC]) beats ([ABC])", v["games"])]
    assert len(games) == 3
    assert v["rating_a"] == pytest.approx(_elo_by_hand(games, v["k"])[0])
    assert v["rating_a_reversed"] == pytest.approx(_elo_by_hand(games[::-1], v["k"])[0])
    s = draw("pairwise_strengths", seed)
    assert s["p_bt"] == pytest.approx(math.exp(s["theta_a"]) / (math.exp(s["theta_a"]) + math.exp(s["theta_b"])))
    assert s["p_elo"] == pytest.approx(1 / (1 + 10 ** ((s["rb"] - s["ra"]) / 400)))
    w = draw("win_rate_ties", seed)
    assert w["win_rate"] == pytest.approx((w["wins"] + w["ties"] / 2) / w["n"])


@pytest.mark.parametrize("seed", range(30))
def test_the_rag_and_contamination_answers_follow_their_definitions(seed):
    v = draw("rag_retrieval", seed)
    precisions, recalls, hits = [], [], []
    for flags, total in re.findall(r"\[([01 ]+)\] of (\d+) relevant", v["queries"]):
        flags = [int(f) for f in flags.split()]
        precisions.append(sum(flags) / v["k"])
        recalls.append(sum(flags) / int(total))
        hits.append(sum(flags) > 0)
    assert len(precisions) == v["n_queries"]
    assert v["context_precision"] == pytest.approx(np.mean(precisions))
    assert v["context_recall"] == pytest.approx(np.mean(recalls))
    assert v["hit_rate"] == pytest.approx(np.mean(hits))
    f = draw("faithfulness_claims", seed)
    assert f["faithfulness"] == pytest.approx(f["supported"] / f["n_claims"])
    c = draw("contamination_split", seed)
    right = c["overall_pct"] / 100 * c["n"] - c["cont_acc_pct"] / 100 * c["contaminated"]
    assert c["clean_pct"] == pytest.approx(100 * right / (c["n"] - c["contaminated"]))


def _ips_by_hand(rows):
    n = len(rows)
    w = [(1 / p if same else 0.0) for same, p, _ in rows]
    r = [reward for _, _, reward in rows]
    ips = sum(wi * ri for wi, ri in zip(w, r)) / n
    return ips, sum(wi * ri for wi, ri in zip(w, r)) / sum(w)


@pytest.mark.parametrize("seed", range(30))
def test_the_recommender_answers_follow_their_definitions(seed):
    v = draw("ips_logs", seed)
    rows = [(same == "same", float(p), int(r)) for same, p, r in
            re.findall(r"\((same|other), p=([0-9.]+), r=([01])\)", v["rows"])]
    assert len(rows) == 8
    ips, snips = _ips_by_hand(rows)
    assert v["ips"] == pytest.approx(ips) and v["snips"] == pytest.approx(snips)
    c = draw("catalog_lists", seed)
    lists = [[int(i) for i in part.split(": ")[1].split(", ")] for part in c["lists"].split("; ")]
    assert c["coverage"] == pytest.approx(len({i for row in lists for i in row}) / c["n_items"])
    nv = draw("novelty_list", seed)
    counts = [int(x) for x in nv["counts"].split(", ")]
    assert nv["novelty"] == pytest.approx(np.mean([-math.log2(x / 1000) for x in counts]))
    g = draw("genre_list", seed)
    films = [tuple(f.split()) for f in g["films"].split(", ")]     # (genre, decade)
    distances = [1 - (a[0] == b[0]) / 2 - (a[1] == b[1]) / 2 for a, b in combinations(films, 2)]
    assert g["ild"] == pytest.approx(np.mean(distances))


@pytest.mark.parametrize("seed", range(30))
def test_calinski_harabasz_answers_follow_the_variance_ratio(seed):
    v = draw("ch_summary", seed)
    expected = (v["between"] / (v["k"] - 1)) / (v["within"] / (v["n"] - v["k"]))
    assert v["ch"] == pytest.approx(expected, rel=1e-9)
