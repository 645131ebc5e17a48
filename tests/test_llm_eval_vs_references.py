"""The LLM-evaluation metrics equal their references on seeded random inputs.

Fleiss' kappa against ``statsmodels.stats.inter_rater.fleiss_kappa``; Krippendorff's alpha
against the ``krippendorff`` package at every level of measurement, with missing ratings;
Bradley-Terry against ``choix`` (``ilsr_pairwise`` and ``mm_pairwise`` for the maximum
likelihood, ``opt_pairwise`` for the L2-penalised fit); the length-bias slope against
statsmodels' OLS; the n-gram overlap against a brute-force set of word tuples; the bootstrap
of Bradley-Terry against a loop of ``choix`` fits on the same resamples.
"""

import re
import warnings

import choix
import krippendorff
import numpy as np
import pytest
import statsmodels.api as sm
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from mlmetrics_edu import MetricInputError
from mlmetrics_edu.llm_eval import (
    bradley_terry,
    bradley_terry_bootstrap,
    fleiss_kappa,
    krippendorff_alpha,
    length_bias,
    ngram_overlap,
)


# --------------------------------------------------------------------------- Fleiss' kappa


def random_table(rng):
    n_subjects, n_categories, n_raters = rng.integers(1, 40), rng.integers(2, 6), rng.integers(2, 9)
    skew = rng.dirichlet(np.ones(n_categories) * rng.uniform(0.3, 3))
    labels = rng.choice(n_categories, size=(n_subjects, n_raters), p=skew)
    return np.stack([np.bincount(row, minlength=n_categories) for row in labels])


@pytest.mark.parametrize("seed", range(60))
def test_fleiss_kappa_equals_statsmodels(seed):
    table = random_table(np.random.default_rng(seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = sm_fleiss_kappa(table)
        ours = fleiss_kappa(table)
    if np.isnan(theirs):
        assert np.isnan(ours)
    else:
        assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-12)


# --------------------------------------------------------------------------- Krippendorff's alpha


def random_reliability(rng):
    n_raters, n_units = rng.integers(2, 7), rng.integers(2, 40)
    kind = rng.integers(0, 3)
    if kind == 0:  # Likert 1..5, raters agreeing around a true value
        truth = rng.integers(1, 6, n_units)
        data = np.clip(truth + rng.integers(-1, 2, (n_raters, n_units)) * (rng.random((n_raters, n_units)) < 0.4),
                       1, 5).astype(float)
    elif kind == 1:  # nominal codes, arbitrary integers
        data = rng.choice([3, 7, 11, 40], size=(n_raters, n_units)).astype(float)
    else:  # continuous scores
        data = np.round(rng.normal(3, 1, n_units) + rng.normal(0, 0.5, (n_raters, n_units)), 1) + 10
    data[rng.random(data.shape) < rng.uniform(0, 0.5)] = np.nan
    return data


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
@pytest.mark.parametrize("seed", range(40))
def test_krippendorff_alpha_equals_the_krippendorff_package(seed, level):
    data = random_reliability(np.random.default_rng(seed))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = krippendorff.alpha(data, level_of_measurement=level)
    except ValueError:
        with pytest.raises(MetricInputError):
            krippendorff_alpha(data, level_of_measurement=level)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = krippendorff_alpha(data, level_of_measurement=level)
    if np.isnan(theirs):
        assert np.isnan(ours)
    else:
        assert ours == pytest.approx(theirs, rel=1e-10, abs=1e-12)


# --------------------------------------------------------------------------- Bradley-Terry


def random_games(rng, n_items, n_games, spread=1.0):
    strength = rng.normal(scale=spread, size=n_items)
    pairs = rng.integers(0, n_items, (n_games, 2))
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    first_wins = rng.random(len(pairs)) < 1 / (1 + np.exp(strength[pairs[:, 1]] - strength[pairs[:, 0]]))
    return np.where(first_wins[:, None], pairs, pairs[:, ::-1])


def mle_exists_games(seed):
    rng = np.random.default_rng(seed)
    while True:
        n = int(rng.integers(2, 15))
        games = random_games(rng, n, int(rng.integers(10 * n, 40 * n)))
        try:
            bradley_terry(n, games)
            return n, games
        except MetricInputError:
            continue


@pytest.mark.parametrize("seed", range(30))
def test_bradley_terry_equals_choix_maximum_likelihood_to_1e_6(seed):
    n, games = mle_exists_games(seed)
    ours = bradley_terry(n, games)
    ilsr = choix.ilsr_pairwise(n, games.tolist(), max_iter=10_000, tol=1e-12)
    mm = choix.mm_pairwise(n, games.tolist(), max_iter=100_000, tol=1e-12)
    np.testing.assert_allclose(ours, ilsr, atol=1e-6)
    np.testing.assert_allclose(ours, mm - mm.mean(), atol=1e-6)
    assert abs(ours.mean()) < 1e-12


@pytest.mark.parametrize("alpha", [0.01, 0.3, 2.0])
@pytest.mark.parametrize("seed", range(10))
def test_penalised_bradley_terry_equals_choix_opt_pairwise(seed, alpha):
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(2, 10))
    games = random_games(rng, n, int(rng.integers(1, 8 * n)), spread=2.0)  # often no MLE
    games = games if len(games) else np.array([[0, 1]])
    theirs = choix.opt_pairwise(n, games.tolist(), alpha=alpha, tol=1e-12)
    np.testing.assert_allclose(bradley_terry(n, games, alpha=alpha), theirs, atol=1e-6)


