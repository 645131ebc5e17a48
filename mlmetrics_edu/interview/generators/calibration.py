"""Generators for calibration questions: reliability tables, probabilities, temperatures.

Answers come from :mod:`mlmetrics_edu.calibration`: a reliability table is turned back into
samples (every sample of a bin carries the bin's mean confidence, and the stated number of
them are correct) so that ``expected_calibration_error`` sees exactly the table the learner
reads. The classic wrong values (the unweighted mean of the gaps, the global gap, log loss in
base 10, the logits multiplied by T, ...) are returned for traps.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ... import calibration as cal
from . import Redraw, generator


@generator("reliability_table")
def reliability_table(rng):
    """Five confidence bins (10 equal-width bins on [0, 1]) with counts, mean confidence, hits."""
    bins = np.sort(rng.choice(np.arange(5, 10), size=5, replace=False))   # (0.5, 0.6] ... (0.9, 1]
    rows, y, p = [], [], []
    gaps, weights, hits_all, conf_sum = [], [], 0, 0.0
    for k in bins:
        n_k = int(rng.integers(2, 21)) * 10
        confidence = (k + int(rng.integers(2, 9)) / 10) / 10                # strictly inside the bin
        confidence = round(confidence, 2)
        gap = int(rng.integers(-5, 26)) / 100                                # mostly overconfident
        accuracy = min(max(confidence - gap, 0.05), 1.0)
        hits = int(round(accuracy * n_k))
        rows.append(f"({k / 10:.1f}, {(k + 1) / 10:.1f}]   n = {n_k:>3}   mean confidence "
                    f"{confidence:.2f}   correct {hits:>3} ({hits / n_k:.3f})")
        y += [1] * hits + [0] * (n_k - hits)
        p += [confidence] * n_k
        gaps.append(abs(hits / n_k - confidence))
        weights.append(n_k)
        hits_all += hits
        conf_sum += confidence * n_k
    y, p = np.array(y), np.array(p)
    n = int(sum(weights))
    return {
        "table": "\n".join(rows), "n": n,
        "ece": cal.expected_calibration_error(y, p, n_bins=10),
        "mce": cal.maximum_calibration_error(y, p, n_bins=10),
        "ece_unweighted": float(np.mean(gaps)),
        "global_gap": float(abs(conf_sum / n - hits_all / n)),
        "signed_gap": float(np.mean(y - p)),
        "mean_confidence": float(conf_sum / n), "accuracy": hits_all / n,
    }


@generator("probability_sample")
def probability_sample(rng):
    """Six to eight probabilities of the positive class and the labels: Brier and log loss."""
    n = int(rng.integers(6, 9))
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]                                                        # both classes present
    rng.shuffle(y)
    p = np.where(y == 1, rng.integers(3, 20, n), rng.integers(1, 15, n)) / 20   # 0.05 .. 0.95
    p_true = np.where(y == 1, p, 1 - p)                                    # probability of what happened
    return {
        "pairs": ", ".join(f"({pi:.2f}, {yi})" for pi, yi in zip(p, y)), "n": n,
        "brier": cal.brier_score_loss(y, p),
        "log_loss": cal.log_loss(y, p),
        "brier_terms": " + ".join(f"({pi:.2f} - {yi})^2" for pi, yi in zip(p, y)),
        "log_terms": " + ".join(f"ln {q:.2f}" for q in p_true),
        # traps
        "brier_abs": float(np.mean(np.abs(p - y))),
        "brier_rmse": float(np.sqrt(np.mean((p - y) ** 2))),
        "log_loss_base10": float(-np.mean(np.log10(p_true))),
        "log_loss_ignores_label": float(-np.mean(np.log(p))),
    }


@generator("confident_mistake")
def confident_mistake(rng):
    """One confident wrong forecast: its log loss and Brier contributions."""
    p = int(rng.integers(800, 1000)) / 1000                 # 0.800 .. 0.999
    confident_right = float(rng.choice([0.6, 0.7, 0.8, 0.9]))
    label = str(rng.choice(["pedestrian", "cyclist", "stop sign", "truck", "dog", "traffic light"]))
    return {
        "p": p, "p_pct": 100 * p, "right_p": confident_right, "label": label,
        "log_loss": cal.log_loss([0], [p], labels=[0, 1]),
        "brier": cal.brier_score_loss([0], [p]),
        "log_loss_right": cal.log_loss([1], [confident_right], labels=[0, 1]),
        "ratio": cal.log_loss([0], [p], labels=[0, 1]) / cal.log_loss([1], [confident_right], labels=[0, 1]),
        # traps
        "log_loss_of_p": -math.log(p),
        "log_loss_base10": -math.log10(1 - p),
    }


@generator("brier_table")
def brier_table(rng):
    """A forecaster that only ever says one of three numbers: Murphy's decomposition terms."""
    forecasts = np.sort(rng.choice(np.arange(1, 10) / 10, size=3, replace=False))
    y, p, rows, gaps = [], [], [], []
    for f in forecasts:
        n_k = int(rng.integers(2, 11)) * 10
        observed = min(max(f + int(rng.integers(-15, 16)) / 100, 0.0), 1.0)   # off by up to 0.15
        hits = int(round(observed * n_k))
        gaps.append((f - hits / n_k) ** 2)
        rows.append(f"says {f:.1f}: {n_k:>3} days, rain on {hits:>3}")
        y += [1] * hits + [0] * (n_k - hits)
        p += [f] * n_k
    y, p = np.array(y), np.array(p)
    d = cal.brier_decomposition(y, p)
    if d.reliability < 0.002:
        raise Redraw("a forecaster this well calibrated makes the reliability term vanish")
    return {
        "table": "\n".join(rows), "n": int(y.size), "base_rate": float(y.mean()),
        "brier": d.brier, "reliability": d.reliability, "resolution": d.resolution,
        "uncertainty": d.uncertainty,
        "brier_plus": d.reliability + d.resolution + d.uncertainty,     # trap: resolution added
        "reliability_unweighted": float(np.mean(gaps)),                 # trap: n_k / N left out
    }


