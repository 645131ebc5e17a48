"""The generated questions of the experiments and validation topics (notebooks 13 and 14).

Each numeric question is drawn for 1,000 seeds: its answers must vary (many distinct values,
none in more than 10% of the draws), and every trap it declares (a value a known mistake
gives) must sit more than twice the tolerance away from the right answer, so that a learner
who makes the mistake is told which one. A few answers are checked against an independent
computation (statsmodels, scipy or the closed form).
"""

import math
from collections import Counter

import numpy as np
import pytest

from mlmetrics_edu.interview.bank import grade, instantiate, load_bank

TOPICS = ("experiments", "validation")
SEEDS = range(1000)


def generated_questions():
    bank = load_bank()
    return [q for q in bank if q.topic in TOPICS and q.kind == "numeric" and q.generator]


def tolerance(q, answer):
    return q.tolerance + q.rel_tolerance * abs(answer)


@pytest.fixture(scope="module")
def draws():
    return {q.id: [instantiate(q, seed) for seed in SEEDS] for q in generated_questions()}


def test_both_topics_hold_enough_graded_questions_of_every_kind():
    bank = load_bank()
    mine = [q for q in bank if q.topic in TOPICS]
    kinds = Counter(q.kind for q in mine)
    assert len(mine) >= 60, kinds
    assert kinds["numeric"] >= 12 and kinds["choice"] >= 30 and kinds["bug"] >= 6 and kinds["explain"] >= 5, kinds
    assert {q.generator for q in mine if q.generator} >= {
        "exp_ab_sample_size", "exp_ab_mde", "exp_ab_power", "exp_srm_pvalue", "exp_cuped_pair"}


def test_each_topic_has_follow_up_chains_of_three():
    bank = load_bank()
    for topic in TOPICS:
        chains = [bank.chain(q.id) for q in bank if q.topic == topic and q.standalone and q.follow_up]
        assert any(len(c) >= 3 for c in chains), topic


@pytest.mark.parametrize("qid", [q.id for q in generated_questions()])
def test_a_generated_question_has_many_distinct_answers_none_dominant(qid, draws):
    q = load_bank()[qid]
    answers = [round(inst.answer, q.decimals) for inst in draws[qid]]
    counts = Counter(answers)
    assert len(counts) >= 50, f"{qid}: only {len(counts)} distinct answers in {len(SEEDS)} draws"
    value, top = counts.most_common(1)[0]
    assert top <= 0.10 * len(SEEDS), f"{qid}: {value} is the answer in {top} of {len(SEEDS)} draws"


@pytest.mark.parametrize("qid", [q.id for q in generated_questions() if q.traps])
def test_every_trap_stays_more_than_twice_the_tolerance_from_the_answer(qid, draws):
    q = load_bank()[qid]
    for inst in draws[qid]:
        for name, key in q.traps.items():
            trap = inst.values[name] if name in inst.values else float(name)
            gap = abs(trap - inst.answer)
            assert gap > 2 * tolerance(q, inst.answer), (qid, inst.seed, name, trap, inst.answer)


@pytest.mark.parametrize("qid", [q.id for q in generated_questions() if q.traps])
def test_answering_a_trap_names_its_misconception(qid, draws):
    q = load_bank()[qid]
    for inst in draws[qid][:20]:
        assert grade(inst, repr(inst.answer)).correct
        for name, key in q.traps.items():
            trap = inst.values[name] if name in inst.values else float(name)
            result = grade(inst, repr(trap))
            assert not result.correct and key in result.misconceptions, (qid, inst.seed, name)


# --------------------------------------------------------------------------- independent checks


def test_sample_size_and_power_answers_match_statsmodels(draws):
    sm = pytest.importorskip("statsmodels.stats.power")
    from statsmodels.stats.proportion import power_proportions_2indep, samplesize_proportions_2indep_onetail

    for inst in draws["exp-sample-size-total"][:50]:
        v = inst.values
        p1, p2 = v["p_pct"] / 100, v["p2_pct"] / 100
        n = samplesize_proportions_2indep_onetail(p2 - p1, p1, v["power_pct"] / 100, alpha=0.05,
                                                  alternative="two-sided")
        assert inst.answer == pytest.approx(2 * n, rel=1e-9)
    for inst in draws["exp-power-conversion"][:50]:
        v = inst.values
        p1, p2 = v["p_pct"] / 100, v["p2_pct"] / 100
        ref = power_proportions_2indep(p2 - p1, p1, v["n"], alpha=0.05, alternative="two-sided").power
        assert inst.answer == pytest.approx(ref, abs=1e-9)
    for inst in draws["exp-sample-size-mean"][:50]:
        ref = sm.NormalIndPower().solve_power(effect_size=inst.values["d"], alpha=0.05, power=0.8)
        assert inst.answer == pytest.approx(ref, rel=1e-6)      # statsmodels' root-finder tolerance


def test_the_hand_formulas_in_the_solutions_land_within_the_tolerance(draws):
    z = 1.959963984540054 + 0.8416212335729143
    for inst in draws["exp-mde-conversion"]:
        p, n = inst.values["p_pct"] / 100, inst.values["n"]
        hand = 100 * z * math.sqrt(p * (1 - p)) * math.sqrt(2 / n)
        assert abs(hand - inst.answer) <= tolerance(inst.question, inst.answer)
    for inst in draws["exp-cuped-variance-reduction"]:
        r = round(inst.values["r"], 3)                       # the prompt shows 3 decimals
        assert abs(r**2 - inst.answer) <= tolerance(inst.question, inst.answer)
    for inst in draws["exp-cuped-theta"]:
        v = inst.values
        hand = round(v["r"], 3) * round(v["sd_y"], 2) / round(v["sd_x"], 2)
        assert abs(hand - inst.answer) <= tolerance(inst.question, inst.answer)


def test_srm_answers_match_scipy(draws):
    stats = pytest.importorskip("scipy.stats")
    for inst in draws["exp-srm-pvalue"][:100]:
        v = inst.values
        ref = stats.chisquare([v["control"], v["treated"]])
        assert inst.answer == pytest.approx(ref.pvalue, abs=1e-9)
    for inst in draws["exp-srm-chi2"][:100]:
        v = inst.values
        ref = stats.chisquare([v["control"], v["treated"]], [v["expected_c"], v["expected_t"]])
        assert inst.answer == pytest.approx(ref.statistic, rel=1e-9)


def test_log_loss_and_nested_fits_answers_match_their_closed_forms(draws):
    for inst in draws["val-log-loss-confident"][:100]:
        assert inst.answer == pytest.approx(-math.log(inst.values["p_right"]), rel=1e-9)
    for inst in draws["val-nested-fits"][:100]:
        v = inst.values
        assert inst.answer == v["outer"] * (v["inner"] * v["grid"] + 1)


def test_corrected_t_and_prior_shift_answers_match_their_closed_forms(draws):
    for inst in draws["val-corrected-t"][:100]:
        v = inst.values
        d = np.array([float(x) for x in v["differences"].split(", ")])
        se = math.sqrt((1 / v["j"] + v["n_test"] / v["n_train"]) * d.var(ddof=1))
        assert inst.answer == pytest.approx(d.mean() / se, rel=1e-9)
    for inst in draws["val-prior-shift"][:100]:
        v = inst.values
        p, old, new = v["p"], v["train_prior_pct"] / 100, v["new_prior_pct"] / 100
        up, down = p * new / old, (1 - p) * (1 - new) / (1 - old)
        assert inst.answer == pytest.approx(up / (up + down), rel=1e-9)
