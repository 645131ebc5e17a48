"""A Poisson bootstrap carried inside a mergeable state: intervals without resampling raw arrays."""

from __future__ import annotations

import inspect
import math
import warnings

import numpy as np

from .._validation import MetricInputError
from .._validation import check_int, check_seed

# Poisson(1) by inverse CDF on 16-bit uniforms: entry u is the k whose CDF interval holds (u + 1/2) / 2**16.
_POISSON_1 = np.searchsorted(np.cumsum([math.exp(-1) / math.factorial(k) for k in range(20)]) * 65536,
                             np.arange(65536) + 0.5).astype(np.float64)


def _takes_sample_weight(state):
    try:
        return "sample_weight" in inspect.signature(state.update).parameters
    except (TypeError, ValueError, AttributeError):
        return False


def _distinct_rows(columns):
    """``(inverse, distinct columns)`` when the rows repeat enough to be worth grouping, else None."""
    n = len(columns[0])
    code = np.zeros(n, dtype=np.int64)
    for col in columns:
        if col.dtype.kind not in "biufUS":
            return None
        values, inverse = np.unique(col, return_inverse=True)
        if values.size > n // 4 or code.max(initial=0) * values.size > 2**62:
            return None
        code = code * values.size + inverse
    keys, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    if keys.size > n // 4:
        return None
    return inverse, [col[first] for col in columns]