@generator("temperature_probability")
def temperature_probability(rng):
    """Three logits and a temperature: the top class's probability before and after scaling."""
    z = np.sort(np.round(rng.uniform(-1, 5, 3), 1))[::-1]
    while z[0] == z[1]:
        z = np.sort(np.round(rng.uniform(-1, 5, 3), 1))[::-1]
    temperature = float(rng.choice([0.5, 1.5, 2.0, 2.5, 3.0, 4.0]))
    scaler = cal.TemperatureScaling()                  # a fitted scaler with a known temperature
    scaler.temperature_, scaler.binary_, scaler.n_classes_ = temperature, False, 3
    scaled = scaler.transform(z[None, :])[0]
    raw = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    multiplied = np.exp(temperature * (z - z.max())) / np.exp(temperature * (z - z.max())).sum()
    return {
        "z1": float(z[0]), "z2": float(z[1]), "z3": float(z[2]), "temperature": temperature,
        "p_scaled": float(scaled[0]), "p_raw": float(raw[0]), "p_multiplied": float(multiplied[0]),
        "s1": float(z[0] / temperature), "s2": float(z[1] / temperature), "s3": float(z[2] / temperature),
    }


@generator("platt_probability")
def platt_probability(rng):
    """A Platt-scaled score: sigmoid(a * s + b) for a fitted slope and intercept."""
    a = float(rng.choice([0.5, 0.8, 1.2, 1.5, 2.0, 3.0]))
    b = float(rng.choice([-3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.5]))
    s = float(np.round(rng.uniform(-2, 4), 1))
    scaler = cal.PlattScaling()
    scaler.a_, scaler.b_ = a, b
    p = float(scaler.transform([s])[0])
    return {"a": a, "b": b, "s": s, "z": a * s + b, "minus_z": -(a * s + b), "p": p,
            "s_shown": f"({s:g})" if s < 0 else f"{s:g}", "b_signed": f"{'+' if b >= 0 else '−'} {abs(b):g}",
            "p_sign_flipped": 1 - p,                    # scikit-learn's 1 / (1 + exp(A s + B)) misread
            "p_raw_sigmoid": 1 / (1 + math.exp(-s))}


# ---------------------------------------------------------------------------- explorer tasks
# Notebook 04 shows CalibrationExplorer(signs.y_true, logits=signs.logits) on the scenario
# datasets.overconfident_classifier(seed=0), with the explorer's defaults (holdout=0.5, seed=0),
# and asks this task of it; the notebook then sets the controls and asserts that the explorer
# agrees with the answer drawn here.

EXPLORER_TEMPERATURES = 10 ** (np.arange(0, 101) / 100)   # the slider's grid from T = 1 up (log10 step 0.01)


def _explorer_split(n, holdout=0.5, seed=0):
    """The evaluation rows of CalibrationExplorer(..., holdout, seed): the part it scores."""
    split = np.random.default_rng(seed).permutation(n)
    return np.sort(split[int(round(holdout * n)):])


@lru_cache(maxsize=None)
def _sign_ece_curve(n_bins):
    """Top-label ECE of the traffic-sign model's evaluation part at every slider temperature >= 1."""
    from ... import datasets

    signs = datasets.overconfident_classifier(seed=0)
    rows = _explorer_split(signs.y_true.size)
    logits, labels = signs.logits[rows], signs.y_true[rows]
    return np.array([cal.expected_calibration_error(labels, cal._softmax(logits / t), n_bins=n_bins)
                     for t in EXPLORER_TEMPERATURES])


@generator("temperature_spec_task")
def temperature_spec_task(rng):
    """An ECE spec for the traffic-sign model: the smallest slider temperature that meets it."""
    n_bins = int(rng.choice([10, 15, 20]))
    ece = _sign_ece_curve(n_bins)
    target = round(float(rng.uniform(0.06, 0.24)), 3)
    first = int(np.argmax(ece <= target))                      # the first slider step at or below it
    lowest = int(np.argmin(ece))
    return {
        "n_bins": n_bins, "target": target,
        "ece_t1": float(ece[0]),
        "temperature": float(EXPLORER_TEMPERATURES[first]), "ece_at": float(ece[first]),
        "temperature_before": float(EXPLORER_TEMPERATURES[first - 1]), "ece_before": float(ece[first - 1]),
        "t_lowest": float(EXPLORER_TEMPERATURES[lowest]), "ece_lowest": float(ece[lowest]),
    }
