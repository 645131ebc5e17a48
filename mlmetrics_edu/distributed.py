"""Map-reduce evaluation with the mergeable states of :mod:`mlmetrics_edu.monitoring`.

The pattern is engine-independent:

1. **map** -- each partition (a pandas DataFrame, a dict of columns, or a list of records)
   becomes ``{group: {name: state}}``: updated copies of template states, one set per slice;
2. **reduce** -- such results are merged name by name (:func:`merge_states`). Merging is
   associative, so the engine may merge in any tree shape and order;
3. **finish** -- an :class:`Evaluation` (a dict of the merged states, their groups and the
   ``pos_label``); ``.compute()`` gives the metrics, on the driver, once.

:class:`EvaluationPlan` holds the three steps for any engine; :func:`evaluate_dask` runs
them on Dask (optional extra ``[distributed]``) and :func:`mlmetrics_edu.spark.evaluate_spark`
on Spark (extra ``[spark]``). Neither engine is imported by ``import mlmetrics_edu``.
"""

from __future__ import annotations

import inspect
import numbers
from collections.abc import Mapping

import numpy as np

from . import monitoring
from ._validation import MetricInputError, check_option, check_seed
from .monitoring import (
    BinnedRocAucState,
    CalibrationState,
    ConfusionMatrixState,
    RegressionState,
    RocAucState,
)

__all__ = ["Evaluation", "EvaluationPlan", "bind", "evaluate_dask", "evaluate_partition", "merge_states"]

# which prediction column each kind of state reads, besides y_true
_SECOND_INPUT = {ConfusionMatrixState: "y_pred", RegressionState: "y_pred", RocAucState: "y_score",
                 BinnedRocAucState: "y_score", CalibrationState: "y_score"}
if hasattr(monitoring, "DelayedLabelState"):  # labels that arrive late: y_true may hold nulls
    _SECOND_INPUT[monitoring.DelayedLabelState] = "y_score"
_INHERIT = "the engine's sample_weight"


class _Bound:
    """A state, the columns its ``update`` reads (in order) and its weight column (made by :func:`bind`)."""

    __slots__ = ("state", "columns", "sample_weight")

    def __init__(self, state, columns, sample_weight):
        self.state, self.columns, self.sample_weight = state, columns, sample_weight

    def __repr__(self):
        return f"bind({self.state!r}, {', '.join(map(repr, self.columns))})"


def bind(state, *columns, sample_weight=_INHERIT):
    """Tie a state to the columns it reads, in the order of its ``update`` arguments.

    Parameters
    ----------
    state : state
        Any mergeable state (``update``, ``merge``, ``compute``, ``copy``): those of
        :mod:`mlmetrics_edu.monitoring`, e.g. a drift state reading one feature.
    *columns : str (or int for a 2-D Dask Array)
        Column names, in the order ``state.update`` takes them.
    sample_weight : str or None, optional
        Weight column of this state; default: the engine's ``sample_weight`` when the state
        accepts weights; ``None``: unweighted (e.g. ``QuantileSketchState``, which counts values).

    Returns
    -------
    bound : object accepted as a value of ``states`` by every engine

    Notes
    -----
    **Formula**: the engine calls ``state.update(partition[c1], partition[c2], ...,
    sample_weight=partition[w])`` (the weight only when there is one).

    **Intuition**: one pass can feed many states from different columns -- the classifier's
    decisions, a regression head's forecast, and every feature's drift.

    **Interview note**: computing everything in the same pass is what makes monitoring
    cheap: reading the data is the cost, summarising it is nearly free.

    **Edge cases**: an unbound state reads ``y_true`` and ``y_pred`` (confusion matrix,
    regression) or ``y_true`` and ``y_score`` (AUC, calibration); any other state must be
    bound. No column raises.

    See Also
    --------
    evaluate_dask : the engine that reads the bindings.

    Examples
    --------
    >>> plan = EvaluationPlan({"reg": bind(RegressionState(), "target", "forecast"),
    ...                        "age": bind(monitoring.HistogramDriftState([30, 50], [40, 40, 20]), "age")})
    >>> plan.columns
    ['target', 'forecast', 'age']
    """
    if not _is_state(state):
        raise MetricInputError(f"state must be a metric state (update, merge, compute, copy) of "
                               f"mlmetrics_edu.monitoring, got {type(state).__name__}")
    if not columns:
        raise MetricInputError("bind needs the column(s) the state reads, e.g. bind(state, 'age')")
    for c in columns + (() if sample_weight in (None, _INHERIT) else (sample_weight,)):
        if not isinstance(c, (str, numbers.Integral)) or isinstance(c, bool):
            raise MetricInputError(f"columns must be names (str) or positions (int), got {c!r}")
    return _Bound(state, tuple(columns), sample_weight)


