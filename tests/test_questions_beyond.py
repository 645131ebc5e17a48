"""The question bank past classification: regression, ranking, LLM, rigor, fairness, clustering, production.

Three layers, as for the core topics:

* every generator is deterministic per seed and its answers agree with an independent
  computation (scikit-learn, scipy, statsmodels, fairlearn, sacrebleu, math.comb or the
  formula written out here -- never the package function the generator called);
* every question of these files instantiates for many seeds, grades its own answer right
  and each trap value wrong *with the trap's misconception*, and its prompt changes with the seed;
* the files load on their own (a temporary root), cover every syllabus item of their
  sections and the practice items they own, and link only to notebooks and drills that exist.
"""

import math
import re
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from mlmetrics_edu.drill import load_drills
from mlmetrics_edu.interview import generators
from mlmetrics_edu.interview.bank import TOPICS, grade, instantiate, load_bank

ROOT = Path(__file__).resolve().parent.parent
FILES = ["regression", "llm", "rigor", "fairness", "clustering", "production", "practice_beyond"]
SECTIONS = {"regression", "llm", "rigor", "fairness", "clustering", "production"}
PRACTICE_ITEMS = [
    "q.mae-rmse-houses", "q.r2-rmse-50k", "q.921-vs-923", "q.recsys-engagement-fatigue",
    "q.fairness-resume", "q.accuracy-stable-conversion-falls", "q.perplexity", "q.pass-at-k",
    "q.judge-biases", "q.goodhart", "q.mape-revenue", "q.huber-inventory", "q.credit-three-metrics",
    "fail.aggregate-hides-slices", "fail.regression-safety", "fail.topk-top1",
]
GENERATORS = ["house_errors", "r2_small", "adjusted_r2", "demand_mape", "mase_series", "pinball",
              "huber_errors", "error_tail", "directional", "trajectory", "trajectory_modes",
              "ranked_list", "graded_list", "mrr_queries", "topk_hits",
              "pass_at_k", "token_logprobs", "bleu_pieces", "qa_tokens", "rater_table",
              "accuracy_se", "mcnemar_table", "p_values_family", "ab_test", "group_rates"]
SEEDS = range(25)


@pytest.fixture(scope="module")
def own_bank(tmp_path_factory):
    """These files alone, loaded from a temporary root: they must be self-contained."""
    root = tmp_path_factory.mktemp("bank")
    for sub in ("drills/questions", "answers/questions"):
        (root / sub).mkdir(parents=True)
    shutil.copy(ROOT / "drills/questions/syllabus.toml", root / "drills/questions/syllabus.toml")
    for name in FILES:
        for sub in ("drills/questions", "answers/questions"):
            shutil.copy(ROOT / sub / f"{name}.toml", root / sub / f"{name}.toml")
    return load_bank(str(root))


def draw(name, seed):
    return generators.get(name)(np.random.default_rng(seed))


def numbers(text):
    return [float(x) for x in re.split(r"[,\s]+", text.strip()) if x]


def points(text):
    return np.array([[float(a), float(b)] for a, b in re.findall(r"\((-?\d+), (-?\d+)\)", text)])


# --------------------------------------------------------------------------- generators


@pytest.mark.parametrize("name", GENERATORS)
def test_every_generator_is_deterministic_per_seed_and_varies_across_seeds(name):
    assert draw(name, 3) == draw(name, 3)
    assert len({repr(draw(name, s)) for s in range(8)}) >= 6