class PoissonBootstrapState:
    """A metric state plus ``n_resamples`` replicates of it, each row weighted by Poisson(1) per replicate.

    Parameters
    ----------
    state : state of :mod:`mlmetrics_edu.monitoring` (or any mergeable state whose ``update``
        takes ``sample_weight``)
        An empty template; the main state and every replicate are copies of it.
    n_resamples : int, default=200
        Number of bootstrap replicates ``B``.
    seed : int, optional
        Root of the random streams; ``None`` draws fresh entropy (intervals not reproducible).
    stream : tuple of int, default=()
        This producer's stream under ``seed``; :meth:`spawn` extends it. The engines give every
        partition its own stream.

    Returns
    -------
    compute() : what the wrapped state's ``compute()`` returns (on the unweighted data);
    replicate_values() : list of the same, one per replicate; interval() : ``(low, high)``.

    Notes
    -----
    **Formula**: each row ``i`` gets, for replicate ``b``, a weight ``w_i * k_ib`` with
    ``k_ib ~ Poisson(1)`` independent; replicate ``b`` is the state updated with those
    weights. Merging merges the main states and replicate ``b`` with replicate ``b``. The
    percentile interval is ``(q_{a/2}, q_{1-a/2})`` of the replicates' values, the basic one
    ``(2 v - q_{1-a/2}, 2 v - q_{a/2})``.

    **Intuition**: the classic bootstrap draws n rows with replacement, so row ``i`` appears
    ``Binomial(n, 1/n)`` times -- about ``Poisson(1)`` for large n. Drawing that count per row
    and per replicate, independently, needs no global view of the data, so it can happen
    inside each partition, and replicates add up like any other state.

    **Interview note**: this is how bootstrap intervals are computed at scale (Hanley &
    MacGibbon; Chamandy et al., "Estimating uncertainty for massive data streams", Google
    2012): the size of a replicate is random (mean n), which is negligible for large n.

    **Edge cases**: the counts are drawn by inverse CDF on 16-bit uniforms (probabilities
    exact to 2**-16, far below the Monte Carlo error of B replicates). Two states that drew
    from the same stream cannot be merged (their weights would be correlated): that raises
    and says to use :meth:`spawn`. A replicate whose value is undefined (nan, e.g. one class)
    is left out of the interval; fewer than half defined gives ``(nan, nan)``. Repeated rows
    are grouped before the replicates are updated, so rounded scores cost much less than B
    full updates.

    See Also
    --------
    mlmetrics_edu.significance.bootstrap_ci : the resampling bootstrap on arrays in memory.
    report_from_states : turns these states into a report with intervals.

    Examples
    --------
    >>> from mlmetrics_edu.monitoring import ConfusionMatrixState
    >>> s = PoissonBootstrapState(ConfusionMatrixState(), n_resamples=100, seed=0)
    >>> s = s.update([0, 1, 1, 0] * 50, [0, 1, 0, 0] * 50)
    >>> s.compute()["recall"]
    0.5
    >>> low, high = s.interval("recall")
    >>> bool(0.35 < low < 0.5 < high < 0.65)
    True
    """

    def __init__(self, state, n_resamples=200, seed=None, *, stream=()):
        for method in ("update", "merge", "compute", "copy"):
            if not callable(getattr(state, method, None)):
                raise MetricInputError(f"state must be a mergeable state (update, merge, compute, copy), "
                                       f"got {type(state).__name__}")
        if isinstance(state, PoissonBootstrapState):
            raise MetricInputError("state is already a PoissonBootstrapState")
        if not _takes_sample_weight(state):
            raise MetricInputError(f"state: {type(state).__name__}.update takes no sample_weight, so it "
                                   "cannot carry bootstrap weights")
        if getattr(state, "seen_any", False):
            raise MetricInputError("state must be empty (a template): the bootstrap weights must cover "
                                   "every row it summarises")
        self.n_resamples = check_int(n_resamples, "n_resamples", 1)
        if seed is None:
            seed = int(np.random.SeedSequence().entropy)
        self.seed = check_seed(seed)
        if not isinstance(stream, tuple) or not all(isinstance(k, int) and k >= 0 for k in stream):
            raise MetricInputError(f"stream must be a tuple of integers >= 0, got {stream!r}")
        self.stream = stream
        self._template = state.copy()
        self.reset()

    def reset(self):
        """Forget every row (in place); returns the state."""
        self.state = self._template.copy()
        self.replicates = [self._template.copy() for _ in range(self.n_resamples)]
        self.n_updates = 0
        self.streams = []  # the (seed, *stream) keys this state's weights were drawn from
        return self

    def spawn(self, key):
        """An empty copy drawing from its own stream ``stream + key`` (``key``: int or tuple of ints)."""
        key = (key,) if isinstance(key, int) else tuple(key)
        return PoissonBootstrapState(self._template, self.n_resamples, self.seed, stream=self.stream + key)

    def copy(self):
        """An independent copy (same stream: merge it with the original and it raises)."""
        new = PoissonBootstrapState(self._template, self.n_resamples, self.seed, stream=self.stream)
        new.state, new.replicates = self.state.copy(), [r.copy() for r in self.replicates]
        new.n_updates, new.streams = self.n_updates, list(self.streams)
        return new

    @property
    def n_samples(self):
        return self.state.n_samples

    @property
    def seen_any(self):
        return getattr(self.state, "seen_any", self.n_updates > 0)

    def update(self, *columns, sample_weight=None):
        """Add one chunk: the columns the wrapped state's ``update`` takes, and optional weights."""
        self.state.update(*columns, sample_weight=sample_weight)  # validates the chunk
        arrays = [np.asarray(c) for c in columns]
        n = len(arrays[0])
        if n == 0:
            return self
        weight = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        # spawn_key, not a longer entropy list: SeedSequence([s, 0, 3]) == SeedSequence([s, 0, 3, 0])
        rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(*self.stream, self.n_updates)))
        key = [self.seed, *self.stream]
        if key not in self.streams:
            self.streams.append(key)
        self.n_updates += 1
        grouped = _distinct_rows(arrays)
        for replicate in self.replicates:
            counts = _POISSON_1[np.frombuffer(rng.bytes(2 * n), dtype=np.uint16)]
            counts *= weight
            if grouped is None:
                replicate.update(*arrays, sample_weight=counts)
            else:
                inverse, distinct = grouped
                replicate.update(*distinct, sample_weight=np.bincount(inverse, counts, len(distinct[0])))
        return self

    def merge(self, other):
        """A new state: main states merged, replicate b with replicate b; inputs unchanged."""
        if not isinstance(other, PoissonBootstrapState) or other.n_resamples != self.n_resamples:
            raise MetricInputError("other must be a PoissonBootstrapState with the same n_resamples, got "
                                   f"{type(other).__name__}")
        shared = [k for k in self.streams if k in other.streams]
        if shared:
            raise MetricInputError(f"both states drew their Poisson weights from stream {shared[0]}: their "
                                   "replicates would be correlated. Give each producer its own stream "
                                   "(template.spawn(i), or stream=(i,))")
        new = PoissonBootstrapState(self._template, self.n_resamples, self.seed, stream=self.stream)
        new.state = self.state.merge(other.state)
        new.replicates = [a.merge(b) for a, b in zip(self.replicates, other.replicates)]
        new.n_updates = self.n_updates + other.n_updates
        new.streams = self.streams + other.streams
        return new

    def __add__(self, other):
        return self.merge(other)

    def compute(self, **kwargs):
        """The wrapped state's ``compute(**kwargs)`` on the data as it is (weights 1)."""
        return self.state.compute(**kwargs)

    def replicate_values(self, **kwargs):
        """``compute(**kwargs)`` of every replicate (warnings of undefined replicates silenced)."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return [r.compute(**kwargs) for r in self.replicates]

    def interval(self, key=None, *, confidence=0.95, method="percentile", **kwargs):
        """``(low, high)`` of the value (``compute()[key]`` when it is a dict)."""
        value, reps = self.compute(**kwargs), self.replicate_values(**kwargs)
        if key is not None:
            value, reps = value[key], [r[key] for r in reps]
        return bootstrap_interval(float(value), np.asarray(reps, dtype=float), confidence, method)

    def to_dict(self):
        """A JSON-able dict; :meth:`from_dict` rebuilds the state."""
        return {"kind": "PoissonBootstrapState", "n_resamples": self.n_resamples, "seed": self.seed,
                "stream": list(self.stream), "n_updates": self.n_updates, "streams": self.streams,
                "template": self._template.to_dict(), "state": self.state.to_dict(),
                "replicates": [r.to_dict() for r in self.replicates]}

    @classmethod
    def from_dict(cls, data):
        """Rebuild from :meth:`to_dict`'s output."""
        from ..monitoring import state_from_dict

        if not isinstance(data, dict) or data.get("kind") != "PoissonBootstrapState":
            raise MetricInputError("data is not a serialised PoissonBootstrapState")
        new = cls(state_from_dict(data["template"]), data["n_resamples"], data["seed"],
                  stream=tuple(data["stream"]))
        new.state = state_from_dict(data["state"])
        new.replicates = [state_from_dict(r) for r in data["replicates"]]
        new.n_updates, new.streams = data["n_updates"], [list(k) for k in data["streams"]]
        return new

    def __repr__(self):
        return f"PoissonBootstrapState({self.state!r}, n_resamples={self.n_resamples})"