_DASK_SCHEDULERS = ("distributed", "multiprocessing", "processes", "single-threaded", "sync", "synchronous",
                    "threading", "threads")


def _is_state(obj):
    return all(callable(getattr(obj, m, None)) for m in ("update", "merge", "compute", "copy"))


def _accepts_weights(state, n_columns):
    """True when ``update`` takes ``sample_weight`` and does not refuse it (probed on an empty chunk)."""
    if not _takes(state.update, "sample_weight"):
        return False
    try:
        state.copy().update(*[np.zeros(0)] * n_columns, sample_weight=np.zeros(0))
    except (MetricInputError, TypeError, ValueError):
        return False
    return True


def _takes(fn, name):
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params


def _compute_options(state, pos_label):
    """``{"pos_label": ...}`` for a state whose ``compute`` takes it (wrapped states: the inner one)."""
    inner = getattr(state, "state", state)
    return {"pos_label": pos_label} if pos_label is not None and _takes(inner.compute, "pos_label") else {}


def _with_pos_label(state, pos_label, name):
    """The template with ``pos_label`` set when it has the setting and left it unset."""
    current = getattr(state, "pos_label", "absent")
    if pos_label is None or current == "absent" or current == pos_label:
        return state
    if current is not None:
        raise MetricInputError(f"states[{name!r}] has pos_label={current!r} but pos_label={pos_label!r} "
                               "was passed; give one of them")
    state = state.copy()
    state.pos_label = pos_label
    return state


def _default_states(columns, y_pred, y_score):
    """The classification states the columns allow; the AUC binned, so memory stays fixed."""
    out = {}
    if y_pred in columns:
        out["confusion"] = ConfusionMatrixState()
    if y_score in columns:
        out["roc_auc"] = BinnedRocAucState(n_bins=1000)
        out["calibration"] = CalibrationState(n_bins=10)
    if not out:
        raise MetricInputError(f"states is None and neither y_pred={y_pred!r} nor y_score={y_score!r} is a "
                               f"column (columns are {list(columns)}); name the columns or pass states")
    return out


def _column(partition, name, role):
    """Column ``name`` of a partition: DataFrame-like, dict of columns, or list of records."""
    if hasattr(partition, "columns") and hasattr(partition, "__getitem__"):  # pandas-like frame
        if name not in partition.columns:
            raise MetricInputError(f"{role}={name!r} is not a column; columns are {list(partition.columns)}")
        return np.asarray(partition[name].to_numpy())
    if isinstance(partition, Mapping):  # a dict of columns
        if name not in partition:
            raise MetricInputError(f"{role}={name!r} is not a key; keys are {list(partition)}")
        return np.asarray(partition[name])
    records = [r.asDict() if hasattr(r, "asDict") else r for r in partition]  # Spark Rows too
    try:
        return np.asarray([r[name] for r in records])
    except (KeyError, TypeError, IndexError):
        raise MetricInputError(f"{role}={name!r}: every record must be a dict (or Row) with this "
                               "field") from None


def _group_codes(keys):
    """``(codes, labels)`` of one or more key columns: each row's group and the groups' keys."""
    try:
        import pandas as pd

        factorized = [pd.factorize(k, sort=True, use_na_sentinel=False) for k in keys]
    except ImportError:
        factorized = [np.unique(k, return_inverse=True)[::-1] for k in keys]
    code = np.zeros(len(keys[0]), dtype=np.int64)
    for c, u in factorized:
        code = code * max(len(u), 1) + np.asarray(c, dtype=np.int64)
    present, codes = np.unique(code, return_inverse=True)
    labels = []
    for p in present.tolist():
        parts = []
        for c, u in reversed(factorized):
            p, i = divmod(p, max(len(u), 1))
            v = u[i]
            v = v.item() if hasattr(v, "item") else v
            parts.append(None if isinstance(v, float) and v != v else v)  # a null key is None
        labels.append(parts[0] if len(parts) == 1 else tuple(reversed(parts)))
    return codes, labels