@pytest.mark.parametrize("seed", SEEDS)
def test_error_metrics_match_scikit_learn_and_scipy(seed):
    from scipy.special import huber
    from sklearn import metrics as skm

    v = draw("house_errors", seed)
    y, p = numbers(v["y_true"]), numbers(v["y_pred"])
    assert v["mae"] == pytest.approx(skm.mean_absolute_error(y, p))
    assert v["mse"] == pytest.approx(skm.mean_squared_error(y, p))
    assert v["rmse"] == pytest.approx(math.sqrt(skm.mean_squared_error(y, p)))
    assert v["bias"] == pytest.approx(np.mean(np.subtract(p, y)))
    assert v["medae"] == pytest.approx(skm.median_absolute_error(y, p))
    assert v["max_error"] == pytest.approx(skm.max_error(y, p))
    assert numbers(v["errors"]) == pytest.approx(np.subtract(p, y))

    v = draw("huber_errors", seed)
    e = np.array(numbers(v["errors"]))
    assert v["huber"] == pytest.approx(huber(v["delta"], e).mean())
    assert v["half_mse"] == pytest.approx(np.mean(e**2) / 2)

    v = draw("pinball", seed)
    y, p = numbers(v["y_true"]), numbers(v["y_pred"])
    assert v["pinball"] == pytest.approx(skm.mean_pinball_loss(y, p, alpha=v["alpha"]))
    assert v["pinball_flipped"] == pytest.approx(skm.mean_pinball_loss(y, p, alpha=1 - v["alpha"]))

    v = draw("error_tail", seed)
    errors = sorted(numbers(v["errors"]))
    assert len(errors) == 11 and v["p90"] == errors[9]     # 0.9 * (11 - 1) = 9: an exact order statistic
    assert v["mae"] == pytest.approx(np.mean(errors))


@pytest.mark.parametrize("seed", SEEDS)
def test_r2_and_adjusted_r2_match_scikit_learn_and_the_formula(seed):
    from scipy.stats import pearsonr
    from sklearn.metrics import r2_score

    v = draw("r2_small", seed)
    y, p = numbers(v["y_true"]), numbers(v["y_pred"])
    assert v["r2"] == pytest.approx(r2_score(y, p))
    assert v["r2_swapped"] == pytest.approx(r2_score(p, y))
    assert v["corr2"] == pytest.approx(pearsonr(y, p)[0] ** 2)
    assert v["r2"] == pytest.approx(1 - v["ss_res"] / v["ss_tot"])

    v = draw("adjusted_r2", seed)
    n, p, p2 = v["n"], v["p"], v["p_after"]
    assert v["adj_r2"] == pytest.approx(1 - (1 - v["r2"]) * (n - 1) / (n - p - 1))
    assert v["adj_r2_after"] == pytest.approx(1 - (1 - v["r2_after"]) * (n - 1) / (n - p2 - 1))
    assert v["r2_after"] > v["r2"] and v["adj_r2_after"] < v["r2_after"]
    assert n - p2 - 1 >= 3


@pytest.mark.parametrize("seed", SEEDS)
def test_percentage_and_scaled_errors_match_scikit_learn_and_their_formulas(seed):
    from sklearn.metrics import mean_absolute_percentage_error

    v = draw("demand_mape", seed)
    y, p = np.array(numbers(v["y_true"])), np.array(numbers(v["y_pred"]))
    assert y.min() > 0 and p.min() > 0
    assert v["mape_pct"] == pytest.approx(100 * mean_absolute_percentage_error(y, p))
    assert v["smape_pct"] == pytest.approx(100 * np.mean(2 * abs(p - y) / (abs(y) + abs(p))))
    assert v["mape_by_forecast_pct"] == pytest.approx(100 * np.mean(abs(p - y) / p))

    v = draw("mase_series", seed)
    train, y, p = (np.array(numbers(v[k])) for k in ("y_train", "y_true", "y_pred"))
    assert 0 in y                                           # the reason MAPE is out
    naive = np.mean([abs(train[t] - train[t - 1]) for t in range(1, len(train))])
    assert v["mase"] == pytest.approx(np.mean(abs(p - y)) / naive)


@pytest.mark.parametrize("seed", SEEDS)
def test_direction_and_trajectory_values_match_direct_loops(seed):
    v = draw("directional", seed)
    y, p = numbers(v["y_true"]), numbers(v["y_pred"])
    hits = [np.sign(y[t] - y[t - 1]) == np.sign(p[t] - y[t - 1]) for t in range(1, len(y))]
    assert v["mda"] == pytest.approx(np.mean(hits))

    v = draw("trajectory", seed)
    truth, pred = points(v["truth"]), points(v["pred"])
    d = [math.dist(a, b) for a, b in zip(truth, pred)]
    assert v["ade"] == pytest.approx(np.mean(d))
    assert v["fde"] == pytest.approx(d[-1])
    assert v["ade_rmse"] == pytest.approx(math.sqrt(np.mean(np.square(d))))

    v = draw("trajectory_modes", seed)
    truth = points(v["truth"])
    ades, fdes = [], []
    for key in ("mode_a", "mode_b"):
        d = [math.dist(a, b) for a, b in zip(truth, points(v[key]))]
        ades.append(np.mean(d))
        fdes.append(d[-1])
    assert v["min_ade"] == pytest.approx(min(ades))
    assert v["min_fde"] == pytest.approx(min(fdes))
    assert v["mean_ade"] == pytest.approx(np.mean(ades))


