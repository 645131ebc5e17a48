"""Specs for drill set 12: mergeable states and drift (monitoring in production)."""

import numpy as np

from mlmetrics_edu.drill.compare import all_same, mismatch
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Tol, Wrong, with_hint_solutions

TITLE = "Monitoring: mergeable states and drift"

a = np.array
TOL = Tol(rtol=1e-9, atol=1e-9)


def _same(what, tol=TOL):
    return lambda outs, calls: all_same(outs, tol, what=what)


# --- 1. merging moments --------------------------------------------------------------------


def _moments(x):
    x = np.asarray(x, float)
    if x.size == 0:
        return (0, 0.0, 0.0)
    return (int(x.size), float(x.mean()), float(np.sum((x - x.mean()) ** 2)))


def _two_chunks(rng):
    offset = float(rng.choice([0.0, 100.0, 1e6]))
    x = offset + rng.normal(size=int(rng.integers(0, 40))) * rng.uniform(0.1, 10)
    y = offset + rng.normal(rng.normal() * 5, 1, size=int(rng.integers(0, 40)))
    return _moments(x), _moments(y)


def _swapped(rng):
    s, t = _two_chunks(rng)
    return [(s, t), (t, s)]


def _with_empty(rng):
    s, _ = _two_chunks(rng)
    return [(s, (0, 0.0, 0.0)), ((0, 0.0, 0.0), s)]


def _identity(outs, calls):
    problem = all_same(outs, TOL, what="merging with an empty state on either side")
    if problem:
        return problem
    s = calls[0].args[0]
    bad = mismatch(tuple(float(v) for v in s), outs[0], TOL)
    return None if bad is None else "merging with an empty state should return the other state: " + bad


def _moments_unweighted_mean(a, b):
    (n_a, mean_a, m2_a), (n_b, mean_b, m2_b) = a, b
    n = n_a + n_b
    if n == 0:
        return 0.0, 0.0, 0.0
    delta = mean_b - mean_a
    return float(n), float((mean_a + mean_b) / 2), float(m2_a + m2_b + delta**2 * n_a * n_b / n)


def _moments_no_between_term(a, b):
    (n_a, mean_a, m2_a), (n_b, mean_b, m2_b) = a, b
    n = n_a + n_b
    if n == 0:
        return 0.0, 0.0, 0.0
    return float(n), float(mean_a + (mean_b - mean_a) * n_b / n), float(m2_a + m2_b)


def _moments_empty_nan(a, b):
    (n_a, mean_a, m2_a), (n_b, mean_b, m2_b) = a, b
    n = n_a + n_b
    delta = mean_b - mean_a
    with np.errstate(all="ignore"):
        return (float(n), float(mean_a + delta * np.float64(n_b) / n),
                float(m2_a + m2_b + delta**2 * n_a * np.float64(n_b) / n))


MERGE_MOMENTS = Drill(
    id="merge-moments",
    title="Merge two (count, mean, m2) summaries",
    function="merge_moments",
    signature="merge_moments(a, b) -> tuple[float, float, float]",
    conventions=(
        "A state is (n, mean, m2): the number of values, their mean and m2 = sum((x - mean)**2).",
        "Return the state of the union of both chunks as a tuple of three floats (n, mean, m2).",
        "An empty state is (0, 0.0, 0.0); two empty states merge to (0.0, 0.0, 0.0).",
    ),
    returns="tuple of 3 floats: (n, mean, m2)",
    names=("n", "mean", "m2"),
    tol=TOL,
    hints=(
        "One server handled 1,000 requests averaging 10 ms, the other 1 request at 1,000 ms: is "
        "the overall mean 505 ms?",
        "Weight each mean by its count. For m2, the spread around the overall mean is each "
        "chunk's own m2 plus a term for how far apart the two means are: delta**2 * n_a * n_b / n.",
        "n_a, mean_a, m2_a = a; n_b, mean_b, m2_b = b; n = n_a + n_b; if n == 0: return 0.0, "
        "0.0, 0.0; delta = mean_b - mean_a; mean = mean_a + delta * n_b / n; m2 = m2_a + m2_b + "
        "delta**2 * n_a * n_b / n; return float(n), float(mean), float(m2).",
    ),
    edges=(
        Edge("unequal-counts", "1,000 values at 10 and one at 1,000: the mean is near 10, not 505",
             ((1000, 10.0, 0.0), (1, 1000.0, 0.0))),
        Edge("same-means", "equal means: the m2s simply add", ((3, 2.0, 2.0), (2, 2.0, 0.5))),
        Edge("far-apart", "two tight groups far apart: most of the spread is between them",
             (_moments([0.0, 0.0]), _moments([10.0, 10.0]))),
        Edge("one-empty", "merging with an empty chunk changes nothing", ((4, 1.5, 5.0), (0, 0.0, 0.0))),
        Edge("both-empty", "two empty chunks: (0.0, 0.0, 0.0), not nan", ((0, 0.0, 0.0), (0, 0.0, 0.0))),
        Edge("large-offset", "latencies around 1e6: the formula never squares 1e6",
             (_moments([1e6 + 1, 1e6 + 2]), _moments([1e6 + 4]))),
    ),
    random=Random(_two_chunks, n=20),
    props=(
        Prop("commutative", "merge(a, b) and merge(b, a) summarise the same values", _swapped,
             _same("merge(a, b) and merge(b, a)")),
        Prop("empty-is-identity", "an empty chunk adds nothing", _with_empty, _identity),
    ),
    wrongs=(
        Wrong("unweighted-mean", "you averaged the two means as equals; weight each by its count "
              "(mean_a + delta * n_b / n)", _moments_unweighted_mean),
        Wrong("no-between-term", "you added the two m2s but forgot the spread between the chunks: "
              "add delta**2 * n_a * n_b / n", _moments_no_between_term),
        Wrong("empty-is-nan", "two empty chunks gave nan (0/0); return (0.0, 0.0, 0.0)", _moments_empty_nan),
    ),
)