class EvaluationPlan:
    """The engine-independent part of a map-reduce evaluation: columns, map, reduce, finish.

    Parameters
    ----------
    states : dict of {str: state or bind(state, *columns)}, optional
        Empty templates. ``None``: the classification states the ``columns`` allow --
        ``ConfusionMatrixState`` on ``y_pred``, ``BinnedRocAucState(n_bins=1000)`` and
        ``CalibrationState`` on ``y_score``.
    columns : list of str, optional
        The data's columns (needed when ``states`` is None).
    y_true, y_pred, y_score, sample_weight : str
        Default columns of unbound states; ``sample_weight`` weights every state whose
        ``update`` takes weights.
    by : str or list of str, optional
        Slice column(s): one set of states per value (tuple of values for several columns).
    pos_label : optional
        Set on every template whose ``pos_label`` is unset, and passed to ``compute``.
    n_resamples : int, optional
        Wrap every state that takes weights in a
        :class:`~mlmetrics_edu.report.PoissonBootstrapState` with this many replicates.
    seed : int, default=0
        Root of the bootstrap streams; partition ``i`` draws from stream ``(i, chunk)``.

    Notes
    -----
    ``map(partition, key)`` -> ``{group: {name: state}}``; ``reduce(*results)`` merges them;
    ``finish(result)`` -> :class:`Evaluation`. Any engine that can run a function per
    partition and combine the outputs can run a plan (see ``evaluate_dask`` and
    ``evaluate_spark``).

    Examples
    --------
    >>> plan = EvaluationPlan({"cm": ConfusionMatrixState()}, by="shop")
    >>> a = plan.map({"y_true": [1, 0, 1, 0], "y_pred": [1, 0, 0, 0], "shop": ["x", "x", "y", "y"]}, 0)
    >>> b = plan.map({"y_true": [1], "y_pred": [1], "shop": ["y"]}, 1)
    >>> result = plan.finish(plan.reduce(a, b))
    >>> result["cm"].compute()["recall"], result.groups["y"]["cm"].compute()["recall"]
    (0.6666666666666666, 0.5)
    """

    def __init__(self, states=None, *, columns=None, y_true="y_true", y_pred="y_pred", y_score="y_score",
                 sample_weight=None, by=None, pos_label=None, n_resamples=None, seed=0):
        seed = check_seed(seed, "seed", allow_none=False)  # checked even without n_resamples: a typo is a typo
        if states is None:
            if columns is None:
                raise MetricInputError("states is None: pass states, or a collection with named columns")
            states = _default_states(list(columns), y_pred, y_score)
        if not isinstance(states, Mapping) or not states:
            raise MetricInputError("states must be a non-empty dict {name: state}, e.g. "
                                   "{'auc': BinnedRocAucState()}")
        defaults = {"y_pred": y_pred, "y_score": y_score}
        self.plan = {}
        for name, entry in states.items():
            state, cols, weight = ((entry.state, entry.columns, entry.sample_weight) if isinstance(entry, _Bound)
                                   else (entry, None, _INHERIT))
            if not _is_state(state):
                raise MetricInputError(f"states[{name!r}] is a {type(state).__name__}, not a metric state "
                                       "(update, merge, compute, copy) of mlmetrics_edu.monitoring")
            if cols is None:
                role = _SECOND_INPUT.get(type(state))
                if role is None:
                    raise MetricInputError(f"states[{name!r}] is a {type(state).__name__}: say which column(s) "
                                           f"it reads with bind(state, 'column')")
                cols = (y_true, defaults[role])
            state = _with_pos_label(state, pos_label, name)
            weighable = _accepts_weights(state, len(cols))
            if n_resamples is not None and weighable:
                from .report.bootstrap import PoissonBootstrapState

                if not isinstance(state, PoissonBootstrapState):
                    state = PoissonBootstrapState(state, n_resamples, seed)
            weight = (sample_weight if weighable else None) if weight == _INHERIT else weight
            self.plan[name] = (state, cols, weight)
        self.by = None if by is None else ([by] if isinstance(by, (str, numbers.Integral)) else list(by))
        if self.by is not None and not self.by:
            raise MetricInputError("by is an empty list; pass None for no slices")
        self.sample_weight, self.pos_label = sample_weight, pos_label
        self._roles = {"y_true": y_true, "y_pred": y_pred, "y_score": y_score, "sample_weight": sample_weight}
        needed = [c for _, cols, w in self.plan.values() for c in cols + ((w,) if w is not None else ())]
        self.columns = list(dict.fromkeys(needed + (self.by or [])))
        if columns is not None:
            missing = [c for c in self.columns if c not in list(columns)]
            if missing:
                raise MetricInputError(f"column {missing[0]!r} is not in the data; columns are {list(columns)}")

    def templates(self):
        """``{name: empty state}`` (copies)."""
        return {name: state.copy() for name, (state, _, _) in self.plan.items()}

    def _update(self, columns, key):
        out = {}
        for name, (template, cols, weight) in self.plan.items():
            state = template.spawn(key) if hasattr(template, "spawn") else template.copy()
            extra = {} if weight is None else {"sample_weight": columns[weight]}
            out[name] = state.update(*(columns[c] for c in cols), **extra)
        return out

    def map(self, partition, key=0):
        """Map step: ``{group: {name: state}}`` for one partition (group ``None`` without ``by``).

        ``key`` (an int or tuple of ints, unique per partition) names the partition's random
        stream for the Poisson bootstrap.
        """
        key = (key,) if isinstance(key, numbers.Integral) else tuple(key)
        if not (hasattr(partition, "columns") or isinstance(partition, Mapping)):
            if isinstance(partition, (str, bytes)) or not hasattr(partition, "__iter__"):
                raise MetricInputError(f"partition must be a DataFrame, a dict of columns or an iterable of "
                                       f"records, got {type(partition).__name__} {partition!r:.60}")
            partition = list(partition)  # records may come as a one-shot iterator (Spark, Dask Bag)
        data = {c: _column(partition, c, self._role(c)) for c in self.columns}
        if self.by is None:
            return {None: self._update(data, key)}
        codes, labels = _group_codes([data[c] for c in self.by])
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(labels) + 1))
        out = {}
        for j, label in enumerate(labels):
            rows = order[bounds[j]:bounds[j + 1]]
            part = {c: np.asarray(v)[rows] for c, v in data.items()}
            out[label] = self._update(part, key + (j,))
        return out

    def _role(self, column):
        """The argument that named ``column``, for error messages."""
        for role, name in self._roles.items():
            if name == column:
                return role
        bound = [n for n, (_, cols, w) in self.plan.items() if column in cols or column == w]
        return f"bind(states[{bound[0]!r}])" if bound else "by"

    @staticmethod
    def reduce(*results):
        """Reduce step: merge map results group by group (associative and commutative)."""
        if not results:
            raise MetricInputError("reduce needs at least one map result")
        merged = dict(results[0])
        for r in results[1:]:
            for group, states in r.items():
                merged[group] = merge_states(merged[group], states) if group in merged else states
        return merged

    def finish(self, result):
        """The :class:`Evaluation` of a fully reduced result."""
        groups = {k: v for k, v in result.items() if self.by is not None}
        overall = merge_states(*groups.values()) if groups else result.get(None) or self.templates()
        by = None if self.by is None else ",".join(map(str, self.by))
        return Evaluation(overall, groups=groups or None, by=by, pos_label=self.pos_label)


