"""A Poisson bootstrap carried inside a mergeable state: intervals without resampling raw arrays."""

from __future__ import annotations

import inspect
import math
import warnings

import numpy as np

from .._validation import SEED_MAX, MetricInputError
from .._validation import check_int, check_seed, check_serialised, warn_undefined

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


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _fresh_seed():
    """A fresh seed in [0, 2**64 - 1] (``SEED_MAX``) from OS entropy: small enough to be
    recorded in a report and passed back as ``seed=``."""
    low, high = np.random.SeedSequence().generate_state(2, np.uint32)
    return int(high) << 32 | int(low)


def _key_from_dict(value, field, *, allow_empty):
    """A stream key ``[seed, *stream]`` (or a ``stream``) from JSON: a list of whole numbers >= 0."""
    if not isinstance(value, list) or not all(_is_count(k) for k in value) or not (value or allow_empty):
        rule = "a list of whole numbers >= 0" if allow_empty else "a non-empty list of whole numbers >= 0"
        raise MetricInputError(f"data field {field} must be {rule}, got {value!r:.80}")
    if not allow_empty and value[0] > SEED_MAX:
        raise MetricInputError(f"data field {field} must start with a seed in [0, 2**64 - 1], got {value[0]}")
    return tuple(value)


def _settings(state):
    """A loaded state's kind and settings: the entries of its ``to_dict()`` that are not arrays."""
    return {k: v for k, v in state.to_dict().items() if not isinstance(v, dict)}


def _check_like(state, settings, field):
    got = _settings(state)
    if got != settings:
        raise MetricInputError(f"data field {field} is a {got.get('kind')} with settings {got!r:.120}, but "
                               f"the template is {settings!r:.120}: the state and its replicates are copies "
                               "of the template")


