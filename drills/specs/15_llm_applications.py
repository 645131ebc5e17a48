"""Specs for drill set 15: evaluating LLM applications -- raters, leaderboards, error bars.

Four families, three drills each: Fleiss' kappa (the full statistic, its observed and its
chance agreement), Krippendorff's alpha (coincidences, nominal, interval), leaderboards (Elo,
Bradley-Terry, arena ranks) and error bars on evals (paired and clustered standard errors,
the number of questions needed). Each misconception is a wrong implementation a learner
could plausibly write: counting a rater as agreeing with itself, chance = 1/k, listwise
deletion of units with a missing rating, Elo updated in a batch or with a stale rating,
log win rates for Bradley-Terry, ranks by point estimates, unpaired standard errors,
squaring residuals before summing them per cluster.
"""

import math

import numpy as np

from mlmetrics_edu.drill.cases import call
from mlmetrics_edu.drill.compare import all_same, mismatch
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Tol, Wrong, with_hint_solutions

TITLE = "Evaluating LLM applications"

a = np.array
nan = float("nan")


def _table(rng):
    """Subjects x categories counts with equal row totals and at least two categories used."""
    while True:
        n_subjects, k, m = int(rng.integers(2, 30)), int(rng.integers(2, 6)), int(rng.integers(2, 8))
        shares = rng.dirichlet(np.ones(k) * rng.uniform(0.3, 3))
        truth = rng.choice(k, size=n_subjects, p=shares)
        labels = np.where(rng.random((n_subjects, m)) < rng.uniform(0.2, 0.9), truth[:, None],
                          rng.choice(k, size=(n_subjects, m), p=shares))
        table = np.stack([np.bincount(row, minlength=k) for row in labels])
        if (table.sum(axis=0) > 0).sum() >= 2:
            return table


def _table_props(rng):
    t = _table(rng)
    return [call(t), call(t[rng.permutation(len(t))]), call(t[:, rng.permutation(t.shape[1])])]


def _same_outputs(what):
    return lambda outs, calls: all_same(outs, Tol(1e-9, 1e-12), what=what)


# --- 1. Fleiss' kappa ------------------------------------------------------------------------


def _kappa(p_bar, p_e):
    if p_e == 1:
        return float("nan")
    return float((p_bar - p_e) / (1 - p_e))


def _fleiss_self_pairs(table):
    t = np.asarray(table, dtype=float)
    m = t[0].sum()
    p_bar = ((t**2).sum(axis=1) / m**2).mean()  # a rater "agrees with itself"
    p_j = t.sum(axis=0) / t.sum()
    return _kappa(p_bar, float((p_j**2).sum()))


def _fleiss_uniform_chance(table):
    t = np.asarray(table, dtype=float)
    m = t[0].sum()
    p_bar = (((t**2).sum(axis=1) - m) / (m * (m - 1))).mean()
    return _kappa(p_bar, 1 / t.shape[1])


def _fleiss_unscaled(table):
    t = np.asarray(table, dtype=float)
    m = t[0].sum()
    p_bar = (((t**2).sum(axis=1) - m) / (m * (m - 1))).mean()
    p_j = t.sum(axis=0) / t.sum()
    p_e = float((p_j**2).sum())
    return float("nan") if p_e == 1 else float(p_bar - p_e)


FLEISS = Drill(
    id="fleiss-kappa",
    title="Fleiss' kappa for many raters",
    function="fleiss_kappa",
    signature="fleiss_kappa(table) -> float",
    conventions=(
        "table[i, j] = how many raters put subject i in category j; every row sums to the same m >= 2.",
        "P_i = (sum_j table[i, j]**2 - m) / (m * (m - 1)); P_bar = the mean of P_i over subjects.",
        "p_j = column sum j / total number of ratings; P_e = sum_j p_j**2; return float((P_bar - P_e) / "
        "(1 - P_e)), or float('nan') when P_e == 1.",
    ),
    returns="float",
    hints=(
        "If every rater picked labels at random with the overall label shares, how often would two of them "
        "agree?",
        "Per subject, n_ij raters in category j form n_ij (n_ij - 1) ordered agreeing pairs out of m (m - 1) "
        "pairs of different raters; chance agreement squares each category's pooled share.",
        "t = np.asarray(table, dtype=float); m = t[0].sum(); p_i = ((t ** 2).sum(axis=1) - m) / (m * (m - 1)); "
        "p_bar = p_i.mean(); p_j = t.sum(axis=0) / t.sum(); p_e = float((p_j ** 2).sum()); if p_e == 1: "
        "return float('nan'); return float((p_bar - p_e) / (1 - p_e)).",
    ),
    edges=(
        Edge("hand-worked", "4 subjects, 3 raters: P_bar = 2/3, P_e = 1/2, kappa = 1/3",
             (a([[3, 0], [0, 3], [2, 1], [1, 2]]),)),
        Edge("perfect", "every subject unanimous, two categories used: kappa = 1", (a([[3, 0], [0, 3], [3, 0]]),)),
        Edge("below-chance", "raters always split 1-1: agreement below chance, kappa < 0", (a([[1, 1], [1, 1]]),)),
        Edge("one-category", "everyone said 'good': P_e = 1 and kappa is 0/0 -> nan", (a([[4, 0], [4, 0]]),)),
        Edge("skewed", "one dominant category makes chance agreement high",
             (a([[5, 0, 0], [4, 1, 0], [5, 0, 0], [3, 1, 1]]),)),
    ),
    random=Random(lambda rng: call(_table(rng)), n=25),
    props=(
        Prop("order-free", "reordering subjects or categories cannot change kappa", _table_props,
             _same_outputs("kappa before and after reordering")),
    ),
    wrongs=(
        Wrong("self-pairs", "you divided sum_j n_ij**2 by m**2, so each rater agrees with itself; count pairs "
              "of different raters: (sum_j n_ij**2 - m) / (m (m - 1))", _fleiss_self_pairs),
        Wrong("uniform-chance", "you set chance agreement to 1 / n_categories (Randolph's free-marginal "
              "kappa); Fleiss uses the pooled shares: P_e = sum_j p_j**2", _fleiss_uniform_chance),
        Wrong("not-rescaled", "you returned P_bar - P_e; kappa divides by 1 - P_e, the agreement possible "
              "beyond chance", _fleiss_unscaled),
    ),
)

# --- 2. observed agreement ---------------------------------------------------------------------


def _observed_self_pairs(table):
    t = np.asarray(table, dtype=float)
    return float(((t**2).sum(axis=1) / t[0].sum() ** 2).mean())


def _observed_majority(table):
    t = np.asarray(table, dtype=float)
    return float((t.max(axis=1) / t[0].sum()).mean())


def _observed_unanimous(table):
    t = np.asarray(table, dtype=float)
    return float((t.max(axis=1) == t[0].sum()).mean())


def _add_unanimous(rng):
    t = _table(rng)
    extra = np.zeros((1, t.shape[1]), dtype=t.dtype)
    extra[0, int(rng.integers(0, t.shape[1]))] = t[0].sum()
    return [call(t), call(np.vstack([t, extra]))]


def _not_lower(outs, calls):
    return None if outs[1] >= outs[0] - 1e-12 else \
        f"adding a unanimous subject lowered the agreement from {outs[0]!r} to {outs[1]!r}"