def bootstrap_interval(value, replicates, confidence=0.95, method="percentile"):
    """Percentile or basic bootstrap interval from replicate values.

    Parameters
    ----------
    value : float
        The estimate on the data as it is.
    replicates : ndarray
        The estimate on each replicate; ``nan`` ones (undefined) are left out.
    confidence : float in (0, 1), default=0.95
    method : {"percentile", "basic"}

    Returns
    -------
    (low, high) : tuple of float
        ``(nan, nan)`` when fewer than half the replicates (or fewer than 2) are defined.

    Notes
    -----
    **Formula**: percentile ``(q_{a/2}, q_{1-a/2})``; basic ``(2 v - q_{1-a/2}, 2 v - q_{a/2})``.

    **Intuition**: the replicates' spread stands for what another sample would give.

    **Interview note**: the percentile interval need not contain the estimate (a biased
    metric such as ECE); the basic one reflects that bias around the estimate.

    **Edge cases**: see Returns.

    See Also
    --------
    PoissonBootstrapState.interval : reads the replicates of a state.

    Examples
    --------
    >>> bootstrap_interval(0.5, np.array([0.4, 0.45, 0.5, 0.55, 0.6]), 0.5)
    (0.45, 0.55)
    """
    ok = replicates[np.isfinite(replicates)]
    if ok.size < max(2, replicates.size / 2) or not math.isfinite(value):
        return float("nan"), float("nan")
    alpha = 1 - confidence
    low, high = np.quantile(ok, [alpha / 2, 1 - alpha / 2])
    if method == "basic":
        low, high = 2 * value - high, 2 * value - low
    return float(low), float(high)