class Evaluation(Mapping):
    """Merged states of a whole collection: ``{name: state}``, per-group states, and ``pos_label``.

    Read a state with ``evaluation["auc"]``; ``compute()`` gives ``{name: metric value(s)}``
    (``pos_label`` passed to the states that take it); ``groups`` maps each value of the
    ``by`` column(s) to an :class:`Evaluation` of that slice; ``to_dict()`` is JSON-able.
    :func:`~mlmetrics_edu.report.report_from_states` turns it into a report.
    """

    def __init__(self, states, *, groups=None, by=None, pos_label=None):
        self._states = dict(states)
        self.by, self.pos_label = by, pos_label
        self.groups = {k: v if isinstance(v, Evaluation) else Evaluation(v, pos_label=pos_label)
                       for k, v in (groups or {}).items()}

    def __getitem__(self, name):
        return self._states[name]

    def __iter__(self):
        return iter(self._states)

    def __len__(self):
        return len(self._states)

    def compute(self):
        """``{name: state.compute()}`` with ``pos_label`` passed where the state takes it."""
        return {name: s.compute(**_compute_options(s, self.pos_label)) for name, s in self._states.items()}

    def compute_groups(self):
        """``{group: {name: value}}`` for every slice."""
        return {k: g.compute() for k, g in self.groups.items()}

    def to_dict(self):
        """JSON-able: ``{"states": {name: state.to_dict()}, "groups": [[key, {...}], ...], ...}``."""
        return {"kind": "Evaluation", "by": self.by, "pos_label": self.pos_label,
                "states": {k: s.to_dict() for k, s in self._states.items()},
                "groups": [[k, {n: s.to_dict() for n, s in g.items()}] for k, g in self.groups.items()]}

    def __repr__(self):
        extra = f", {len(self.groups)} groups by {self.by}" if self.groups else ""
        return f"Evaluation({', '.join(f'{k}={v!r}' for k, v in self._states.items())}{extra})"