OBSERVED = Drill(
    id="fleiss-observed-agreement",
    title="Observed agreement of many raters (Fleiss' P_bar)",
    function="observed_agreement",
    signature="observed_agreement(table) -> float",
    conventions=(
        "table[i, j] = how many raters put subject i in category j; every row sums to the same m >= 2.",
        "P_i = sum_j n_ij * (n_ij - 1) / (m * (m - 1)): the share of ordered pairs of different raters that "
        "agree on subject i. Return the mean of P_i over subjects as a float.",
    ),
    returns="float",
    hints=(
        "With 3 raters, how many ordered pairs of different raters are there, and how many agree on a 2-1 split?",
        "Raters in category j form n_ij (n_ij - 1) ordered agreeing pairs; divide their sum by m (m - 1), then "
        "average over subjects.",
        "t = np.asarray(table, dtype=float); m = t[0].sum(); p_i = (t * (t - 1)).sum(axis=1) / (m * (m - 1)); "
        "return float(p_i.mean()).",
    ),
    edges=(
        Edge("two-one-split", "3 raters split 2-1: 2 of the 6 ordered pairs agree", (a([[2, 1]]),)),
        Edge("unanimous", "every pair agrees", (a([[0, 4, 0], [4, 0, 0]]),)),
        Edge("all-different", "3 raters, 3 different labels: no pair agrees", (a([[1, 1, 1]]),)),
        Edge("two-raters", "m = 2: P_i is 1 or 0", (a([[2, 0], [1, 1], [0, 2], [1, 1]]),)),
    ),
    random=Random(lambda rng: call(_table(rng)), n=25),
    props=(
        Prop("unanimous-subject", "adding a subject everyone agrees on cannot lower the mean agreement",
             _add_unanimous, _not_lower),
    ),
    wrongs=(
        Wrong("self-pairs", "you used sum_j n_ij**2 / m**2, which pairs each rater with itself; pairs of "
              "different raters are sum_j n_ij (n_ij - 1) out of m (m - 1)", _observed_self_pairs),
        Wrong("majority-share", "you took the share of raters in the majority category; agreement counts "
              "every agreeing pair of raters", _observed_majority),
        Wrong("unanimous-share", "you counted only unanimous subjects; a 4-1 split still has many agreeing "
              "pairs", _observed_unanimous),
    ),
)

# --- 3. chance agreement -------------------------------------------------------------------------


def _chance_uniform(table):
    return float(1 / np.asarray(table).shape[1])


def _chance_per_subject(table):
    t = np.asarray(table, dtype=float)
    return float(((t / t[0].sum()) ** 2).sum(axis=1).mean())


def _chance_majority(table):
    t = np.asarray(table, dtype=float)
    return float((t.sum(axis=0) / t.sum()).max())


def _with_empty_category(rng):
    t = _table(rng)
    return call(np.hstack([t, np.zeros((len(t), 1), dtype=t.dtype)]))


CHANCE = Drill(
    id="fleiss-chance-agreement",
    title="Chance agreement of many raters (Fleiss' P_e)",
    function="chance_agreement",
    signature="chance_agreement(table) -> float",
    conventions=(
        "table[i, j] = how many raters put subject i in category j; every row sums to the same m.",
        "p_j = the sum of column j / the total number of ratings (pooled over all subjects); return "
        "P_e = sum_j p_j**2 as a float.",
    ),
    returns="float",
    hints=(
        "If two ratings are drawn at random from all the ratings, how likely are both to be category j?",
        "Column sums over the grand total give each category's pooled share p_j; two independent draws agree "
        "with probability sum_j p_j^2 -- unused categories add nothing.",
        "t = np.asarray(table, dtype=float); p_j = t.sum(axis=0) / t.sum(); return float((p_j ** 2).sum()).",
    ),
    edges=(
        Edge("balanced", "two categories used equally: 1/4 + 1/4", (a([[2, 0], [0, 2]]),)),
        Edge("skewed", "90% of ratings in one category: chance agreement 0.82", (a([[5, 0], [4, 1], [5, 0], [4, 1],
                                                                                  [5, 0], [4, 1]]),)),
        Edge("unused-category", "a category nobody used adds nothing to P_e", (a([[3, 0, 0], [1, 2, 0]]),)),
        Edge("one-category", "everyone used one category: P_e = 1", (a([[4, 0], [4, 0]]),)),
    ),
    random=Random(lambda rng: [_with_empty_category(rng), call(_table(rng))][int(rng.integers(0, 2))], n=25),
    props=(
        Prop("order-free", "reordering subjects or categories cannot change P_e", _table_props,
             _same_outputs("P_e before and after reordering")),
    ),
    wrongs=(
        Wrong("uniform", "you used 1 / n_categories; raters do not use categories equally often: square the "
              "pooled shares", _chance_uniform),
        Wrong("per-subject", "you averaged each subject's own sum of squared shares; that is closer to the "
              "observed agreement -- chance uses the shares pooled over all subjects", _chance_per_subject),
        Wrong("majority-share", "you returned the largest category share; two random ratings agree with "
              "probability sum_j p_j**2", _chance_majority),
    ),
)

# --- 4. Krippendorff coincidences ----------------------------------------------------------------


def _codes_data(rng, n_values=None):
    """Raters x units of codes 0..n_values-1 with missing ratings (some units rated once)."""
    n_values = n_values or int(rng.integers(2, 5))
    n_raters, n_units = int(rng.integers(2, 6)), int(rng.integers(2, 20))
    truth = rng.integers(0, n_values, n_units)
    data = np.where(rng.random((n_raters, n_units)) < 0.7, truth, rng.integers(0, n_values, (n_raters, n_units)))
    data = data.astype(float)
    data[rng.random(data.shape) < rng.uniform(0.1, 0.5)] = nan
    data[:, 0] = [truth[0], (truth[0] + 1) % n_values] + [nan] * (n_raters - 2)  # two values, pairable
    return data, n_values


def _coincidence_counts(data, n_values):
    d = np.asarray(data, dtype=float)
    return np.array([[np.sum(col == v) for v in range(n_values)] for col in d.T], dtype=float)


def _coinc_no_division(data, n_values):
    o = np.zeros((n_values, n_values))
    for n_u in _coincidence_counts(data, n_values):
        if n_u.sum() >= 2:
            o += np.outer(n_u, n_u) - np.diag(n_u)
    return o


def _coinc_self_pairs(data, n_values):
    o = np.zeros((n_values, n_values))
    for n_u in _coincidence_counts(data, n_values):
        if n_u.sum() >= 2:
            o += np.outer(n_u, n_u) / (n_u.sum() - 1)
    return o


def _coinc_divide_by_m(data, n_values):
    o = np.zeros((n_values, n_values))
    for n_u in _coincidence_counts(data, n_values):
        if n_u.sum() >= 2:
            o += (np.outer(n_u, n_u) - np.diag(n_u)) / n_u.sum()
    return o


def _pairable_total(outs, calls):
    data = np.asarray(calls[0].args[0], dtype=float)
    m = (~np.isnan(data)).sum(axis=0)
    want = float(m[m >= 2].sum())
    total = float(np.sum(outs[0]))
    if abs(total - want) > 1e-9 * max(1.0, want):
        return f"the matrix sums to {total!r}; it should hold one unit of mass per pairable rating ({want:g})"
    if not np.allclose(outs[0], np.asarray(outs[0]).T):
        return "the matrix is not symmetric: a pair (c, k) is also a pair (k, c)"
    return None


