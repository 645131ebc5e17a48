"""Specs for drill set 09: demographic parity, equalized odds, disparate impact.

Each misconception is a real mistake: parity computed on the labels instead of the
predictions, a group's rate divided by all samples instead of the group's own, only the
extreme pair of the first two groups, equalized odds taking only the TPR (that is equal
opportunity) or averaging the two gaps, and the disparate impact ratio taken max over min.
"""

import numpy as np

from mlmetrics_edu.drill.compare import all_same
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Wrong, with_hint_solutions

TITLE = "Fairness gaps between groups"

a = np.array  # edge cases read better as a([1, 0, 1])
NAMES = np.array(["north", "south", "east", "west"])


def _case(rng):
    """Labels, predictions and 1-4 groups (string names, sometimes ints); a group may lack positives."""
    n = int(rng.integers(1, 60))
    k = int(rng.integers(1, 5))
    groups = NAMES[rng.integers(0, k, n)] if rng.random() < 0.7 else rng.integers(0, k, n)
    base = rng.uniform(0, 1, k)[np.unique(groups, return_inverse=True)[1].ravel()]
    y_true = (rng.random(n) < base).astype(np.int64)
    flip = rng.random(n) < rng.uniform(0, 0.5)
    y_pred = np.where(flip, 1 - y_true, y_true).astype(np.int64)
    return y_true, y_pred, groups


def _rates(y, groups, among=None):
    """Per group: fraction of ``among`` samples with y == 1 (shared by the misconceptions)."""
    y, groups = np.asarray(y), np.asarray(groups)
    if y.size == 0:
        raise ValueError("no samples")
    among = np.ones(y.size, dtype=bool) if among is None else among
    out = []
    for g in np.unique(groups):
        mask = (groups == g) & among
        out.append(np.sum(y[mask] == 1) / np.sum(mask) if np.sum(mask) else 0.0)
    return out


def _shuffled(rng):
    y_true, y_pred, groups = _case(rng)
    order = rng.permutation(y_true.size)
    return [(y_true, y_pred, groups), (y_true[order], y_pred[order], groups[order])]


def _renamed(rng):
    y_true, y_pred, groups = _case(rng)
    names = np.unique(groups)
    renamed = np.array([f"group-{len(names) - int(np.searchsorted(names, g))}" for g in groups])
    return [(y_true, y_pred, groups), (y_true, y_pred, renamed)]


SHUFFLE = Prop("shuffle-invariant", "a gap between groups cannot depend on the order of the samples",
               _shuffled, lambda outs, calls: all_same(outs, what="gaps before and after shuffling"))
RENAME = Prop("rename-invariant", "renaming the groups (and so reordering them) cannot change a gap",
              _renamed, lambda outs, calls: all_same(outs, what="gaps before and after renaming groups"))

GROUPS_4_4 = a(["a"] * 4 + ["b"] * 4)

# --- 1. demographic parity difference ---------------------------------------------------------


def _dp_on_labels(y_true, y_pred, groups):
    rates = _rates(y_true, groups)
    return float(max(rates) - min(rates))


def _dp_over_all_samples(y_true, y_pred, groups):
    y_pred, groups = np.asarray(y_pred), np.asarray(groups)
    if y_pred.size == 0:
        raise ValueError("no samples")
    rates = [np.sum(y_pred[groups == g] == 1) / y_pred.size for g in np.unique(groups)]
    return float(max(rates) - min(rates))


def _dp_first_two_groups(y_true, y_pred, groups):
    rates = _rates(y_pred, groups)
    return float(abs(rates[0] - rates[-1 if len(rates) < 2 else 1]))


def _labels_ignored(rng):
    y_true, y_pred, groups = _case(rng)
    return [(y_true, y_pred, groups), (1 - y_true, y_pred, groups)]