def evaluate_partition(partition, states, *, y_true="y_true", y_pred="y_pred", y_score="y_score",
                       sample_weight=None):
    """Map step: a dict ``{name: state}`` of copies of ``states`` updated with one partition.

    Parameters
    ----------
    partition : pandas.DataFrame, dict of arrays, or iterable of records (dicts or Spark Rows)
        One chunk of the predictions.
    states : dict of {str: state or bind(state, *columns)}
        Templates (usually empty) from :mod:`mlmetrics_edu.monitoring`; they are not modified.
    y_true, y_pred, y_score : str
        Column names. Confusion-matrix and regression states read ``y_pred``; ROC AUC and
        calibration states read ``y_score`` (scores, or probabilities for calibration).
    sample_weight : str, optional
        Column of sample weights.

    Returns
    -------
    states : dict of {str: state}

    Notes
    -----
    **Formula**: ``state_p = template.copy().update(partition columns)``.

    **Intuition**: the map of map-reduce; everything a worker sends back is a few small states.

    **Interview note**: the worker sends sums, never finished ratios -- a partition's AUC or
    precision cannot be combined into the global one.

    **Edge cases**: an empty partition gives the templates' copies unchanged.

    See Also
    --------
    merge_states : the reduce step.
    EvaluationPlan : the same with slices (``by``) and bootstrap streams.

    Examples
    --------
    >>> out = evaluate_partition({"y_true": [0, 1], "y_pred": [0, 0]},
    ...                          {"cm": ConfusionMatrixState()})
    >>> out["cm"].counts.tolist()
    [[1, 0], [1, 0]]
    """
    plan = EvaluationPlan(states, y_true=y_true, y_pred=y_pred, y_score=y_score, sample_weight=sample_weight)
    return plan.map(partition)[None]


def merge_states(*results):
    """Reduce step: merge dicts of states name by name (associative, so any tree shape works).

    Parameters
    ----------
    *results : dict of {str: state}
        Outputs of :func:`evaluate_partition` (or of earlier merges), all with the same names.

    Returns
    -------
    merged : dict of {str: state}

    Notes
    -----
    **Formula**: ``merged[name] = results[0][name].merge(results[1][name]).merge(...)``.

    **Intuition**: the reduce of map-reduce; Dask and Spark call it in a tree.

    **Interview note**: because merging is associative and commutative, the engine's choice of
    tree, partition order and retries cannot change the result (up to float rounding).

    **Edge cases**: one argument is returned as is; different names raise.

    See Also
    --------
    evaluate_partition : the map step.

    Examples
    --------
    >>> a = evaluate_partition({"y_true": [0, 1], "y_pred": [0, 0]}, {"cm": ConfusionMatrixState()})
    >>> b = evaluate_partition({"y_true": [1], "y_pred": [1]}, {"cm": ConfusionMatrixState()})
    >>> merge_states(a, b)["cm"].compute()["recall"]
    0.5
    """
    if not results:
        raise MetricInputError("merge_states needs at least one dict of states")
    for i, r in enumerate(results):
        if not isinstance(r, Mapping) or not all(_is_state(v) for v in r.values()):
            raise MetricInputError(f"results[{i}] must be a dict {{name: state}} from evaluate_partition, "
                                   f"got {type(r).__name__} {r!r:.60}")
    names = set(results[0])
    for r in results[1:]:
        if set(r) != names:
            raise MetricInputError(f"results hold different states: {sorted(names)} != {sorted(r)}")
    merged = dict(results[0])
    for r in results[1:]:
        merged = {name: merged[name].merge(r[name]) for name in merged}
    return merged