@pytest.mark.parametrize("seed", SEEDS)
def test_ranking_values_match_scikit_learn_and_direct_counts(seed):
    from sklearn.metrics import average_precision_score, dcg_score, ndcg_score

    v = draw("ranked_list", seed)
    rel = np.array([int(x) for x in v["rel"].split()])
    score = np.arange(len(rel), 0, -1)
    k = v["k"]
    assert v["p_at_k"] == pytest.approx(rel[:k].sum() / k)
    assert v["r_at_k"] == pytest.approx(rel[:k].sum() / rel.sum())
    assert v["rr"] == pytest.approx(1 / (np.flatnonzero(rel)[0] + 1))
    assert v["ap"] == pytest.approx(average_precision_score(rel, score))

    v = draw("graded_list", seed)
    rel = np.array([numbers(v["rel"])])
    score = np.array([[5, 4, 3, 2, 1]])
    assert v["dcg"] == pytest.approx(dcg_score(rel, score))
    assert v["ndcg"] == pytest.approx(ndcg_score(rel, score))
    assert v["ndcg_at_3"] == pytest.approx(ndcg_score(rel, score, k=3))
    gains = 2 ** rel[0] - 1                                  # the exponential-gain trap, by hand
    discount = 1 / np.log2(np.arange(2, 7))
    assert v["ndcg_exp"] == pytest.approx(gains @ discount / (np.sort(gains)[::-1] @ discount))
    assert v["ndcg"] < 1

    v = draw("mrr_queries", seed)
    firsts = [None if f == "none" else int(f) for f in v["firsts"].split(", ")]
    assert v["mrr"] == pytest.approx(np.mean([0 if f is None else 1 / f for f in firsts]))

    v = draw("topk_hits", seed)
    ranks = np.array(numbers(v["ranks"]))
    for k in (1, 3, 5):
        assert v[f"top{k}"] == pytest.approx(np.mean(ranks <= k))


@pytest.mark.parametrize("seed", SEEDS)
def test_generation_values_match_math_comb_sacrebleu_and_scikit_learn(seed):
    from sacrebleu.metrics import BLEU
    from sklearn.metrics import cohen_kappa_score

    v = draw("pass_at_k", seed)
    n, c, k = v["n"], v["c"], v["k"]
    assert v["pass_at_k"] == pytest.approx(1 - math.comb(n - c, k) / math.comb(n, k))
    assert v["biased"] < v["pass_at_k"]                      # the plug-in is biased low

    v = draw("token_logprobs", seed)
    logp = numbers(v["logprobs"])
    assert v["perplexity"] == pytest.approx(math.exp(-sum(logp) / len(logp)))

    v = draw("bleu_pieces", seed)
    r = BLEU(tokenize="none", smooth_method="none").corpus_score([v["hypothesis"]], [[v["reference"]]])
    assert v["p1"] == pytest.approx(r.counts[0] / r.totals[0])
    assert v["p2"] == pytest.approx(r.counts[1] / r.totals[1])
    assert v["bp"] == pytest.approx(r.bp)
    hyp, ref = Counter(v["hypothesis"].split()), Counter(v["reference"].split())
    assert v["p1"] == pytest.approx(sum(min(m, ref[w]) for w, m in hyp.items()) / sum(hyp.values()))

    v = draw("qa_tokens", seed)
    pred, gold = v["prediction"].split(), v["gold"].split()
    common = sum((Counter(pred) & Counter(gold)).values())
    precision, recall = common / len(pred), common / len(gold)
    assert v["f1"] == pytest.approx(2 * precision * recall / (precision + recall))
    assert v["em"] == float(pred == gold)

    v = draw("rater_table", seed)
    a = [1] * (v["yes_yes"] + v["yes_no"]) + [0] * (v["no_yes"] + v["no_no"])
    b = [1] * v["yes_yes"] + [0] * v["yes_no"] + [1] * v["no_yes"] + [0] * v["no_no"]
    assert v["kappa"] == pytest.approx(cohen_kappa_score(a, b))