# --- 2. merging AUC states ------------------------------------------------------------------

EMPTY_STATE = (np.zeros(0), np.zeros(0), np.zeros(0))


def _state(scores, y):
    scores, y = np.asarray(scores, float), np.asarray(y)
    values = np.unique(scores)
    where = np.searchsorted(values, scores)
    pos = np.bincount(where, weights=(y == 1).astype(float), minlength=values.size)
    neg = np.bincount(where, weights=(y == 0).astype(float), minlength=values.size)
    return values, pos, neg


def _auc_chunks(rng):
    n = int(rng.integers(2, 80))
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]
    y = y[rng.permutation(n)]
    scores = np.round(rng.normal(size=n) + y * rng.uniform(0, 2), 1)  # ties within and across chunks
    cut = int(rng.integers(0, n + 1))
    return _state(scores[:cut], y[:cut]), _state(scores[cut:], y[cut:])


def _auc_swapped(rng):
    s, t = _auc_chunks(rng)
    return [(s, t), (t, s)]


def _auc_monotone(rng):
    s, t = _auc_chunks(rng)
    return [(s, t), ((np.exp(s[0]), s[1], s[2]), (np.exp(t[0]), t[1], t[2]))]


def _auc_of(scores, pos, neg):
    neg_below = np.cumsum(neg) - neg
    return float(np.sum(pos * (neg_below + 0.5 * neg)) / (pos.sum() * neg.sum()))


def _merged(state_a, state_b):
    scores = np.union1d(state_a[0], state_b[0])
    pos, neg = np.zeros(scores.size), np.zeros(scores.size)
    for s, p, n in (state_a, state_b):
        where = np.searchsorted(scores, s)
        pos[where] += p
        neg[where] += n
    return scores, pos, neg


def _auc_averaged(state_a, state_b):
    with np.errstate(all="ignore"):
        return float((_auc_of(*state_a) + _auc_of(*state_b)) / 2)


def _auc_ties_as_losses(state_a, state_b):
    _, pos, neg = _merged(state_a, state_b)
    neg_below = np.cumsum(neg) - neg
    return float(np.sum(pos * neg_below) / (pos.sum() * neg.sum()))


def _auc_concatenated(state_a, state_b):
    scores = np.concatenate([state_a[0], state_b[0]])
    order = np.argsort(scores, kind="stable")  # equal scores of the two chunks stay apart
    pos = np.concatenate([state_a[1], state_b[1]])[order]
    neg = np.concatenate([state_a[2], state_b[2]])[order]
    return _auc_of(scores[order], pos, neg)