def _check_split_every(split_every):
    if not isinstance(split_every, numbers.Integral) or isinstance(split_every, bool) or split_every < 2:
        raise MetricInputError(f"split_every must be an integer >= 2, got {split_every!r}")
    return int(split_every)


def _dask_partitions(collection, plan_kwargs):
    """``(delayed partitions, columns or None)`` of any collection evaluate_dask accepts."""
    import dask.array as da
    import dask.dataframe as dd

    if type(collection).__module__.startswith("pandas") and hasattr(collection, "columns"):
        rows = max(1, len(collection))
        collection = dd.from_pandas(collection, chunksize=min(rows, 1 << 20))
    if isinstance(collection, dd.Series):
        collection = collection.to_frame()
    if isinstance(collection, dd.DataFrame):
        columns = list(collection.columns)
        plan = EvaluationPlan(columns=columns, **plan_kwargs)
        return collection[plan.columns].to_delayed(optimize_graph=True), plan
    if isinstance(collection, da.Array):
        if collection.ndim not in (1, 2):
            raise MetricInputError(f"collection is a Dask Array of shape {collection.shape}; use 1-D or 2-D")
        collection = collection if collection.ndim == 2 else collection[:, None]
        plan = EvaluationPlan(columns=list(range(collection.shape[1])), **plan_kwargs)
        blocks = collection.rechunk({1: -1}).to_delayed()[:, 0]
        import dask

        pick = dask.delayed(_block_columns)
        return [pick(b, plan.columns) for b in blocks], plan
    if isinstance(collection, Mapping) and collection:
        return _dask_mapping(collection, plan_kwargs)
    if hasattr(collection, "to_delayed") and hasattr(collection, "map_partitions"):  # a Bag of records
        return collection.to_delayed(), EvaluationPlan(**plan_kwargs)
    raise MetricInputError("collection must be a Dask DataFrame, Series, Array or Bag, a pandas DataFrame, "
                           f"or a dict of Dask Arrays/Series, got {type(collection).__name__}")


def _block_columns(block, columns):
    return {c: block[:, c] for c in columns}


def _dask_mapping(columns, plan_kwargs):
    """Partitions of ``{name: Dask Array or Series}``: aligned chunk by chunk."""
    import dask
    import dask.array as da
    import dask.dataframe as dd

    plan = EvaluationPlan(columns=list(columns), **plan_kwargs)
    arrays = {}
    for name in plan.columns:
        v = columns[name]
        if isinstance(v, dd.Series):
            v = v.to_dask_array(lengths=True)
        if not isinstance(v, da.Array) or v.ndim != 1:
            raise MetricInputError(f"collection[{name!r}] must be a 1-D Dask Array or a Dask Series, "
                                   f"got {type(v).__name__}")
        arrays[name] = v
    first = arrays[plan.columns[0]]
    for name, v in arrays.items():
        if v.shape != first.shape:
            raise MetricInputError(f"collection[{plan.columns[0]!r}] and collection[{name!r}] differ in "
                                   f"length: {first.shape[0]} != {v.shape[0]}")
    blocks = {name: v.rechunk(first.chunks).to_delayed() for name, v in arrays.items()}
    pack = dask.delayed(dict)
    return [pack(**{n: b[i] for n, b in blocks.items()}) for i in range(first.numblocks[0])], plan