DEMOGRAPHIC_PARITY = Drill(
    id="demographic-parity-difference",
    title="Demographic parity difference",
    function="demographic_parity_difference",
    signature="demographic_parity_difference(y_true, y_pred, groups) -> float",
    conventions=(
        "A group's selection rate is the fraction of ITS samples with y_pred == 1.",
        "Return max rate - min rate over all groups, as a float; one group gives 0.0.",
        "y_true is not used (parity is about the model's decisions), but is passed.",
        "Empty input: raise ValueError.",
    ),
    returns="float in [0, 1]",
    hints=(
        "Which array says what the model decided: y_true or y_pred? And a group's rate is out of how many samples?",
        "For each group g in np.unique(groups), the selection rate is the mean of (y_pred == 1) over the "
        "samples with groups == g; the answer is the largest rate minus the smallest.",
        "if len(y_pred) == 0: raise ValueError; rates = [np.mean(y_pred[groups == g] == 1) for g in "
        "np.unique(groups)]; return float(max(rates) - min(rates)).",
    ),
    edges=(
        Edge("labels-differ-from-predictions",
             "the labels' rates differ by group but the predictions' do not: parity is about predictions",
             (a([1, 1, 0, 0, 0, 0, 0, 0]), a([1, 0, 0, 0, 1, 0, 0, 0]), GROUPS_4_4)),
        Edge("unequal-group-sizes", "a group of 2 and a group of 6: each rate divides by its own group's size",
             (a([0] * 8), a([1, 1, 1, 1, 1, 0, 0, 0]), a(["a"] * 2 + ["b"] * 6))),
        Edge("three-groups", "the extremes are the first and the last group, not the first two",
             (a([0] * 6), a([1, 0, 1, 1, 0, 0]), a(["a", "a", "b", "b", "c", "c"]))),
        Edge("one-group", "a single group has no gap", (a([1, 0, 1]), a([1, 1, 0]), a(["x", "x", "x"]))),
        Edge("integer-groups", "group names can be ints", (a([0, 0, 0, 0]), a([1, 0, 0, 0]), a([7, 7, 3, 3]))),
        Edge("empty", "no samples: refuse with ValueError",
             (a([], dtype=np.int64), a([], dtype=np.int64), a([], dtype=str))),
    ),
    random=Random(_case),
    props=(
        SHUFFLE, RENAME,
        Prop("labels-ignored", "demographic parity does not look at y_true: flipping every label changes nothing",
             _labels_ignored, lambda outs, calls: all_same(outs, what="gaps with the labels flipped")),
    ),
    wrongs=(
        Wrong("on-labels", "you computed the rates on y_true: that is the gap in base rates, a property of "
              "the data; demographic parity compares the model's predictions (y_pred)", _dp_on_labels),
        Wrong("divided-by-all-samples", "you divided each group's selections by the number of ALL samples: "
              "a group's selection rate divides by that group's own size", _dp_over_all_samples),
        Wrong("first-two-groups", "you compared only the first two groups: the gap is between the highest "
              "and the lowest selection rate over every group", _dp_first_two_groups),
    ),
)

# --- 2. equalized odds difference -------------------------------------------------------------


def _eo_rates(y_true, y_pred, groups):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return _rates(y_pred, groups, y_true == 1), _rates(y_pred, groups, y_true == 0)


def _eo_tpr_only(y_true, y_pred, groups):
    tprs, _ = _eo_rates(y_true, y_pred, groups)
    return float(max(tprs) - min(tprs))


def _eo_mean_of_gaps(y_true, y_pred, groups):
    tprs, fprs = _eo_rates(y_true, y_pred, groups)
    return float((max(tprs) - min(tprs) + max(fprs) - min(fprs)) / 2)


def _eo_over_group_size(y_true, y_pred, groups):
    y_true, y_pred, groups = np.asarray(y_true), np.asarray(y_pred), np.asarray(groups)
    if y_true.size == 0:
        raise ValueError("no samples")
    tprs, fprs = [], []
    for g in np.unique(groups):
        size = np.sum(groups == g)
        tprs.append(np.sum((groups == g) & (y_true == 1) & (y_pred == 1)) / size)
        fprs.append(np.sum((groups == g) & (y_true == 0) & (y_pred == 1)) / size)
    return float(max(max(tprs) - min(tprs), max(fprs) - min(fprs)))


def _perfect(rng):
    """A model that is always right, on groups that each hold a positive and a negative (a group
    without positives has TPR 0.0 by convention, so a perfect model would show a TPR gap)."""
    y_true, _, groups = _case(rng)
    names = np.unique(groups)
    y_true = np.concatenate([y_true, np.tile([1, 0], names.size)])
    groups = np.concatenate([groups, np.repeat(names, 2)])
    return [(y_true, y_true.copy(), groups)]


def _zero_gap(outs, calls):
    return None if abs(float(outs[0])) < 1e-12 else f"a perfect model has no TPR or FPR gap, got {outs[0]!r}"