@pytest.mark.parametrize("seed", SEEDS)
def test_rigor_values_match_statsmodels(seed):
    from statsmodels.stats.contingency_tables import mcnemar
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import proportion_confint, proportions_ztest

    v = draw("accuracy_se", seed)
    p, n = v["acc_pct"] / 100, v["n"]
    low, high = proportion_confint(v["correct"], n, alpha=0.05, method="normal")
    assert v["half_width_pp"] == pytest.approx(100 * (high - low) / 2, rel=1e-4)
    assert v["se_pp"] == pytest.approx(v["half_width_pp"] / 1.96)

    v = draw("mcnemar_table", seed)
    table = [[v["both_right"], v["b"]], [v["c"], v["both_wrong"]]]
    assert v["chi2"] == pytest.approx(mcnemar(table, exact=False, correction=True).statistic)
    assert v["p_value"] == pytest.approx(mcnemar(table, exact=False, correction=True).pvalue)
    assert v["chi2_uncorrected"] == pytest.approx(mcnemar(table, exact=False, correction=False).statistic)

    v = draw("p_values_family", seed)
    pv = np.array(numbers(v["p_values"]))
    bonf = multipletests(pv, alpha=0.05, method="bonferroni")
    bh = multipletests(pv, alpha=0.05, method="fdr_bh")
    assert v["n_bonferroni"] == bonf[0].sum() and v["n_bh"] == bh[0].sum()
    assert v["n_raw"] == (pv <= 0.05).sum()
    assert v["bh_min"] == pytest.approx(bh[1][np.argmin(pv)])
    assert v["bonf_min"] == pytest.approx(bonf[1][np.argmin(pv)])

    v = draw("ab_test", seed)
    z, pval = proportions_ztest([v["conv_a"], v["conv_b"]], [v["n_a"], v["n_b"]])
    assert v["z"] == pytest.approx(z) and v["p_value"] == pytest.approx(pval)


@pytest.mark.parametrize("seed", SEEDS)
def test_group_rates_match_fairlearn(seed):
    from fairlearn import metrics as fm

    v = draw("group_rates", seed)
    y_true, y_pred, group = [], [], []
    for g in ("a", "b"):
        n, qual, tp, fp = v[f"n_{g}"], v[f"qual_{g}"], v[f"tp_{g}"], v[f"fp_{g}"]
        y_true += [1] * qual + [0] * (n - qual)
        y_pred += [1] * tp + [0] * (qual - tp) + [1] * fp + [0] * (n - qual - fp)
        group += [g] * n
    kw = dict(sensitive_features=group)
    assert v["parity_difference"] == pytest.approx(fm.demographic_parity_difference(y_true, y_pred, **kw))
    assert v["disparate_impact"] == pytest.approx(fm.demographic_parity_ratio(y_true, y_pred, **kw))
    assert v["equal_opportunity_difference"] == pytest.approx(fm.equal_opportunity_difference(y_true, y_pred, **kw))
    assert v["equalized_odds_difference"] == pytest.approx(fm.equalized_odds_difference(y_true, y_pred, **kw))


# --------------------------------------------------------------------------- the questions


def _own(bank):
    return [q for q in bank if Path(q.source).stem in FILES]


def test_these_files_load_alone_and_hold_at_least_80_questions_of_every_kind(own_bank):
    questions = _own(own_bank)
    assert len(questions) == len(own_bank) >= 80
    assert {q.kind for q in questions} == {"choice", "numeric", "bug", "explain"}
    assert {q.difficulty for q in questions} == {1, 2, 3}
    numeric = [q for q in questions if q.kind == "numeric"]
    assert sum(bool(q.generator) for q in numeric) >= 0.8 * len(numeric)


def test_every_item_of_these_sections_and_every_owned_practice_item_is_covered(own_bank):
    covered = {c for q in own_bank for c in q.covers}
    wanted = [i["id"] for i in own_bank.syllabus if i["section"] in SECTIONS] + PRACTICE_ITEMS
    assert not [w for w in wanted if w not in covered]