MERGED_AUC = Drill(
    id="merged-auc",
    title="ROC AUC from two partitions' score histograms",
    function="merged_auc",
    signature="merged_auc(state_a, state_b) -> float",
    conventions=(
        "A state is (scores, pos, neg): sorted distinct scores, and at each score the number of "
        "positives and of negatives. A state may be empty (three empty arrays).",
        "AUC = P(a random positive scores above a random negative); a tie counts 1/2.",
        "The union holds at least one positive and one negative. Return a float.",
    ),
    returns="float in [0, 1]",
    hints=(
        "Partition A ranks all its positives above its negatives, and so does partition B: must "
        "the AUC of A and B together be 1?",
        "Add the two histograms on the union of their scores (equal scores become one tie), then "
        "for each score count the negatives strictly below it plus half of those at it.",
        "scores = np.union1d(state_a[0], state_b[0]); pos, neg = np.zeros(scores.size), "
        "np.zeros(scores.size); for s, p, n in (state_a, state_b): where = np.searchsorted(scores, "
        "s); pos[where] += p; neg[where] += n; then neg_below = np.cumsum(neg) - neg; return "
        "float(np.sum(pos * (neg_below + 0.5 * neg)) / (pos.sum() * neg.sum())).",
    ),
    edges=(
        Edge("both-perfect-union-not", "each partition is perfectly ranked, yet the union is not",
             (_state([0.1, 0.2], [0, 1]), _state([0.8, 0.9], [0, 1]))),
        Edge("tie-across-partitions", "a positive in A and a negative in B at the same score tie: 1/2",
             (_state([0.5], [1]), _state([0.5], [0]))),
        Edge("one-class-per-partition", "A has only positives, B only negatives: pairs exist only "
             "across partitions", (_state([0.3, 0.7], [1, 1]), _state([0.2, 0.9], [0, 0]))),
        Edge("empty-partition", "an empty partition adds nothing",
             (EMPTY_STATE, _state([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]))),
        Edge("unequal-sizes", "a big and a tiny partition: pairs, not partitions, are counted",
             (_state(np.arange(20) / 20, [0] * 10 + [1] * 10), _state([0.0], [1]))),
    ),
    random=Random(_auc_chunks, n=20),
    props=(
        Prop("commutative", "the order of the partitions cannot matter", _auc_swapped,
             _same("merged_auc(a, b) and merged_auc(b, a)")),
        Prop("monotone-invariant", "AUC depends on the ranking only: exp() of every score changes nothing",
             _auc_monotone, _same("AUC before and after a monotone transform of the scores")),
    ),
    wrongs=(
        Wrong("averaged-aucs", "you averaged the two partitions' AUCs; the pairs across partitions are "
              "missing -- add the histograms, then compute one AUC", _auc_averaged),
        Wrong("ties-as-losses", "you counted tied pairs as 0; a tie counts 1/2", _auc_ties_as_losses),
        Wrong("concatenated-without-merging", "you concatenated the histograms without merging equal "
              "scores, so ties across partitions were ranked by partition order; use np.union1d",
              _auc_concatenated),
    ),
)


# --- 3. PSI ---------------------------------------------------------------------------------


def _psi_with(expected, actual, edges_from="expected", floor=1e-4, symmetric=True):
    expected, actual = np.asarray(expected, float), np.asarray(actual, float)
    source = expected if edges_from == "expected" else actual
    if edges_from == "uniform":
        edges = np.linspace(expected.min(), expected.max(), 11)[1:-1]
    else:
        edges = np.unique(np.quantile(source, np.arange(1, 10) / 10))
    k = edges.size + 1
    e = np.bincount(np.searchsorted(edges, expected, side="right"), minlength=k) / expected.size
    act = np.bincount(np.searchsorted(edges, actual, side="right"), minlength=k) / actual.size
    e, act = np.maximum(e, floor), np.maximum(act, floor)
    with np.errstate(all="ignore"):
        if not symmetric:
            return float(np.sum(act * np.log(act / e)))
        return float(np.sum((act - e) * np.log(act / e)))


def _psi_no_smoothing(expected, actual):
    return _psi_with(expected, actual, floor=0.0)


def _psi_bins_from_actual(expected, actual):
    return _psi_with(expected, actual, edges_from="actual")


def _psi_equal_width(expected, actual):
    return _psi_with(expected, actual, edges_from="uniform")


def _psi_one_way(expected, actual):
    return _psi_with(expected, actual, symmetric=False)


def _psi_case(rng):
    n, m = int(rng.integers(5, 400)), int(rng.integers(5, 400))
    expected = rng.normal(size=n)
    actual = rng.normal(rng.choice([0.0, 0.2, 1.0, 3.0]), rng.choice([1.0, 0.5, 2.0]), size=m)
    if rng.random() < 0.3:  # discrete scores: ties in the reference repeat quantiles
        expected, actual = np.round(expected), np.round(actual)
    return expected, actual


def _psi_scaled(rng):
    e, act = _psi_case(rng)
    return [(e, act), (4 * e, 4 * act)]


def _psi_same(rng):
    e, _ = _psi_case(rng)
    return [(e, e.copy())]


def _psi_zero(outs, calls):
    return None if abs(float(outs[0])) <= 1e-12 else f"the PSI of a sample with itself should be 0, got {outs[0]}"