EQUALIZED_ODDS = Drill(
    id="equalized-odds-difference",
    title="Equalized odds difference",
    function="equalized_odds_difference",
    signature="equalized_odds_difference(y_true, y_pred, groups) -> float",
    conventions=(
        "TPR of a group = its samples with y_true == 1 and y_pred == 1, over its samples with y_true == 1.",
        "FPR of a group = its samples with y_true == 0 and y_pred == 1, over its samples with y_true == 0.",
        "A group with no positives has TPR 0.0; with no negatives, FPR 0.0 (fairlearn's convention).",
        "Return max(max TPR - min TPR, max FPR - min FPR) over groups, as a float (the worst case).",
        "Empty input: raise ValueError.",
    ),
    returns="float in [0, 1]",
    hints=(
        "Equalized odds asks for equal error rates given the truth: which two rates, and each one out of which samples?",
        "Per group, TPR = approved among its y_true == 1, FPR = approved among its y_true == 0 (0.0 when the "
        "group has none); take the gap max - min of each, and return the larger gap.",
        "if len(y_true) == 0: raise ValueError; for each g in np.unique(groups): pos = (groups == g) & "
        "(y_true == 1); neg = (groups == g) & (y_true == 0); tpr = np.sum(y_pred[pos] == 1) / np.sum(pos) "
        "if np.sum(pos) else 0.0; fpr likewise with neg; return float(max(max(tprs) - min(tprs), "
        "max(fprs) - min(fprs))).",
    ),
    edges=(
        Edge("equal-tpr-unequal-fpr", "the TPRs match but the FPRs do not: equalized odds checks both",
             (a([1, 1, 0, 0, 1, 1, 0, 0]), a([1, 0, 0, 0, 1, 0, 1, 1]), GROUPS_4_4)),
        Edge("both-gaps-differ", "TPR gap 1/2, FPR gap 2/3: the answer is the larger one, not the mean",
             (a([1, 1, 0, 0, 1, 0, 0, 0]), a([1, 0, 0, 0, 1, 1, 1, 0]), GROUPS_4_4)),
        Edge("unequal-group-sizes", "rates divide by the group's positives (or negatives), not by its size",
             (a([1, 0, 1, 0, 0, 0, 0, 0]), a([1, 0, 1, 0, 0, 0, 0, 0]), a(["a"] * 2 + ["b"] * 6))),
        Edge("group-without-positives", "a group with no positives has TPR 0.0 by convention",
             (a([1, 0, 0, 0]), a([1, 0, 1, 0]), a(["a", "a", "b", "b"]))),
        Edge("one-group", "a single group has no gap", (a([1, 0, 1, 0]), a([1, 1, 0, 0]), a([5, 5, 5, 5]))),
        Edge("empty", "no samples: refuse with ValueError",
             (a([], dtype=np.int64), a([], dtype=np.int64), a([], dtype=str))),
    ),
    random=Random(_case),
    props=(
        SHUFFLE, RENAME,
        Prop("perfect-model", "a model that is always right has TPR 1 and FPR 0 in every group that has "
             "both classes", _perfect, _zero_gap),
    ),
    wrongs=(
        Wrong("tpr-only", "you compared only the true positive rates: that is equal opportunity; equalized "
              "odds also requires equal false positive rates", _eo_tpr_only),
        Wrong("mean-of-gaps", "you averaged the TPR gap and the FPR gap: the worst-case equalized odds "
              "difference is the larger of the two", _eo_mean_of_gaps),
        Wrong("over-group-size", "you divided by the group's size: TPR divides by the group's positives "
              "(y_true == 1), FPR by its negatives (y_true == 0)", _eo_over_group_size),
    ),
)

# --- 3. disparate impact ratio ----------------------------------------------------------------


def _di_max_over_min(y_true, y_pred, groups):
    rates = _rates(y_pred, groups)
    if max(rates) == 0:
        return float("nan")
    return float(max(rates) / min(rates)) if min(rates) > 0 else float("inf")


def _di_on_labels(y_true, y_pred, groups):
    rates = _rates(y_true, groups)
    return float("nan") if max(rates) == 0 else float(min(rates) / max(rates))


def _di_first_over_second(y_true, y_pred, groups):
    rates = _rates(y_pred, groups)
    other = rates[1] if len(rates) > 1 else rates[0]
    return float("nan") if other == 0 else float(rates[0] / other)


def _in_unit_interval(outs, calls):
    value = float(outs[0])
    return None if np.isnan(value) or 0.0 <= value <= 1.0 else f"min / max lies in [0, 1], got {value!r}"