def evaluate_dask(collection, states=None, *, y_true="y_true", y_pred="y_pred", y_score="y_score",
                  sample_weight=None, by=None, pos_label=None, n_resamples=None, seed=0, split_every=8,
                  scheduler=None, compute=True):
    """Evaluate a Dask collection (or a pandas DataFrame) of predictions by map-reduce over mergeable states.

    Parameters
    ----------
    collection : Dask DataFrame, Series, Array or Bag; pandas DataFrame; or dict of Dask Arrays/Series
        The predictions. DataFrame (Dask or pandas): columns by name, and only the columns the
        states need are read. Series: its name is its column. Array: 2-D with columns by
        position (``y_true=0, y_score=1``) or 1-D (column 0). Bag: records (dicts). A dict
        ``{name: 1-D Dask Array or Series}``: equal lengths, aligned chunk by chunk.
    states : dict of {str: state or bind(state, *columns)}, optional
        Empty templates: classification, regression and drift states together (bind a state
        to its columns with :func:`bind`). ``None``: ``ConfusionMatrixState`` on ``y_pred``,
        ``BinnedRocAucState(n_bins=1000)`` and ``CalibrationState`` on ``y_score``, for the
        columns present.
    y_true, y_pred, y_score, sample_weight : str or int
        Default columns of unbound states, and the weight column.
    by : str or list of str, optional
        Slice column(s): the result's ``groups`` holds one :class:`Evaluation` per value.
    pos_label : optional
        Set on every template that leaves ``pos_label`` unset, and passed to ``compute()``.
    n_resamples : int, optional
        Carry a Poisson bootstrap with this many replicates inside every state that takes
        weights (:class:`~mlmetrics_edu.report.PoissonBootstrapState`), for intervals.
    seed : int, default=0
        Root of the bootstrap's random streams (partition ``i`` uses stream ``i``).
    split_every : int, default=8
        Fan-in of the reduction tree: how many partition results one merge task combines.
    scheduler : str, optional
        Passed to ``dask.compute``; default: the active ``distributed.Client`` if any, else
        Dask's default scheduler.
    compute : bool, default=True
        ``False`` returns a ``dask.delayed`` object; its ``.compute()`` gives the Evaluation.

    Returns
    -------
    evaluation : Evaluation (or a Dask Delayed of it when ``compute=False``)
        A dict of merged states (``evaluation["auc"].compute()``), with ``.compute()`` for
        all of them, ``.groups`` per slice and ``.pos_label``.

    Notes
    -----
    **Formula**: ``merge_tree(plan.map(p, i) for i, p in enumerate(partitions))`` -- one task
    per partition, then ``ceil(log_split_every(n_partitions))`` levels of merge tasks; only
    the small states travel between worker processes (pickled).

    **Intuition**: the data stays where it is; each worker summarises its partitions and the
    summaries, not the rows, are combined.

    **Interview note**: the result equals the one-pass metric on the concatenated data,
    whatever the partitioning -- that is the whole point of mergeable states; a mean of
    per-partition metrics would change with the partitioning.

    **Edge cases**: empty partitions are fine; a collection with no rows gives empty states,
    which raise at ``compute()``; a column the states need that is missing raises on the
    driver before any work. The exact ``RocAucState`` grows with the distinct scores: the
    default is the binned one, whose ``error_bound()`` bounds its error.

    See Also
    --------
    EvaluationPlan : the map, reduce and finish steps, for any other engine.
    mlmetrics_edu.spark.evaluate_spark : the same on Spark.
    mlmetrics_edu.report.report_from_states : a report from the result.

    Examples
    --------
    >>> import dask.array as da  # doctest: +SKIP
    >>> x = da.from_array(np.array([[0, 0.1], [1, 0.8], [0, 0.4], [1, 0.3]]), chunks=(2, 2))  # doctest: +SKIP
    >>> evaluate_dask(x, {"auc": RocAucState()}, y_true=0, y_score=1).compute()  # doctest: +SKIP
    {'auc': 0.75}
    """
    import dask  # the optional extra [distributed]; imported here so the package never needs it

    split_every = _check_split_every(split_every)
    if isinstance(scheduler, str):
        check_option(scheduler, "scheduler", _DASK_SCHEDULERS)
    elif scheduler is not None and not (callable(scheduler) or callable(getattr(scheduler, "get", None))):
        raise MetricInputError(f"scheduler must be None, one of {list(_DASK_SCHEDULERS)}, a dask get "
                               f"function or a distributed Client, got {scheduler!r:.60}")
    plan_kwargs = dict(states=states, y_true=y_true, y_pred=y_pred, y_score=y_score, sample_weight=sample_weight,
                       by=by, pos_label=pos_label, n_resamples=n_resamples, seed=seed)
    parts, plan = _dask_partitions(collection, plan_kwargs)
    mapped = dask.delayed(plan.map)  # impure: fresh keys, so a rerun recomputes
    merge = dask.delayed(plan.reduce)
    layer = [mapped(part, i) for i, part in enumerate(parts)]
    if not layer:
        layer = [dask.delayed({None: plan.templates()} if plan.by is None else {})]
    while len(layer) > 1:  # a tree of merges, split_every results per task
        layer = [merge(*layer[i:i + split_every]) for i in range(0, len(layer), split_every)]
    result = dask.delayed(plan.finish)(layer[0])
    if not compute:
        return result
    (evaluation,) = dask.compute(result, scheduler=scheduler)
    return evaluation