PSI = Drill(
    id="psi",
    title="Population stability index with quantile bins",
    function="psi",
    signature="psi(expected, actual) -> float",
    conventions=(
        "Inner bin edges: np.unique(np.quantile(expected, [0.1, 0.2, ..., 0.9])) (NumPy's default "
        "linear interpolation); the outer edges are -inf and +inf.",
        'A value v falls in bin np.searchsorted(edges, v, side="right"): bins are [e_k, e_k+1).',
        "Proportions are floored at 1e-4 before the formula, so an empty bin stays finite.",
        "PSI = sum((a - e) * ln(a / e)) over the bins; return a float.",
    ),
    returns="float >= 0",
    hints=(
        "If no customer this week falls in the lowest score band, what is ln(a / e) for that band?",
        "Cut the bins at the deciles of expected (not of actual), count both samples in them, divide "
        "by each sample's size, floor every share at 1e-4, then sum (a - e) * ln(a / e).",
        "edges = np.unique(np.quantile(expected, np.arange(1, 10) / 10)); k = edges.size + 1; e = "
        "np.bincount(np.searchsorted(edges, expected, side='right'), minlength=k) / expected.size; "
        "the same for a with actual; e, a = np.maximum(e, 1e-4), np.maximum(a, 1e-4); return "
        "float(np.sum((a - e) * np.log(a / e))).",
    ),
    edges=(
        Edge("identical", "the same sample: every share matches, PSI 0", (np.arange(20.0), np.arange(20.0))),
        Edge("empty-bins", "this week's scores all exceed last year's maximum: nine empty bins, still "
             "finite", (np.arange(100.0), np.full(30, 500.0))),
        Edge("ties-in-reference", "a reference with 70% zeros repeats deciles: duplicate edges merge bins",
             (a([0.0] * 70 + [1.0] * 30), a([0.0] * 30 + [1.0] * 70))),
        Edge("bins-from-reference", "the bins come from expected: swapping the samples changes the bins",
             (np.arange(10.0), a([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 5.0, 9.0]))),
        Edge("small-shift", "a small shift of a smooth distribution: a small PSI",
             (np.linspace(-2, 2, 200), np.linspace(-1.8, 2.2, 200))),
    ),
    random=Random(_psi_case, n=20),
    props=(
        Prop("scale-invariant", "quantile bins follow the data: multiplying both samples by 4 changes "
             "nothing", _psi_scaled, _same("PSI before and after scaling both samples")),
        Prop("zero-on-itself", "a sample compared with itself has not drifted", _psi_same, _psi_zero),
    ),
    wrongs=(
        Wrong("no-smoothing", "an empty bin made ln(a / 0) infinite; floor every share at 1e-4 first",
              _psi_no_smoothing),
        Wrong("bins-from-actual", "you cut the bins at the quantiles of actual; the reference "
              "(expected) defines the bins", _psi_bins_from_actual),
        Wrong("equal-width-bins", "you used equal-width bins over expected's range; PSI here uses the "
              "deciles of expected", _psi_equal_width),
        Wrong("one-way-kl", "you computed sum(a * ln(a / e)), the KL divergence; PSI is "
              "sum((a - e) * ln(a / e)), symmetric in the two samples' shares",
              _psi_one_way),
    ),
)

DRILLS = [MERGE_MOMENTS, MERGED_AUC, PSI]

HINT_SOLUTIONS = {
    "merge-moments": """
def merge_moments(a, b):
    n_a, mean_a, m2_a = a
    n_b, mean_b, m2_b = b
    n = n_a + n_b
    if n == 0:
        return 0.0, 0.0, 0.0
    delta = mean_b - mean_a
    mean = mean_a + delta * n_b / n
    m2 = m2_a + m2_b + delta**2 * n_a * n_b / n
    return float(n), float(mean), float(m2)
""",
    "merged-auc": """
def merged_auc(state_a, state_b):
    scores = np.union1d(state_a[0], state_b[0])
    pos, neg = np.zeros(scores.size), np.zeros(scores.size)
    for s, p, n in (state_a, state_b):
        where = np.searchsorted(scores, s)
        pos[where] += p
        neg[where] += n
    neg_below = np.cumsum(neg) - neg
    return float(np.sum(pos * (neg_below + 0.5 * neg)) / (pos.sum() * neg.sum()))
""",
    "psi": """
def psi(expected, actual):
    edges = np.unique(np.quantile(expected, np.arange(1, 10) / 10))
    k = edges.size + 1
    e = np.bincount(np.searchsorted(edges, expected, side='right'), minlength=k) / expected.size
    a = np.bincount(np.searchsorted(edges, actual, side='right'), minlength=k) / actual.size  # hint: the same for a with actual
    e, a = np.maximum(e, 1e-4), np.maximum(a, 1e-4)
    return float(np.sum((a - e) * np.log(a / e)))
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