class PoissonBootstrapState:
    """A metric state plus ``n_resamples`` replicates of it, each row weighted by Poisson(1) per replicate.

    Parameters
    ----------
    state : state of :mod:`mlmetrics_edu.monitoring` (or any mergeable state whose ``update``
        takes ``sample_weight``)
        An empty template; the main state and every replicate are copies of it.
    n_resamples : int, default=200
        Number of bootstrap replicates ``B``.
    seed : int in [0, 2**64 - 1], optional
        Root of the random streams; ``None`` draws a fresh 64-bit seed (kept in ``self.seed``
        and in :meth:`to_dict`, so a report records it and can be reproduced).
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
    full updates. ``seed=None`` draws a 64-bit seed, so every seed -- given or drawn -- fits
    [0, 2**64 - 1]; a larger one raises. :meth:`from_dict` checks every field when the state
    is loaded (see there): a corrupted file raises then, not at ``compute()``.

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
        self.seed = _fresh_seed() if seed is None else check_seed(seed, "seed", maximum=SEED_MAX)
        if not isinstance(stream, tuple) or not all(_is_count(k) for k in stream):
            raise MetricInputError(f"stream must be a tuple of integers >= 0, got {stream!r:.80}")
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
        """A new state: main states merged, replicate b with replicate b; inputs unchanged.

        The result keeps drawing from ``self``'s seed and stream -- from ``other``'s when ``self``
        has drawn nothing (an empty start), so the seed it records is one its weights came from.
        """
        if not isinstance(other, PoissonBootstrapState) or other.n_resamples != self.n_resamples:
            raise MetricInputError("other must be a PoissonBootstrapState with the same n_resamples, got "
                                   f"{type(other).__name__}")
        shared = [k for k in self.streams if k in other.streams]
        if shared:
            raise MetricInputError(f"both states drew their Poisson weights from stream {shared[0]}: their "
                                   "replicates would be correlated. Give each producer its own stream "
                                   "(template.spawn(i), or stream=(i,))")
        base = self if self.streams or not other.streams else other
        new = PoissonBootstrapState(self._template, self.n_resamples, base.seed, stream=base.stream)
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

    _SERIALISED = ("n_resamples", "seed", "stream", "n_updates", "streams", "template", "state", "replicates")

    @classmethod
    def from_dict(cls, data):
        """Rebuild from :meth:`to_dict`'s output, validated field by field when it is loaded.

        Every corruption raises one ``MetricInputError`` naming the field, here rather than at
        ``compute()`` or at the next merge: data that is not a dict or of another kind, a missing
        field, ``n_resamples``/``n_updates`` not a whole number (>= 1, >= 0), a seed outside
        [0, 2**64 - 1], ``stream`` not a list of whole numbers >= 0, ``streams`` not a list of
        distinct such lists (each starting with a seed), more streams than updates (or updates
        with none), streams without the state's own ``[seed, *stream]``, a template, state or
        replicate that ``state_from_dict`` refuses, a template that is not empty, a state or
        replicate of another kind or settings than the template, not ``n_resamples``
        replicates, a state holding rows with ``n_updates = 0``.
        """
        from ..monitoring import state_from_dict

        check_serialised(data, "PoissonBootstrapState", cls._SERIALISED)
        n_resamples = check_int(data["n_resamples"], "data field n_resamples", 1)
        seed = check_seed(data["seed"], "data field seed", allow_none=False, maximum=SEED_MAX)
        stream = _key_from_dict(data["stream"], "stream", allow_empty=True)
        n_updates = check_int(data["n_updates"], "data field n_updates", 0)
        streams = data["streams"]
        if not isinstance(streams, list):
            raise MetricInputError(f"data field streams must be a list of streams (lists of whole numbers "
                                   f">= 0), got {streams!r:.80}")
        streams = [list(_key_from_dict(k, f"streams[{i}]", allow_empty=False)) for i, k in enumerate(streams)]
        if len({tuple(k) for k in streams}) != len(streams):
            raise MetricInputError("data field streams lists a stream twice: a state's weights come from "
                                   "each stream once (merging two states that share one is refused)")
        if len(streams) > n_updates or (n_updates > 0) != bool(streams):
            raise MetricInputError(f"data fields n_updates ({n_updates}) and streams ({len(streams)} "
                                   "stream(s)) disagree: every update draws from one stream, so there are "
                                   "at most as many streams as updates, and none without an update")
        if streams and [seed, *stream] not in streams:
            raise MetricInputError(f"data field streams lacks the state's own stream {[seed, *stream]} "
                                   f"(seed, then stream), got {streams!r:.80}: a state that has drawn "
                                   "weights drew them from its own stream")

        def load(value, field):
            try:
                return state_from_dict(value)
            except MetricInputError as exc:
                raise MetricInputError(f"data field {field}: {exc}") from None

        template = load(data["template"], "template")
        try:
            new = cls(template, n_resamples, seed, stream=stream)
        except MetricInputError as exc:
            raise MetricInputError(f"data field template: {exc}") from None
        settings = _settings(template)
        new.state = load(data["state"], "state")
        _check_like(new.state, settings, "state")
        replicates = data["replicates"]
        if not isinstance(replicates, list) or len(replicates) != n_resamples:
            got = f"{len(replicates)} replicates" if isinstance(replicates, list) else f"{replicates!r:.80}"
            raise MetricInputError(f"data field replicates must be a list of n_resamples={n_resamples} "
                                   f"serialised states, got {got}")
        new.replicates = [load(r, f"replicates[{i}]") for i, r in enumerate(replicates)]
        for i, r in enumerate(new.replicates):
            _check_like(r, settings, f"replicates[{i}]")
        if n_updates == 0 and new.state.seen_any:
            raise MetricInputError("data field state holds rows but n_updates is 0: its replicates' "
                                   "weights were never drawn")
        new.n_updates, new.streams = n_updates, streams
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
        why = (f"the estimate is {value}" if not math.isfinite(value) else
               f"only {ok.size} of {replicates.size} replicates are defined (at least half, and 2, are needed)")
        warn_undefined(f"the bootstrap interval is undefined: {why}; returning (nan, nan).")
        return float("nan"), float("nan")
    alpha = 1 - confidence
    low, high = np.quantile(ok, [alpha / 2, 1 - alpha / 2])
    if method == "basic":
        low, high = 2 * value - high, 2 * value - low
    return float(low), float(high)
