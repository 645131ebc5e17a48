"""The "Monitoring in depth" questions: drills/questions/monitoring_depth.toml and its generators.

Checks, on the monitoring file only (loaded from a private copy, so other topic files cannot
break these tests):

* the file loads, holds at least 25 questions of every kind, and covers every syllabus item of
  the "Monitoring in depth" section, each bullet of which maps to items;
* every generator (mlmetrics_edu/interview/generators/monitoring.py) is deterministic per
  seed, and its answer agrees with an *independent* computation from the values shown to the
  learner (scipy for the chi-square test, the textbook formula elsewhere);
* over 1,000 seeds a generated question has many distinct answers, none in more than 10% of
  the draws, and every trap differs from the answer by more than twice the tolerance, is
  graded wrong, and names its misconception;
* every bug snippet really is buggy and its fix really fixes it (both executed); every choice
  option has feedback; the follow-up chains hold together.
"""

from __future__ import annotations

import math
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import mlmetrics_edu as mm
from mlmetrics_edu.interview import generators
from mlmetrics_edu.interview.bank import grade, instantiate, load_bank

ROOT = Path(__file__).resolve().parent.parent
SYLLABUS_MD = ROOT.parent / "shared" / "SYLLABUS.md"
SECTION = "## Monitoring in depth"
ITEMS = {"mon.shift-types", "mon.label-shift", "mon.psi-ties", "mon.psi-categorical", "mon.psi-noise-floor",
         "mon.delayed-labels", "mon.performance-estimation", "mon.alerts", "mon.skew"}
MY_GENERATORS = {"mon_psi_bins", "mon_psi_noise", "mon_category_counts", "mon_label_coverage", "mon_cbpe_scores",
                 "mon_prior_shift", "mon_ks_critical", "mon_recall_chart"}
N_SEEDS = 1000


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    root = tmp_path_factory.mktemp("monitoring_bank")
    (root / "drills" / "questions").mkdir(parents=True)
    (root / "answers" / "questions").mkdir(parents=True)
    shutil.copy(ROOT / "drills" / "questions" / "syllabus.toml", root / "drills" / "questions")
    # the production file defines misconceptions this file reuses
    for name in ("monitoring_depth", "production"):
        for part in ("drills", "answers"):
            shutil.copy(ROOT / part / "questions" / f"{name}.toml", root / part / "questions")
    load_bank.cache_clear()
    try:
        return load_bank(str(root))
    finally:
        load_bank.cache_clear()


@pytest.fixture(scope="module")
def mine(bank):
    return [q for q in bank if q.source.endswith("questions/monitoring_depth.toml")]


# --------------------------------------------------------------------------- the file


def test_the_file_holds_at_least_25_questions_of_every_kind(mine):
    assert len(mine) >= 25
    kinds = Counter(q.kind for q in mine)
    assert set(kinds) == {"choice", "numeric", "bug", "explain"}, kinds
    numeric = [q for q in mine if q.kind == "numeric"]
    assert sum(q.generator is not None for q in numeric) >= 0.8 * len(numeric)
    assert {q.generator for q in numeric if q.generator} == MY_GENERATORS
    assert {q.difficulty for q in mine} == {1, 2, 3}
    assert all(q.topic == "production" for q in mine)


def test_every_item_of_the_section_is_covered(bank, mine):
    items = {i["id"]: i for i in bank.syllabus if i["id"].startswith("mon.")}
    assert set(items) == ITEMS
    covered = {c for q in mine for c in q.covers}
    assert ITEMS <= covered, sorted(ITEMS - covered)
    assert all(items[i]["section"] == "monitoring_depth" for i in ITEMS)