DISPARATE_IMPACT = Drill(
    id="disparate-impact-ratio",
    title="Disparate impact ratio (the four-fifths rule)",
    function="disparate_impact_ratio",
    signature="disparate_impact_ratio(y_true, y_pred, groups) -> float",
    conventions=(
        "A group's selection rate is the fraction of ITS samples with y_pred == 1 (y_true is not used).",
        "Return min rate / max rate over all groups, as a float in [0, 1]; one group gives 1.0.",
        "Nobody selected in any group (0/0): return float('nan'), as fairlearn does.",
        "Empty input: raise ValueError.",
    ),
    returns="float in [0, 1], or nan",
    hints=(
        "The four-fifths rule compares the least-selected group with the most-selected one: which goes on top so that 1 means parity?",
        "Compute each group's selection rate (mean of y_pred == 1 within the group); divide the smallest by the "
        "largest; if the largest is 0 the ratio is 0/0: nan.",
        "if len(y_pred) == 0: raise ValueError; rates = [np.mean(y_pred[groups == g] == 1) for g in "
        "np.unique(groups)]; return float('nan') if max(rates) == 0 else float(min(rates) / max(rates)).",
    ),
    edges=(
        Edge("half-the-rate", "group b is selected at half group a's rate: 0.5 fails the four-fifths rule",
             (a([0] * 8), a([1, 1, 0, 0, 1, 0, 0, 0]), GROUPS_4_4)),
        Edge("labels-differ-from-predictions", "the labels' rates differ, the predictions' do not: ratio 1",
             (a([1, 1, 1, 0, 0, 0, 0, 0]), a([1, 0, 0, 0, 1, 0, 0, 0]), GROUPS_4_4)),
        Edge("three-groups", "the extremes are not the first two groups",
             (a([0] * 6), a([1, 1, 1, 0, 1, 0]), a(["a", "a", "b", "b", "c", "c"]))),
        Edge("one-group-unselected", "a group with no one selected gives ratio 0.0",
             (a([0] * 4), a([1, 0, 0, 0]), a(["a", "a", "b", "b"]))),
        Edge("nobody-selected", "no selections at all: 0/0, nan", (a([1, 0, 1, 0]), a([0, 0, 0, 0]), a([1, 1, 2, 2]))),
        Edge("empty", "no samples: refuse with ValueError",
             (a([], dtype=np.int64), a([], dtype=np.int64), a([], dtype=str))),
    ),
    random=Random(_case),
    props=(
        SHUFFLE, RENAME,
        Prop("at-most-one", "the smallest rate over the largest never exceeds 1", lambda rng: [_case(rng)],
             _in_unit_interval),
    ),
    wrongs=(
        Wrong("max-over-min", "you divided the largest rate by the smallest: the ratio is min / max, at most 1, "
              "and the four-fifths rule flags it below 0.8", _di_max_over_min),
        Wrong("on-labels", "you computed the rates on y_true (the base rates): disparate impact is about who "
              "the model selects (y_pred)", _di_on_labels),
        Wrong("first-over-second", "you divided the first group's rate by the second's: compare the lowest "
              "with the highest rate over every group", _di_first_over_second),
    ),
)

DRILLS = [DEMOGRAPHIC_PARITY, EQUALIZED_ODDS, DISPARATE_IMPACT]

# --- the last hints, as code ---------------------------------------------------------------
# What a learner writes by following each drill's last hint word for word (a line not quoted
# from the hint says which words of the hint it implements).

HINT_SOLUTIONS = {
    "demographic-parity-difference": """
def demographic_parity_difference(y_true, y_pred, groups):
    if len(y_pred) == 0:
        raise ValueError
    rates = [np.mean(y_pred[groups == g] == 1) for g in np.unique(groups)]
    return float(max(rates) - min(rates))
""",
    "equalized-odds-difference": """
def equalized_odds_difference(y_true, y_pred, groups):
    if len(y_true) == 0:
        raise ValueError
    tprs, fprs = [], []  # hint: for each g in np.unique(groups)
    for g in np.unique(groups):  # hint: for each g in np.unique(groups)
        pos = (groups == g) & (y_true == 1)
        neg = (groups == g) & (y_true == 0)
        tprs.append(np.sum(y_pred[pos] == 1) / np.sum(pos) if np.sum(pos) else 0.0)  # hint: tpr = np.sum(y_pred[pos] == 1) / np.sum(pos) if np.sum(pos) else 0.0
        fprs.append(np.sum(y_pred[neg] == 1) / np.sum(neg) if np.sum(neg) else 0.0)  # hint: fpr likewise with neg
    return float(max(max(tprs) - min(tprs), max(fprs) - min(fprs)))
""",
    "disparate-impact-ratio": """
def disparate_impact_ratio(y_true, y_pred, groups):
    if len(y_pred) == 0:
        raise ValueError
    rates = [np.mean(y_pred[groups == g] == 1) for g in np.unique(groups)]
    return float('nan') if max(rates) == 0 else float(min(rates) / max(rates))
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