def test_every_see_link_names_a_course_notebook_or_an_existing_drill(own_bank):
    notebooks = {stem for _, stems in TOPICS.values() for stem in stems} | {
        "01_confusion_matrix_and_accuracy", "02_precision_recall_f1", "04_calibration"}
    drills = {d.id for d in load_drills()}
    for q in own_bank:
        assert q.see, q.id
        for link in q.see:
            if link.startswith("drill:"):
                assert link[len("drill:"):] in drills, (q.id, link)
            else:
                assert link in notebooks, (q.id, link)


def test_follow_up_chains_are_real_and_end(own_bank):
    chains = [own_bank.chain(q.id) for q in own_bank if q.standalone and q.follow_up]
    assert len(chains) >= 10
    assert max(len(c) for c in chains) >= 3
    for q in own_bank:
        if not q.standalone:
            assert any(p.follow_up == q.id for p in own_bank), q.id


def test_every_choice_option_has_its_own_feedback_and_grades_as_marked(own_bank):
    for q in (q for q in own_bank if q.kind == "choice"):
        assert len(q.feedback) == len(q.options) and len(set(q.feedback)) == len(q.options), q.id
        assert any(q.shows), f"{q.id}: no wrong option names a misconception"
        inst = instantiate(q, 7)
        for shown, bank_index in enumerate(inst.order):
            result = grade(inst, shown)
            assert result.correct == (bank_index == q.correct), q.id
            if not result.correct and q.shows[bank_index]:
                assert result.misconceptions == [q.shows[bank_index]]


def test_bug_and_explain_questions_grade_as_marked(own_bank):
    for q in own_bank:
        inst = instantiate(q, 0)
        if q.kind == "bug":
            assert grade(inst, q.line).correct and grade(inst, str(q.line)).correct
            other = 1 if q.line != 1 else 2
            assert not grade(inst, other).correct
        elif q.kind == "explain":
            assert 4 <= len(q.rubric) <= 6, q.id
            assert grade(inst, [True] * len(q.rubric)).correct
            assert not grade(inst, [False] * len(q.rubric)).correct


def test_generated_questions_grade_their_answer_right_and_each_trap_wrong_with_its_misconception(own_bank):
    for q in (q for q in own_bank if q.kind == "numeric" and q.generator):
        sprung = Counter()
        for seed in range(50):
            inst = instantiate(q, seed)
            assert grade(inst, inst.answer).correct, (q.id, seed)
            rounded = f"{inst.answer:.{q.decimals}f}{'%' if q.unit == '%' else ''}"
            assert grade(inst, rounded).correct, (q.id, seed, rounded)
            for name, key in q.traps.items():
                trap = inst.values[name]
                if not math.isfinite(trap) or abs(trap - inst.answer) <= 2 * (q.tolerance + q.rel_tolerance * abs(inst.answer)):
                    continue
                result = grade(inst, trap)
                assert not result.correct and key in result.misconceptions, (q.id, seed, name)
                sprung[name] += 1
        for name in q.traps:
            assert sprung[name] >= 5, f"{q.id}: trap {name} differs from the answer in only {sprung[name]} of 50 draws"


def test_generated_prompts_differ_across_seeds_and_solutions_show_the_answer(own_bank):
    for q in (q for q in own_bank if q.kind == "numeric" and q.generator):
        prompts = {instantiate(q, s).prompt for s in range(10)}
        assert len(prompts) >= 8, q.id
        inst = instantiate(q, 1)
        assert "{" not in inst.prompt and "{" not in inst.solution, q.id
        assert f"{inst.answer:.{q.decimals}f}" in inst.solution or q.decimals == 0, q.id


def test_instances_are_deterministic_per_seed(own_bank):
    for q in own_bank:
        a, b = instantiate(q, 11), instantiate(q, 11)
        assert (a.prompt, a.options, a.answer, a.solution) == (b.prompt, b.options, b.answer, b.solution)


def test_no_misconception_key_is_defined_differently_in_the_whole_bank():
    bank = load_bank(str(ROOT))                      # raises BankError on a clash with another file
    mine = {k for q in _own(bank) for k in (*q.misconceptions, *q.shows, *q.traps.values()) if k}
    assert mine <= set(bank.misconceptions)