@pytest.mark.skipif(not SYLLABUS_MD.is_file(), reason="shared/SYLLABUS.md is not beside this checkout")
def test_every_bullet_of_the_section_maps_to_covered_items(bank, mine):
    text = SYLLABUS_MD.read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    bullets = [line[2:] for line in section.splitlines() if line.startswith("- ")]
    assert len(bullets) == 4
    covered = {c for q in mine for c in q.covers}
    for bullet in bullets:
        items = [i["id"] for i in bank.syllabus if bullet.startswith(i["bullet"])]
        assert items and set(items) <= covered, bullet


def test_the_explain_questions_have_short_rubrics_on_the_named_topics(mine):
    explain = {q.id: q for q in mine if q.kind == "explain"}
    assert all(2 <= len(q.rubric) <= 5 and all(len(p) < 160 for p in q.rubric) for q in explain.values())
    drift = " ".join(explain["mon-explain-drift"].rubric).lower()
    assert "p-value" in drift and "noise floor" in drift
    fraud = " ".join(explain["mon-explain-fraud"].rubric).lower()
    assert "late" in fraud and "blocked" in fraud and "never labelled" in fraud
    shifts = " ".join(explain["mon-explain-shifts"].rubric).lower()
    assert "label-shift correction" in shifts


def test_every_choice_option_has_feedback_and_only_wrong_options_show_misconceptions(mine):
    for q in (q for q in mine if q.kind == "choice"):
        assert len(q.feedback) == len(q.options) and all(f.strip() for f in q.feedback)
        assert q.shows[q.correct] == "" and any(q.shows), q.id


def test_the_follow_up_chains_hold_together(bank, mine):
    chains = [bank.chain(q.id) for q in mine if q.standalone and q.follow_up]
    assert sum(len(c) >= 3 for c in chains) >= 3
    for q in mine:
        if not q.standalone:
            assert any(p.follow_up == q.id for p in mine), q.id


def test_every_question_draws_and_grades_its_right_answer_right(mine):
    for q in mine:
        for seed in range(20):
            inst = instantiate(q, seed)
            right = {"choice": inst.correct_choice, "numeric": repr(inst.answer), "bug": q.line,
                     "explain": [True] * len(q.rubric)}[q.kind]
            assert grade(inst, right).correct, (q.id, seed)
            assert not re.search(r"\{[a-z_]+(:[^}]*)?\}", inst.prompt + inst.solution), q.id


# --------------------------------------------------------------------------- generators


def _values(name, seed):
    return generators.get(name)(np.random.default_rng(seed))


@pytest.mark.parametrize("name", sorted(MY_GENERATORS))
def test_each_generator_is_deterministic_per_seed(name):
    assert _values(name, 5) == _values(name, 5)


def _floats(text):
    return np.array([float(x) for x in text.split(", ")])


@pytest.mark.parametrize("seed", range(40))
def test_answers_agree_with_an_independent_computation_from_what_the_learner_sees(seed):
    v = _values("mon_psi_bins", seed)
    e, a = _floats(v["expected_text"]), _floats(v["actual_text"])
    assert v["psi"] == pytest.approx(np.sum((a - e) * np.log(a / e)), abs=1e-9)

    v = _values("mon_psi_noise", seed)
    assert v["floor"] == pytest.approx((v["bins"] - 1) * (1 / v["n_ref"] + 1 / v["n_cur"]))

    v = _values("mon_category_counts", seed)
    table = np.array([_floats(v["expected_counts"]), _floats(v["actual_counts"])])
    chi2, p, dof, _ = stats.chi2_contingency(table)
    assert v["chi2"] == pytest.approx(chi2, rel=1e-9) and v["df"] == dof

    v = _values("mon_label_coverage", seed)
    scored, labelled = _floats(v["scored_text"]), _floats(v["labelled_text"])
    assert v["coverage"] == pytest.approx(labelled.sum() / scored.sum())

    v = _values("mon_cbpe_scores", seed)
    p, t = _floats(v["scores_text"]), v["threshold"]
    flag = p >= t
    assert v["accuracy"] == pytest.approx(np.mean(np.where(flag, p, 1 - p)))
    assert v["recall"] == pytest.approx(p[flag].sum() / p.sum())
    assert v["precision"] == pytest.approx(p[flag].sum() / flag.sum())

    v = _values("mon_prior_shift", seed)
    odds = v["prob"] / (1 - v["prob"]) * (v["new"] / (1 - v["new"])) / (v["old"] / (1 - v["old"]))
    assert v["adjusted"] == pytest.approx(odds / (1 + odds))

    v = _values("mon_ks_critical", seed)
    n = int(v["n_text"].replace(",", ""))
    assert v["critical"] == pytest.approx(1.358 * math.sqrt(2 / n))
    # the asymptotic 5% point of sqrt(n m / (n + m)) D is 1.358 (scipy's kstwobign)
    assert stats.kstwobign.isf(0.05) == pytest.approx(1.358, abs=1e-3)

    v = _values("mon_recall_chart", seed)
    assert v["lower"] == pytest.approx(v["p0"] - 3 * math.sqrt(v["p0"] * (1 - v["p0"]) / v["n_pos"]))