CANONICAL = a([[nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
               [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
               [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4]])

COINCIDENCES = Drill(
    id="krippendorff-coincidences",
    title="Krippendorff's coincidence matrix",
    function="coincidence_matrix",
    signature="coincidence_matrix(data, n_values) -> ndarray of shape (n_values, n_values)",
    conventions=(
        "data[r, u] is the value (an integer code 0 .. n_values - 1) rater r gave unit u, np.nan if missing.",
        "Only units rated by m_u >= 2 raters count. Each adds (n_uc * n_uk - [c == k] * n_uc) / (m_u - 1) to "
        "o[c, k], where n_uc = how many of its raters chose value c.",
        "Return an (n_values, n_values) float NumPy array.",
    ),
    returns="ndarray of float, shape (n_values, n_values)",
    hints=(
        "In a unit rated by 3 raters, how many ordered pairs of different raters are there, and why should "
        "the unit add 3 to the matrix, not 6?",
        "Count each value per unit (a units x values table); np.outer(n_u, n_u) - np.diag(n_u) counts the "
        "unit's ordered pairs of different ratings; divide by m_u - 1 and add up over units.",
        "counts = np.array([[np.sum(col == v) for v in range(n_values)] for col in np.asarray(data, "
        "dtype=float).T], dtype=float); o = np.zeros((n_values, n_values)); for n_u in counts: m_u = n_u.sum(); "
        "if m_u >= 2: o += (np.outer(n_u, n_u) - np.diag(n_u)) / (m_u - 1); return o.",
    ),
    edges=(
        Edge("canonical", "Krippendorff's example, codes 0-3 (values 1-4 minus 1)", (CANONICAL - 1, 4)),
        Edge("single-rating", "a unit rated once pairs with nothing and adds nothing",
             (a([[0, 1], [0, nan]]), 2)),
        Edge("three-raters-split", "a 2-1 split: 2 pairs (0,0), 2 pairs (0,1) and (1,0), over m_u - 1 = 2",
             (a([[0], [0], [1]]), 2)),
        Edge("unused-value", "a code nobody used keeps a zero row and column", (a([[0, 2], [0, 2]]), 3)),
    ),
    random=Random(lambda rng: call(*_codes_data(rng)), n=25),
    props=(
        Prop("mass-and-symmetry", "the matrix is symmetric and sums to the number of pairable ratings",
             lambda rng: [call(*_codes_data(rng))], _pairable_total),
    ),
    wrongs=(
        Wrong("no-division", "you did not divide by m_u - 1; each unit should contribute as many pairs as it "
              "has ratings, m_u, however many raters it had", _coinc_no_division),
        Wrong("self-pairs", "you did not subtract the diagonal n_uc: a rating was paired with itself",
              _coinc_self_pairs),
        Wrong("divide-by-m", "you divided by m_u; a rating has m_u - 1 partners, so divide by m_u - 1",
              _coinc_divide_by_m),
    ),
)

# --- 5. Krippendorff's alpha, nominal -----------------------------------------------------------


def _alpha_data(rng):
    data, _ = _codes_data(rng, int(rng.integers(2, 5)))
    if rng.random() < 0.3:
        data = np.where(np.isnan(data), nan, 3 * data + 1)  # values need not be 0..V-1
    return data


def _kd_coinc(d, values):
    o = np.zeros((len(values), len(values)))
    for col in d.T:
        n_u = np.array([np.sum(col == v) for v in values], dtype=float)
        if n_u.sum() >= 2:
            o += (np.outer(n_u, n_u) - np.diag(n_u)) / (n_u.sum() - 1)
    return o


def _alpha_nominal_from(d):
    values = np.unique(d[~np.isnan(d)])
    o = _kd_coinc(d, values)
    n_c = o.sum(axis=0)
    n = n_c.sum()
    return float(1 - (n - 1) * (n - np.trace(o)) / (n**2 - np.sum(n_c**2)))


def _alpha_listwise(data):
    d = np.asarray(data, dtype=float)
    return _alpha_nominal_from(d[:, ~np.isnan(d).any(axis=0)])


def _alpha_n_squared(data):
    d = np.asarray(data, dtype=float)
    values = np.unique(d[~np.isnan(d)])
    o = _kd_coinc(d, values)
    n_c = o.sum(axis=0)
    n = n_c.sum()
    return float(1 - n * (n - np.trace(o)) / (n**2 - np.sum(n_c**2)))


def _alpha_all_margins(data):
    d = np.asarray(data, dtype=float)
    values = np.unique(d[~np.isnan(d)])
    o = _kd_coinc(d, values)
    n_c = np.array([np.sum(d == v) for v in values], dtype=float)  # also the unpairable ratings
    n = n_c.sum()
    return float(1 - (n - 1) * (o.sum() - np.trace(o)) / (n**2 - np.sum(n_c**2)))


def _relabel_and_reorder(rng):
    d = _alpha_data(rng)
    relabelled = np.where(np.isnan(d), nan, 100 - 7 * d)
    return [call(d), call(relabelled[rng.permutation(len(d))])]


ALPHA_NOMINAL = Drill(
    id="krippendorff-alpha-nominal",
    title="Krippendorff's alpha, nominal, with missing ratings",
    function="krippendorff_alpha_nominal",
    signature="krippendorff_alpha_nominal(data) -> float",
    conventions=(
        "data is raters x units; np.nan marks a missing rating; only units with at least 2 ratings count "
        "(pairable). The values are the distinct non-missing numbers.",
        "Build the coincidence matrix o (the coincidences drill) over those values; n_c = o.sum(axis=0), "
        "n = n_c.sum().",
        "alpha = 1 - (n - 1) * (n - trace(o)) / (n**2 - sum_c n_c**2); return a float.",
    ),
    returns="float",
    hints=(
        "Why can't you simply drop every unit that has a missing rating?",
        "np.unique gives the values; per pairable unit count each value and add (outer(n_u, n_u) - "
        "diag(n_u)) / (m_u - 1) to o. Observed disagreement is the off-diagonal mass of o; expected uses the "
        "margins n_c of o, which count only pairable ratings.",
        "d = np.asarray(data, dtype=float); values = np.unique(d[~np.isnan(d)]); o = np.zeros((len(values), "
        "len(values))); for col in d.T: n_u = np.array([np.sum(col == v) for v in values], dtype=float); "
        "m_u = n_u.sum(); if m_u >= 2: o += (np.outer(n_u, n_u) - np.diag(n_u)) / (m_u - 1); n_c = "
        "o.sum(axis=0); n = n_c.sum(); return float(1 - (n - 1) * (n - np.trace(o)) / (n ** 2 - "
        "np.sum(n_c ** 2))).",
    ),
    edges=(
        Edge("canonical", "Krippendorff's example: alpha = 0.691", (CANONICAL,)),
        Edge("perfect", "every unit's ratings agree: alpha = 1", (a([[1, 2, 2, nan], [1, 2, 2, 1]]),)),
        Edge("complete", "no missing rating", (a([[1, 1, 2, 2, 3], [1, 2, 2, 2, 3], [1, 1, 2, 3, 3]]),)),
        Edge("lone-ratings", "units rated once are ignored, also in the margins",
             (a([[1, 2, 1, 5, nan], [1, 2, 2, nan, 7]]),)),
    ),
    random=Random(lambda rng: call(_alpha_data(rng)), n=25),
    props=(
        Prop("relabel-and-reorder", "renaming the values one-to-one or reordering the raters cannot change "
             "nominal alpha", _relabel_and_reorder, _same_outputs("alpha before and after relabelling")),
    ),
    wrongs=(
        Wrong("listwise-deletion", "you dropped every unit with a missing rating; alpha uses every pairable "
              "unit -- that is its advantage over kappa", _alpha_listwise),
        Wrong("n-squared", "you used n instead of n - 1 in the expected disagreement; random pairs are drawn "
              "without replacement: alpha = 1 - (n - 1) D_o / D_e", _alpha_n_squared),
        Wrong("unpairable-margins", "your margins n_c counted ratings of units rated once; only pairable "
              "ratings enter alpha (take n_c from the coincidence matrix)", _alpha_all_margins),
    ),
)

# --- 6. Krippendorff's alpha, interval ----------------------------------------------------------


def _interval_data(rng):
    d = _alpha_data(rng)
    return np.where(np.isnan(d), nan, d + rng.integers(0, 3, d.shape))  # more distinct values


def _alpha_distance(data, distance):
    d = np.asarray(data, dtype=float)
    values = np.unique(d[~np.isnan(d)])
    o = _kd_coinc(d, values)
    n_c = o.sum(axis=0)
    n = n_c.sum()
    delta = distance(values[:, None], values[None, :])
    return float(1 - (n - 1) * np.sum(o * delta) / (n_c @ delta @ n_c))


def _interval_absolute(data):
    return _alpha_distance(data, lambda u, v: np.abs(u - v))


def _interval_nominal(data):
    return _alpha_distance(data, lambda u, v: (u != v).astype(float))


def _interval_no_n_minus_1(data):
    d = np.asarray(data, dtype=float)
    values = np.unique(d[~np.isnan(d)])
    o = _kd_coinc(d, values)
    n_c = o.sum(axis=0)
    delta = (values[:, None] - values[None, :]) ** 2
    return float(1 - n_c.sum() * np.sum(o * delta) / (n_c @ delta @ n_c))


def _affine(rng):
    d = _interval_data(rng)
    return [call(d), call(np.where(np.isnan(d), nan, 2.5 * d - 4))]


ALPHA_INTERVAL = Drill(
    id="krippendorff-alpha-interval",
    title="Krippendorff's alpha for interval scores",
    function="krippendorff_alpha_interval",
    signature="krippendorff_alpha_interval(data) -> float",
    conventions=(
        "data is raters x units; np.nan marks a missing rating; only units with at least 2 ratings count. v are "
        "the sorted distinct non-missing values.",
        "With the coincidence matrix o over v, n_c = o.sum(axis=0), n = n_c.sum() and delta[c, k] = (v_c - "
        "v_k)**2: alpha = 1 - (n - 1) * sum(o * delta) / (n_c @ delta @ n_c); return a float.",
    ),
    returns="float",
    hints=(
        "A rating of 6 vs 7 and one of 1 vs 10 are both disagreements; which should cost more on an interval "
        "scale?",
        "Same coincidences as the nominal drill; weight each cell by the squared difference of its two values: "
        "D_o is proportional to sum(o * delta), D_e to n_c @ delta @ n_c / (n - 1).",
        "d = np.asarray(data, dtype=float); values = np.unique(d[~np.isnan(d)]); o = np.zeros((len(values), "
        "len(values))); for col in d.T: n_u = np.array([np.sum(col == v) for v in values], dtype=float); "
        "m_u = n_u.sum(); if m_u >= 2: o += (np.outer(n_u, n_u) - np.diag(n_u)) / (m_u - 1); n_c = "
        "o.sum(axis=0); n = n_c.sum(); delta = (values[:, None] - values[None, :]) ** 2; return float(1 - "
        "(n - 1) * np.sum(o * delta) / (n_c @ delta @ n_c)).",
    ),
    edges=(
        Edge("canonical", "Krippendorff's example at the interval level: alpha = 0.811", (CANONICAL,)),
        Edge("near-misses", "raters off by one on a 1-10 scale: high interval alpha",
             (a([[1, 4, 7, 10, 2], [2, 4, 8, 9, 2], [1, 5, 7, 10, 3]]),)),
        Edge("far-misses", "the same number of disagreements, but far apart",
             (a([[1, 4, 7, 10, 2], [10, 4, 1, 10, 9], [1, 4, 7, 1, 2]]),)),
        Edge("missing", "missing ratings and a unit rated once", (a([[1, nan, 3, 8], [2, 5, nan, nan],
                                                                    [1, 6, 3, nan]]),)),
    ),
    random=Random(lambda rng: call(_interval_data(rng)), n=25),
    props=(
        Prop("affine", "interval alpha ignores the units of the scale: 2.5 x - 4 changes nothing", _affine,
             _same_outputs("alpha before and after rescaling")),
    ),
    wrongs=(
        Wrong("absolute-distance", "you weighted disagreements by |v_c - v_k|; the interval metric squares the "
              "difference", _interval_absolute),
        Wrong("nominal-distance", "you counted every disagreement as 1 (nominal alpha); on an interval scale "
              "a near miss costs less", _interval_nominal),
        Wrong("n-instead-of-n-minus-1", "you used n instead of n - 1: expected pairs are drawn without "
              "replacement", _interval_no_n_minus_1),
    ),
)

# --- 7. Elo ------------------------------------------------------------------------------------


def _elo_batch(games, n_items, k, initial):
    r0 = np.full(n_items, float(initial))
    r = r0.copy()
    for winner, loser in games:
        delta = k * (1 - 1 / (1 + 10 ** ((r0[loser] - r0[winner]) / 400)))
        r[winner] += delta
        r[loser] -= delta
    return r


def _elo_stale(games, n_items, k, initial):
    r = np.full(n_items, float(initial))
    for winner, loser in games:
        r[winner] += k * (1 - 1 / (1 + 10 ** ((r[loser] - r[winner]) / 400)))
        r[loser] -= k * (1 - 1 / (1 + 10 ** ((r[loser] - r[winner]) / 400)))  # uses the new winner rating
    return r


def _elo_natural_base(games, n_items, k, initial):
    r = np.full(n_items, float(initial))
    for winner, loser in games:
        delta = k * (1 - 1 / (1 + np.exp((r[loser] - r[winner]) / 400)))
        r[winner] += delta
        r[loser] -= delta
    return r


def _games(rng, n_items, n_games):
    strength = rng.normal(0, 1, n_items)
    pairs = rng.integers(0, n_items, (n_games, 2))
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    first = rng.random(len(pairs)) < 1 / (1 + np.exp(strength[pairs[:, 1]] - strength[pairs[:, 0]]))
    return np.where(first[:, None], pairs, pairs[:, ::-1])


def _elo_case(rng):
    n = int(rng.integers(2, 7))
    games = _games(rng, n, int(rng.integers(2, 40)))
    if len(games) == 0:
        games = np.array([[0, 1]])
    return call(games, n, int(rng.choice([16, 32])), int(rng.choice([1000, 1500])))


def _conserved(outs, calls):
    _, n_items, _, initial = calls[0].args
    total = float(np.sum(outs[0]))
    if abs(total - n_items * initial) > 1e-6:
        return f"the ratings sum to {total!r}, not {n_items * initial}: a game must move points, not create them"
    return None


ELO = Drill(
    id="elo-ratings",
    title="Elo ratings, replayed in order",
    function="elo_ratings",
    signature="elo_ratings(games, n_items, k, initial) -> ndarray",
    conventions=(
        "games is a sequence of (winner, loser) item ids, in the order played; every item starts at initial.",
        "Before each game: expected = 1 / (1 + 10 ** ((r[loser] - r[winner]) / 400)); then r[winner] += "
        "k * (1 - expected) and r[loser] -= k * (1 - expected), both from the ratings before this game.",
        "Return a float NumPy array of the n_items ratings.",
    ),
    returns="ndarray of float, shape (n_items,)",
    tol=Tol(1e-9, 1e-9),
    hints=(
        "If the favourite wins, should the ratings move as much as when the underdog wins?",
        "Loop over the games in order; compute the winner's expected score from the current ratings once, then "
        "move both ratings by the same amount k (1 - expected) in opposite directions.",
        "r = np.full(n_items, float(initial)); for winner, loser in games: expected = 1 / (1 + 10 ** "
        "((r[loser] - r[winner]) / 400)); delta = k * (1 - expected); r[winner] += delta; r[loser] -= delta; "
        "return r.",
    ),
    edges=(
        Edge("one-game", "equal ratings: expected 0.5, the winner gains k/2 and the loser loses it",
             (a([[0, 1]]), 2, 32, 1000)),
        Edge("favourite-then-upset", "the second game is an upset and moves more",
             (a([[0, 1], [1, 0]]), 2, 32, 1000)),
        Edge("idle-item", "an item that never plays keeps the initial rating", (a([[0, 2], [2, 0], [0, 2]]), 4, 16,
                                                                                1500)),
        Edge("streak", "the same winner five times: each win is worth less", (a([[1, 0]] * 5), 2, 32, 1000)),
    ),
    random=Random(_elo_case, n=25),
    props=(
        Prop("conservation", "every game moves points from the loser to the winner: the sum never changes",
             lambda rng: [_elo_case(rng)], _conserved),
    ),
    wrongs=(
        Wrong("batch", "you computed every expectation from the starting ratings; Elo is online: each game "
              "sees the ratings the previous games left", _elo_batch),
        Wrong("stale-rating", "you updated the winner, then computed the loser's change from the *new* winner "
              "rating; compute the expectation once, before either update", _elo_stale),
        Wrong("natural-base", "you used exp(diff / 400); Elo's expectation is 1 / (1 + 10 ** (diff / 400)) "
              "(400 points = 10-to-1 odds)", _elo_natural_base),
    ),
)

# --- 8. Bradley-Terry --------------------------------------------------------------------------


def _bt_games(rng):
    """Games where the MLE exists: a ring played both ways plus random games."""
    n = int(rng.integers(2, 6))
    ring = [(i, (i + 1) % n) for i in range(n)] + [((i + 1) % n, i) for i in range(n)]
    games = np.concatenate([np.array(ring), _games(rng, n, int(rng.integers(0, 30))).reshape(-1, 2)])
    return games[rng.permutation(len(games))].astype(np.int64), n


def _bt_fit(n_items, games):
    wins = np.zeros((n_items, n_items))
    for w, l in games:
        wins[w, l] += 1
    between = wins + wins.T
    theta = np.zeros(n_items)
    for _ in range(100):
        p = 1 / (1 + np.exp(theta[None, :] - theta[:, None]))
        grad = wins.sum(axis=1) - (between * p).sum(axis=1)
        info = between * p * p.T
        step = np.linalg.solve(np.diag(info.sum(axis=1)) - info + 1 / n_items, grad)
        theta = theta + step
        if np.abs(step).max() < 1e-12:
            break
    return theta - theta.mean()


def _bt_log_win_rate(n_items, games):
    games = np.asarray(games)
    wins = np.bincount(games[:, 0], minlength=n_items)
    played = wins + np.bincount(games[:, 1], minlength=n_items)
    theta = np.log(wins / played)
    return theta - theta.mean()


def _bt_not_centred(n_items, games):
    theta = _bt_fit(n_items, games)
    p = np.exp(theta) / np.exp(theta).sum()  # strengths summing to 1, as MM returns them
    return np.log(p)


def _bt_exp_scale(n_items, games):
    theta = _bt_fit(n_items, games)
    return np.exp(theta) / np.exp(theta).mean()


def _bt_case(rng):
    games, n = _bt_games(rng)
    return call(n, games)


def _bt_reorder(rng):
    games, n = _bt_games(rng)
    return [call(n, games), call(n, games[::-1].copy())]


BRADLEY_TERRY = Drill(
    id="bradley-terry-mle",
    title="Bradley-Terry strengths by maximum likelihood",
    function="bradley_terry",
    signature="bradley_terry(n_items, games) -> ndarray",
    conventions=(
        "games is a sequence of (winner, loser) item ids; P(i beats j) = 1 / (1 + exp(theta[j] - theta[i])).",
        "Return the maximum-likelihood theta with mean zero, a float NumPy array (checked to 1e-6); every test "
        "set has a finite maximum.",
    ),
    returns="ndarray of float, shape (n_items,)",
    tol=Tol(1e-6, 1e-6),
    hints=(
        "At the maximum of the likelihood, how do an item's actual wins compare with the wins the model "
        "expects for it?",
        "Hunter's MM update p_i = wins_i / sum_j n_ij / (p_i + p_j) (n_ij = games between i and j) climbs the "
        "likelihood; normalise, repeat until nothing changes, then take logs and subtract the mean.",
        "wins = np.zeros(n_items); n = np.zeros((n_items, n_items)); for w, l in games: wins[w] += 1; "
        "n[w, l] += 1; n[l, w] += 1; p = np.ones(n_items); for _ in range(100000): new = wins / (n / (p[:, "
        "None] + p[None, :])).sum(axis=1); new = new / new.sum(); if np.abs(new - p).max() < 1e-14: break; "
        "p = new; theta = np.log(p); return theta - theta.mean().",
    ),
    edges=(
        Edge("three-to-one", "A beats B 3 times in 4: theta_A - theta_B = ln 3",
             (2, a([[0, 1], [0, 1], [0, 1], [1, 0]]))),
        Edge("balanced-cycle", "every item beats the next once: all equal, theta = 0",
             (3, a([[0, 1], [1, 2], [2, 0]]))),
        Edge("hand-worked", "three items; B in the middle", (3, a([[0, 1], [0, 1], [1, 0], [1, 2], [1, 2], [2, 1],
                                                                  [2, 0], [0, 2]]))),
        Edge("unequal-schedules", "one pair played far more often than the others",
             (3, a([[0, 1]] * 6 + [[1, 0]] * 2 + [[1, 2], [2, 1], [2, 0], [0, 2]]))),
    ),
    random=Random(_bt_case, n=20),
    props=(
        Prop("order-free", "the maximum-likelihood fit does not depend on the order of the games", _bt_reorder,
             _same_outputs("the strengths before and after reversing the games")),
    ),
    wrongs=(
        Wrong("log-win-rate", "you took the log of each item's win rate; beating weak opponents counts the "
              "same as beating strong ones there -- Bradley-Terry accounts for who was played", _bt_log_win_rate),
        Wrong("not-centred", "your log-strengths are not centred: the likelihood only sees differences, so "
              "subtract the mean", _bt_not_centred),
        Wrong("strengths-not-logs", "you returned the strengths p (exp scale); return log-strengths theta = "
              "log p with mean zero", _bt_exp_scale),
    ),
)

# --- 9. arena rank -----------------------------------------------------------------------------


def _rank_by_midpoint(low, high):
    mid = (np.asarray(low, dtype=float) + np.asarray(high, dtype=float)) / 2
    return 1 + (mid[None, :] > mid[:, None]).sum(axis=1)


def _rank_ge(low, high):
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    return 1 + (low[None, :] >= high[:, None]).sum(axis=1)


def _rank_maybe_better(low, high):
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    maybe = high[None, :] > low[:, None]
    np.fill_diagonal(maybe, False)
    return 1 + maybe.sum(axis=1)


def _intervals(rng):
    n = int(rng.integers(2, 10))
    centre = np.round(rng.normal(1200, 40, n))
    half = np.round(rng.uniform(5, 40, n))
    return centre - half, centre + half


def _rank_props(rng):
    low, high = _intervals(rng)
    order = rng.permutation(len(low))
    return [call(low, high), call(low[order], high[order]), call(low + 250.0, high + 250.0)]


def _rank_equivariant(outs, calls):
    low = np.asarray(calls[0].args[0])
    order = np.array([int(np.flatnonzero(low == v)[0]) for v in calls[1].args[0]])
    if len(set(low.tolist())) == len(low):
        problem = mismatch(np.asarray(outs[0])[order], outs[1], where="the ranks after reordering the models")
        if problem:
            return problem
    return mismatch(outs[0], outs[2], where="the ranks after adding 250 to every score")


ARENA_RANK = Drill(
    id="arena-rank",
    title="Leaderboard ranks with uncertainty",
    function="arena_rank",
    signature="arena_rank(low, high) -> ndarray of int",
    conventions=(
        "low[i], high[i] is the confidence interval of model i's score (higher is better).",
        "rank[i] = 1 + the number of models j whose low[j] is strictly greater than high[i] (models surely "
        "better than i), as Chatbot Arena; return an int NumPy array.",
    ),
    returns="ndarray of int, shape (n_models,)",
    hints=(
        "If two models' intervals overlap, can you say which one is better?",
        "Compare every low[j] with every high[i] by broadcasting: low[None, :] > high[:, None] is True where j "
        "is surely better than i; count per row.",
        "low = np.asarray(low); high = np.asarray(high); return 1 + (low[None, :] > high[:, None]).sum(axis=1).",
    ),
    edges=(
        Edge("separated", "disjoint intervals: ranks 1, 2, 3", (a([1300.0, 1200.0, 1100.0]), a([1320.0, 1220.0,
                                                                                             1120.0]))),
        Edge("all-overlap", "every interval overlaps every other: everyone is rank 1",
             (a([1190.0, 1195.0, 1188.0]), a([1210.0, 1205.0, 1212.0]))),
        Edge("touching", "low[j] == high[i] is not 'surely better'", (a([1200.0, 1180.0]), a([1220.0, 1200.0]))),
        Edge("shared-rank", "two models tie for second behind a clear leader",
             (a([1300.0, 1200.0, 1195.0, 1000.0]), a([1310.0, 1230.0, 1225.0, 1050.0]))),
    ),
    random=Random(lambda rng: call(*_intervals(rng)), n=25),
    props=(
        Prop("equivariant", "reordering the models reorders the ranks; shifting every score changes nothing",
             _rank_props, _rank_equivariant),
    ),
    wrongs=(
        Wrong("point-estimates", "you ranked by the interval midpoints; a rank should only separate models "
              "whose intervals do not overlap", _rank_by_midpoint),
        Wrong("greater-or-equal", "you counted low[j] >= high[i]; touching intervals are not 'surely better' "
              "-- use a strict >", _rank_ge),
        Wrong("maybe-better", "you counted models that *might* be better (high[j] > low[i]); count the ones "
              "surely better (low[j] > high[i])", _rank_maybe_better),
    ),
)

# --- 10. paired standard error -----------------------------------------------------------------


def _paired_unpaired(scores_a, scores_b):
    sa, sb = np.asarray(scores_a, dtype=float), np.asarray(scores_b, dtype=float)
    se_a, se_b = sa.std(ddof=1) / np.sqrt(len(sa)), sb.std(ddof=1) / np.sqrt(len(sb))
    return float(np.sqrt(se_a**2 + se_b**2))


def _paired_difference_of_ses(scores_a, scores_b):
    sa, sb = np.asarray(scores_a, dtype=float), np.asarray(scores_b, dtype=float)
    return float(abs(sa.std(ddof=1) - sb.std(ddof=1)) / np.sqrt(len(sa)))


def _paired_population_sd(scores_a, scores_b):
    d = np.asarray(scores_a, dtype=float) - np.asarray(scores_b, dtype=float)
    return float(d.std() / np.sqrt(len(d)))


def _two_models_scores(rng):
    n = int(rng.integers(3, 80))
    a_ = rng.integers(0, 2, n).astype(float) if rng.random() < 0.7 else np.round(rng.random(n), 2)
    b_ = np.where(rng.random(n) < rng.uniform(0.5, 0.95), a_, rng.integers(0, 2, n).astype(float))
    return a_, b_


def _paired_props(rng):
    a_, b_ = _two_models_scores(rng)
    shift = np.round(rng.normal(size=len(a_)), 2)
    return [call(a_, b_), call(b_, a_), call(a_ + shift, b_ + shift)]


PAIRED_SE = Drill(
    id="paired-standard-error",
    title="Standard error of a paired score difference",
    function="paired_standard_error",
    signature="paired_standard_error(scores_a, scores_b) -> float",
    conventions=(
        "scores_a[i] and scores_b[i] are the two models' scores on question i (n >= 2).",
        "Return the standard error of mean(a - b): the standard deviation of the differences (ddof=1) over "
        "sqrt(n), as a float.",
    ),
    returns="float",
    hints=(
        "If a question is easy for both models, does it add to the uncertainty of their difference?",
        "Subtract first, question by question; then take the usual standard error of a mean: the sample "
        "standard deviation (ddof=1) over the square root of n.",
        "d = np.asarray(scores_a, dtype=float) - np.asarray(scores_b, dtype=float); return float(d.std(ddof=1) "
        "/ np.sqrt(len(d))).",
    ),
    edges=(
        Edge("same-model", "identical scores: the difference is exactly 0, SE = 0", (a([1.0, 0, 1, 1]),
                                                                                  a([1.0, 0, 1, 1]))),
        Edge("constant-gap", "A scores exactly 1 more on every question: no uncertainty", (a([1.0, 1, 1]),
                                                                                          a([0.0, 0, 0]))),
        Edge("correlated", "the models agree on most questions: the paired SE is small",
             (a([1.0, 1, 0, 1, 0, 1, 1, 0, 1, 1]), a([1.0, 1, 0, 1, 0, 0, 1, 0, 1, 1]))),
        Edge("two-questions", "n = 2", (a([1.0, 0.0]), a([0.0, 0.0]))),
    ),
    random=Random(lambda rng: call(*_two_models_scores(rng)), n=25),
    props=(
        Prop("pairing", "swapping the models, or adding the same amount to both models on a question, "
             "changes nothing", _paired_props, _same_outputs("the standard errors")),
    ),
    wrongs=(
        Wrong("unpaired", "you combined the two separate standard errors, sqrt(se_a**2 + se_b**2); that ignores "
              "the pairing -- the shared difficulty of each question cancels in a - b", _paired_unpaired),
        Wrong("difference-of-ses", "you subtracted the two standard deviations; the spread of a difference is "
              "the standard deviation of the per-question differences", _paired_difference_of_ses),
        Wrong("population-sd", "you used the population standard deviation (ddof=0); a standard error uses "
              "the sample standard deviation, ddof=1", _paired_population_sd),
    ),
)

# --- 11. clustered standard error --------------------------------------------------------------


def _cluster_sums(scores, clusters):
    s = np.asarray(scores, dtype=float)
    _, g = np.unique(clusters, return_inverse=True)
    return s, g.ravel()


def _cse_naive(scores, clusters):
    s = np.asarray(scores, dtype=float)
    return float(s.std(ddof=1) / np.sqrt(len(s)))


def _cse_square_then_sum(scores, clusters):
    s, g = _cluster_sums(scores, clusters)
    squares = np.bincount(g, weights=(s - s.mean()) ** 2)
    n_clusters = len(squares)
    return float(np.sqrt(n_clusters / (n_clusters - 1) * np.sum(squares)) / len(s))


def _cse_cluster_means(scores, clusters):
    s, g = _cluster_sums(scores, clusters)
    means = np.bincount(g, weights=s) / np.bincount(g)
    return float(means.std(ddof=1) / np.sqrt(len(means)))


def _cse_no_correction(scores, clusters):
    s, g = _cluster_sums(scores, clusters)
    sums = np.bincount(g, weights=s - s.mean())
    return float(np.sqrt(np.sum(sums**2)) / len(s))


def _clustered_case(rng):
    n_clusters = int(rng.integers(2, 15))
    sizes = rng.integers(1, 8, n_clusters)
    p = np.clip(rng.normal(0.6, 0.3, n_clusters), 0, 1)
    clusters = np.repeat(np.arange(n_clusters) * 7 + 3, sizes)
    scores = (rng.random(len(clusters)) < np.repeat(p, sizes)).astype(float)
    order = rng.permutation(len(scores))
    clusters = clusters[order]
    if rng.random() < 0.3:
        clusters = np.array([f"passage-{c}" for c in clusters])
    return scores[order], clusters


def _cluster_props(rng):
    scores, clusters = _clustered_case(rng)
    labels, g = np.unique(clusters, return_inverse=True)
    renamed = np.array([f"doc{i}" for i in rng.permutation(len(labels))])[g.ravel()]
    order = rng.permutation(len(scores))
    return [call(scores, clusters), call(scores, renamed), call(scores[order], clusters[order])]


CLUSTERED_SE = Drill(
    id="clustered-standard-error",
    title="Cluster-robust standard error of a benchmark score",
    function="clustered_standard_error",
    signature="clustered_standard_error(scores, clusters) -> float",
    conventions=(
        "clusters[i] is the passage (any label) of question i; there are G >= 2 distinct clusters.",
        "r = scores - mean(scores); S_g = the sum of r over cluster g; SE = sqrt(G / (G - 1) * sum_g S_g**2) / n "
        "(the CR1 correction, as statsmodels); return a float.",
    ),
    returns="float",
    hints=(
        "If all ten questions about one passage share the same misreading, is that ten pieces of evidence or one?",
        "Sum the residuals inside each cluster first, then square those sums (not the other way round); "
        "np.unique(..., return_inverse=True) and np.bincount with weights do the grouping.",
        "s = np.asarray(scores, dtype=float); _, g = np.unique(clusters, return_inverse=True); g = g.ravel(); "
        "sums = np.bincount(g, weights=s - s.mean()); G = len(sums); return float(np.sqrt(G / (G - 1) * "
        "np.sum(sums ** 2)) / len(s)).",
    ),
    edges=(
        Edge("one-per-cluster", "one question per passage: the plain standard error", (a([1.0, 0, 1, 1, 0]),
                                                                                       a([1, 2, 3, 4, 5]))),
        Edge("passages-all-or-nothing", "each passage all right or all wrong: far larger than the naive SE",
             (a([1.0, 1, 1, 0, 0, 0, 1, 1, 0, 0]), a([0, 0, 0, 1, 1, 1, 2, 2, 3, 3]))),
        Edge("unequal-sizes", "passages of 1, 2 and 5 questions",
             (a([1.0, 0, 1, 1, 1, 0, 1, 0]), a(["a", "b", "b", "c", "c", "c", "c", "c"]))),
        Edge("no-variation", "every score equal: SE = 0", (a([1.0, 1, 1, 1]), a([0, 0, 1, 1]))),
    ),
    random=Random(lambda rng: call(*_clustered_case(rng)), n=25),
    props=(
        Prop("labels-and-order", "renaming the clusters or shuffling the questions changes nothing",
             _cluster_props, _same_outputs("the standard errors")),
    ),
    wrongs=(
        Wrong("naive", "you ignored the clusters; questions on one passage are correlated, so the naive SE is "
              "too small", _cse_naive),
        Wrong("square-then-sum", "you squared the residuals before summing them per cluster: that is the naive "
              "variance again -- sum within the cluster first, then square", _cse_square_then_sum),
        Wrong("cluster-means", "you took the standard error of the cluster means; with clusters of unequal "
              "size that weighs a 1-question passage like a 20-question one", _cse_cluster_means),
        Wrong("no-correction", "you left out the small-sample factor G / (G - 1) (CR0); the drill, statsmodels "
              "and Stata use CR1", _cse_no_correction),
    ),
)

# --- 12. questions needed ---------------------------------------------------------------------


def _qn_no_power(gap, sd, z_alpha, z_power):
    return math.ceil((z_alpha * sd / abs(gap)) ** 2)


def _qn_not_squared(gap, sd, z_alpha, z_power):
    return math.ceil((z_alpha + z_power) * sd / abs(gap))


def _qn_floor(gap, sd, z_alpha, z_power):
    return int(((z_alpha + z_power) * sd / abs(gap)) ** 2)


def _qn_case(rng):
    gap = float(np.round(rng.uniform(0.005, 0.2), 3)) * float(rng.choice([1, 1, 1, -1]))
    sd = float(np.round(rng.uniform(0.1, 0.7), 2))
    z_alpha = float(rng.choice([1.645, 1.96, 2.576]))
    z_power = float(rng.choice([0.524, 0.842, 1.282]))
    return call(gap, sd, z_alpha, z_power)


def _qn_halving(rng):
    c = _qn_case(rng)
    gap, sd, z_alpha, z_power = c.args
    return [c, call(gap / 2, sd, z_alpha, z_power)]


def _quadruples(outs, calls):
    n, n_half = int(outs[0]), int(outs[1])
    if not 4 * n - 3 <= n_half <= 4 * n:
        return f"halving the gap took you from {n} to {n_half} questions; it should need about 4 times as many"
    return None


QUESTIONS = Drill(
    id="questions-needed",
    title="How many questions detect a gap?",
    function="questions_needed",
    signature="questions_needed(gap, sd, z_alpha, z_power) -> int",
    conventions=(
        "n = ceil(((z_alpha + z_power) * sd / abs(gap)) ** 2), where z_alpha is the two-sided critical value "
        "(1.96 for 5%) and z_power the quantile of the power (0.842 for 80%).",
        "sd is the standard deviation of the per-question differences; gap may be negative. Return a Python int.",
    ),
    returns="int",
    hints=(
        "If you want to detect a gap half as large, how many more questions do you need?",
        "The test detects the gap when |gap| > (z_alpha + z_power) * sd / sqrt(n); solve for n and round up "
        "(a fraction of a question is a whole question).",
        "return math.ceil(((z_alpha + z_power) * sd / abs(gap)) ** 2).",
    ),
    edges=(
        Edge("miller", "3 points with a difference SD of 0.45, 5% and 80% power", (0.03, 0.45, 1.96, 0.842)),
        Edge("exact", "the formula gives exactly 16: no rounding", (0.5, 1.0, 1.0, 1.0)),
        Edge("negative-gap", "B better than A: only the size of the gap matters", (-0.05, 0.5, 1.96, 0.842)),
        Edge("big-gap", "a gap as large as the SD needs very few questions", (0.6, 0.5, 1.96, 0.842)),
    ),
    random=Random(_qn_case, n=25),
    props=(
        Prop("halving", "halving the gap needs about four times the questions", _qn_halving, _quadruples),
    ),
    wrongs=(
        Wrong("no-power", "you left out z_power: that sizes the test for 50% power -- a real gap would be "
              "missed half the time", _qn_no_power),
        Wrong("not-squared", "you did not square: the standard error shrinks with sqrt(n), so n grows with the "
              "square of (z sd / gap)", _qn_not_squared),
        Wrong("rounded-down", "you truncated n; round up, or the test falls short of the power you asked for",
              _qn_floor),
    ),
)

DRILLS = [FLEISS, OBSERVED, CHANCE, COINCIDENCES, ALPHA_NOMINAL, ALPHA_INTERVAL, ELO, BRADLEY_TERRY, ARENA_RANK,
          PAIRED_SE, CLUSTERED_SE, QUESTIONS]


# --- the last hints, as code ---------------------------------------------------------------
# What a learner writes by following each drill's last hint word for word.

HINT_SOLUTIONS = {
    "fleiss-kappa": """
def fleiss_kappa(table):
    t = np.asarray(table, dtype=float)
    m = t[0].sum()
    p_i = ((t ** 2).sum(axis=1) - m) / (m * (m - 1))
    p_bar = p_i.mean()
    p_j = t.sum(axis=0) / t.sum()
    p_e = float((p_j ** 2).sum())
    if p_e == 1:
        return float('nan')
    return float((p_bar - p_e) / (1 - p_e))
""",
    "fleiss-observed-agreement": """
def observed_agreement(table):
    t = np.asarray(table, dtype=float)
    m = t[0].sum()
    p_i = (t * (t - 1)).sum(axis=1) / (m * (m - 1))
    return float(p_i.mean())
""",
    "fleiss-chance-agreement": """
def chance_agreement(table):
    t = np.asarray(table, dtype=float)
    p_j = t.sum(axis=0) / t.sum()
    return float((p_j ** 2).sum())
""",
    "krippendorff-coincidences": """
def coincidence_matrix(data, n_values):
    counts = np.array([[np.sum(col == v) for v in range(n_values)] for col in np.asarray(data, dtype=float).T], dtype=float)
    o = np.zeros((n_values, n_values))
    for n_u in counts:
        m_u = n_u.sum()
        if m_u >= 2:
            o += (np.outer(n_u, n_u) - np.diag(n_u)) / (m_u - 1)
    return o
""",
    "krippendorff-alpha-nominal": """
def krippendorff_alpha_nominal(data):
    d = np.asarray(data, dtype=float)
    values = np.unique(d[~np.isnan(d)])
    o = np.zeros((len(values), len(values)))
    for col in d.T:
        n_u = np.array([np.sum(col == v) for v in values], dtype=float)
        m_u = n_u.sum()
        if m_u >= 2:
            o += (np.outer(n_u, n_u) - np.diag(n_u)) / (m_u - 1)
    n_c = o.sum(axis=0)
    n = n_c.sum()
    return float(1 - (n - 1) * (n - np.trace(o)) / (n ** 2 - np.sum(n_c ** 2)))
""",
    "krippendorff-alpha-interval": """
def krippendorff_alpha_interval(data):
    d = np.asarray(data, dtype=float)
    values = np.unique(d[~np.isnan(d)])
    o = np.zeros((len(values), len(values)))
    for col in d.T:
        n_u = np.array([np.sum(col == v) for v in values], dtype=float)
        m_u = n_u.sum()
        if m_u >= 2:
            o += (np.outer(n_u, n_u) - np.diag(n_u)) / (m_u - 1)
    n_c = o.sum(axis=0)
    n = n_c.sum()
    delta = (values[:, None] - values[None, :]) ** 2
    return float(1 - (n - 1) * np.sum(o * delta) / (n_c @ delta @ n_c))
""",
    "elo-ratings": """
def elo_ratings(games, n_items, k, initial):
    r = np.full(n_items, float(initial))
    for winner, loser in games:
        expected = 1 / (1 + 10 ** ((r[loser] - r[winner]) / 400))
        delta = k * (1 - expected)
        r[winner] += delta
        r[loser] -= delta
    return r
""",
    "bradley-terry-mle": """
def bradley_terry(n_items, games):
    wins = np.zeros(n_items)
    n = np.zeros((n_items, n_items))
    for w, l in games:
        wins[w] += 1
        n[w, l] += 1
        n[l, w] += 1
    p = np.ones(n_items)
    for _ in range(100000):
        new = wins / (n / (p[:, None] + p[None, :])).sum(axis=1)
        new = new / new.sum()
        if np.abs(new - p).max() < 1e-14:
            break
        p = new
    theta = np.log(p)
    return theta - theta.mean()
""",
    "arena-rank": """
def arena_rank(low, high):
    low = np.asarray(low)
    high = np.asarray(high)
    return 1 + (low[None, :] > high[:, None]).sum(axis=1)
""",
    "paired-standard-error": """
def paired_standard_error(scores_a, scores_b):
    d = np.asarray(scores_a, dtype=float) - np.asarray(scores_b, dtype=float)
    return float(d.std(ddof=1) / np.sqrt(len(d)))
""",
    "clustered-standard-error": """
def clustered_standard_error(scores, clusters):
    s = np.asarray(scores, dtype=float)
    _, g = np.unique(clusters, return_inverse=True)
    g = g.ravel()
    sums = np.bincount(g, weights=s - s.mean())
    G = len(sums)
    return float(np.sqrt(G / (G - 1) * np.sum(sums ** 2)) / len(s))
""",
    "questions-needed": """
def questions_needed(gap, sd, z_alpha, z_power):
    return math.ceil(((z_alpha + z_power) * sd / abs(gap)) ** 2)
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