# --------------------------------------------------------------------------- the spot-the-bug snippets


def _compile(code, name):
    namespace = {"np": np, "math": math, "Counter": Counter}
    exec(code, namespace)
    return namespace[name]


def _fixed(q):
    lines = q.code.splitlines()
    indent = lines[q.line - 1][: len(lines[q.line - 1]) - len(lines[q.line - 1].lstrip())]
    lines[q.line - 1] = indent + q.fix
    return "\n".join(lines)


def _bug_cases(rng):
    """For each snippet whose fix is one line of code: inputs and an independent reference."""
    from sacrebleu.metrics import BLEU
    from sklearn.metrics import dcg_score, r2_score
    from statsmodels.stats.multitest import multipletests

    y, p = rng.normal(size=12), rng.normal(size=12) * 3
    truth, pred = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
    rel = rng.integers(0, 4, size=6).astype(float)
    rel[0] = 3.0                                            # a relevant top result triggers the bug
    logp = np.log(rng.uniform(0.05, 0.9, size=9))
    words = ["the", "cat", "sat", "on", "mat", "a"]
    hyp = " ".join(rng.choice(words, size=7))
    ref = "the cat sat on the mat"
    pv = np.r_[rng.uniform(0, 0.01, size=3), rng.uniform(0.02, 1, size=7)]
    bleu = BLEU(tokenize="none", smooth_method="none").corpus_score([hyp], [[ref]])
    return {
        "bug-r2-swapped": ("r2_score", (y, p), r2_score(y, p)),
        "bug-ade-rmse": ("average_displacement_error", (truth, pred),
                         np.mean([math.dist(a, b) for a, b in zip(truth, pred)])),
        "bug-ndcg-zero-based": ("dcg_at_k", (rel, 4), dcg_score([rel], [np.arange(6, 0, -1)], k=4)),
        "bug-perplexity-sum": ("perplexity", (logp,), math.exp(-np.mean(logp))),
        "bug-passk-biased": ("pass_at_k", (20, 3, 5), 1 - math.comb(17, 5) / math.comb(20, 5)),
        "bug-bleu-no-clip": ("unigram_precision", (hyp, ref), bleu.counts[0] / bleu.totals[0]),
        "bug-bh-order": ("benjamini_hochberg", (pv,), multipletests(pv, method="fdr_bh")[0]),
    }


@pytest.mark.parametrize("seed", range(5))
def test_each_one_line_fix_repairs_its_snippet_and_the_snippet_is_really_wrong(own_bank, seed):
    cases = _bug_cases(np.random.default_rng(seed))
    for qid, (name, args, expected) in cases.items():
        q = own_bank[qid]
        with np.errstate(divide="ignore", invalid="ignore"):
            buggy = _compile(q.code, name)(*args)
            fixed = _compile(_fixed(q), name)(*args)
        assert np.allclose(fixed, expected), qid
        if qid == "bug-bleu-no-clip" and np.allclose(buggy, expected):
            continue                                         # this draw repeats no word too often
        assert not np.allclose(buggy, expected, equal_nan=False), qid


def test_the_mape_snippet_ignores_zero_days_and_the_bootstrap_snippet_is_too_wide(own_bank):
    mape = _compile(own_bank["bug-mape-drops-zeros"].code, "mape")
    y = np.array([10.0, 0.0, 20.0])
    assert mape(y, [11.0, 0.0, 18.0]) == mape(y, [11.0, 500.0, 18.0])   # a wild zero-day forecast is free

    bootstrap = _compile(own_bank["bug-bootstrap-unpaired"].code, "bootstrap_diff")
    rng = np.random.default_rng(0)
    easy = rng.random(2000) < 0.9                            # both models get the easy examples right
    correct_a = easy | (rng.random(2000) < 0.3)
    correct_b = easy | (rng.random(2000) < 0.3)
    low, high = bootstrap(correct_a.astype(float), correct_b.astype(float))
    idx = rng.integers(0, 2000, size=(2000, 2000))
    diffs = correct_a[idx].mean(axis=1) - correct_b[idx].mean(axis=1)   # the paired bootstrap
    paired_low, paired_high = np.percentile(diffs, [2.5, 97.5])
    assert high - low > 1.3 * (paired_high - paired_low)