def _generated(mine):
    return [q for q in mine if q.generator]


def test_generated_answers_are_varied_and_never_dominated_by_one_value(mine):
    for q in _generated(mine):
        answers = Counter(round(instantiate(q, seed).answer, q.decimals) for seed in range(N_SEEDS))
        top, count = answers.most_common(1)[0]
        assert len(answers) >= 50, f"{q.id}: only {len(answers)} distinct answers in {N_SEEDS} seeds"
        assert count <= 0.10 * N_SEEDS, f"{q.id}: {top} in {count} of {N_SEEDS} draws"


def test_every_trap_is_far_from_the_answer_graded_wrong_and_named(mine):
    for q in _generated(mine):
        assert q.traps, q.id
        for seed in range(N_SEEDS):
            inst = instantiate(q, seed)
            tol = q.tolerance + q.rel_tolerance * abs(inst.answer)
            for name, key in q.traps.items():
                trap = inst.values[name]
                assert abs(trap - inst.answer) > 2 * tol, (q.id, seed, name, trap, inst.answer)
            if seed < 50:
                for name, key in q.traps.items():
                    result = grade(inst, repr(inst.values[name]))
                    assert not result.correct and key in result.misconceptions, (q.id, seed, name)


def test_a_fixed_question_traps_the_5_percent_answer(bank):
    q = bank["mon-overlap-level"]
    inst = instantiate(q, 0)
    assert inst.answer == pytest.approx(2 * stats.norm.sf(2 * 1.96 / math.sqrt(2)), abs=1e-6)
    assert grade(inst, "0.05").misconceptions == ["intervals-must-not-overlap"]


# --------------------------------------------------------------------------- bug snippets, executed


def _run(code, **env):
    scope = {"np": np, **env}
    exec(code, scope)
    return scope


def _fixed(q):
    lines = q.code.splitlines()
    indent = re.match(r"\s*", lines[q.line - 1]).group(0)
    return lines, indent


def test_the_psi_range_bug_drops_the_values_that_moved_and_its_fix_keeps_them(bank):
    q = bank["mon-bug-psi-range"]
    rng = np.random.default_rng(0)
    reference = rng.normal(size=2000)
    current = np.r_[rng.normal(size=1600), np.full(400, 10.0)]      # a fifth of the rows far out of range
    buggy = _run(q.code, reference=reference, current=current.copy())["psi"]
    lines, _ = _fixed(q)
    fixed_code = "\n".join(lines[:q.line - 1] + ["edges[0], edges[-1] = -np.inf, np.inf"] + lines[q.line:])
    fixed = _run(fixed_code, reference=reference, current=current.copy())["psi"]
    from mlmetrics_edu.drift import population_stability_index
    assert fixed == pytest.approx(population_stability_index(reference, current, bins=10), rel=1e-6)
    assert buggy < fixed / 5