@pytest.mark.parametrize("seed", range(3))
def test_bradley_terry_bootstrap_equals_a_loop_of_choix_fits_on_the_same_resamples(seed):
    n, games = mle_exists_games(200 + seed)
    games = np.concatenate([games, games])  # more games: fewer resamples without an MLE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = bradley_terry_bootstrap(n, games, n_resamples=40, seed=seed)
    idx = np.random.default_rng(seed).integers(0, len(games), (40, len(games)))
    fits = []
    for rows in idx:
        sample = games[rows]
        try:
            bradley_terry(n, sample)
        except MetricInputError:
            continue  # dropped by the bootstrap too
        fits.append(choix.ilsr_pairwise(n, sample.tolist(), max_iter=10_000, tol=1e-12))
    fits = np.array(fits)
    np.testing.assert_allclose(result.low, np.quantile(fits, 0.025, axis=0), atol=1e-6)
    np.testing.assert_allclose(result.high, np.quantile(fits, 0.975, axis=0), atol=1e-6)


# --------------------------------------------------------------------------- length bias slope


@pytest.mark.parametrize("seed", range(15))
def test_length_bias_slope_equals_statsmodels_ols(seed):
    rng = np.random.default_rng(300 + seed)
    n = int(rng.integers(5, 200))
    len_a, len_b = rng.integers(20, 800, n), rng.integers(20, 800, n)
    x = np.log(len_a / len_b)
    pref = np.where(rng.random(n) < 0.15, 0.5, (rng.random(n) < 1 / (1 + np.exp(-x))).astype(float))
    fit = sm.OLS(pref, sm.add_constant(x)).fit()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert length_bias(pref, len_a, len_b).slope == pytest.approx(fit.params[1], rel=1e-10, abs=1e-12)


# --------------------------------------------------------------------------- n-gram overlap


def brute_force_overlap(items, corpus, n):
    words = lambda text: re.findall(r"\w+", text.lower())  # noqa: E731
    grams = {}
    for doc in corpus:
        w = words(doc)
        for size in range(1, n + 1):
            grams.setdefault(size, set()).update(tuple(w[i:i + size]) for i in range(len(w) - size + 1))
    out = []
    for item in items:
        w = words(item)
        if not w:
            out.append(0.0)
            continue
        size = min(n, len(w))
        mine = [tuple(w[i:i + size]) for i in range(len(w) - size + 1)]
        out.append(np.mean([g in grams.get(size, set()) for g in mine]))
    return np.array(out)


VOCAB = "the a of model answer question paris france capital is what which following 1889 tower eiffel".split()


@pytest.mark.parametrize("seed", range(25))
def test_ngram_overlap_equals_a_brute_force_set_of_word_tuples(seed):
    rng = np.random.default_rng(400 + seed)
    vocab = list(rng.choice(VOCAB, size=int(rng.integers(2, len(VOCAB))), replace=False))
    text = lambda k: " ".join(rng.choice(vocab, size=k)) + rng.choice(["", "?", ". "])  # noqa: E731
    corpus = [text(int(rng.integers(0, 60))) for _ in range(int(rng.integers(1, 6)))]
    items = [text(int(rng.integers(0, 25))) for _ in range(int(rng.integers(1, 10)))]
    items += [corpus[0][: len(corpus[0]) // 2].upper()]  # a leaked, re-cased item
    n = int(rng.integers(1, 9))
    np.testing.assert_allclose(ngram_overlap(items, corpus, n=n), brute_force_overlap(items, corpus, n))