def test_the_categorical_codes_bug_compares_the_wrong_categories_and_its_fix_does_not(bank):
    from mlmetrics_edu.drift import categorical_psi

    q = bank["mon-bug-categorical-codes"]
    reference = np.array(["basic"] * 50 + ["family"] * 20 + ["plus"] * 30)
    current = np.array(["basic"] * 50 + ["family"] * 20 + ["plus"] * 20 + ["enterprise"] * 10)
    buggy = _run(q.code, reference=reference, current=current)["psi"]
    lines, _ = _fixed(q)
    fix = ("cats = np.union1d(ref_cats, np.unique(current)); ref_codes = np.searchsorted(cats, reference); "
           "cur_codes = np.searchsorted(cats, current); ref_cats = cur_cats = cats")
    fixed = _run("\n".join(lines[:q.line - 1] + [lines[q.line - 1], fix] + lines[q.line:]),
                 reference=reference, current=current)["psi"]
    assert fixed == pytest.approx(categorical_psi(reference, current), rel=1e-9)
    assert abs(buggy - fixed) > 0.1


def test_the_unlabelled_bug_counts_missing_labels_as_negatives(bank):
    q = bank["mon-bug-unlabelled"]

    class Week(dict):
        pass

    class Col:
        def __init__(self, a):
            self.a = np.asarray(a)

        def to_numpy(self, dtype=None):
            return self.a.astype(dtype) if dtype else self.a

    labels = np.array([1, 1, np.nan, np.nan, 0, 0, 1, np.nan])
    score = np.array([0.9, 0.2, 0.1, 0.2, 0.8, 0.1, 0.7, 0.9])
    week = Week(churned=Col(labels), score=Col(score))
    buggy = _run(q.code, week=week, THRESHOLD=0.5)["precision"]
    known = np.isfinite(labels)
    flagged = score >= 0.5
    right = np.sum((labels[known] == 1) & flagged[known]) / np.sum(flagged[known])
    assert buggy < right - 0.1                      # unlabelled flagged rows became false positives
    assert "nan_to_num" in q.code.splitlines()[q.line - 1]


def test_the_cbpe_bug_computes_precision_and_its_fix_the_package_s_recall(bank):
    from mlmetrics_edu.monitoring import estimate_performance

    q = bank["mon-bug-cbpe"]
    p = np.array([0.9, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1])
    est = estimate_performance(p, threshold=0.5)
    buggy = _run(q.code, p=p, threshold=0.5)["recall"]
    assert buggy == pytest.approx(est["precision"]) and buggy != pytest.approx(est["recall"])
    fixed = _run(q.code.replace(q.code.splitlines()[q.line - 1], q.fix), p=p, threshold=0.5)["recall"]
    assert fixed == pytest.approx(est["recall"])


def test_the_prior_adjust_bug_moves_the_odds_the_wrong_way(bank):
    from mlmetrics_edu.datasets import production as sim

    q = bank["mon-bug-prior-adjust"]
    p = np.array([0.1, 0.3, 0.6])
    env = dict(p=p, train_rate=0.2, season_rate=0.4)
    buggy = _run(q.code, **env)["p_adjusted"]
    fixed = _run(q.code.replace(q.code.splitlines()[q.line - 1], q.fix), **env)["p_adjusted"]
    assert np.allclose(fixed, mm.adjust_to_prior(p, 0.2, 0.4))
    assert np.all(buggy < p) and np.all(fixed > p)


def test_the_question_files_are_plain_toml_with_matching_ids():
    q = tomllib.loads((ROOT / "drills" / "questions" / "monitoring_depth.toml").read_text(encoding="utf-8"))
    a = tomllib.loads((ROOT / "answers" / "questions" / "monitoring_depth.toml").read_text(encoding="utf-8"))
    assert q["topic"] == "production"
    assert [x["id"] for x in q["question"]] == [x["id"] for x in a["answer"]]
