"""Map-reduce evaluation with the mergeable states of :mod:`mlmetrics_edu.monitoring`.

The pattern is engine-independent:

1. **map** -- :func:`evaluate_partition` turns one partition (a pandas DataFrame, a dict of
   columns, or a list of records) into a dict of *updated copies* of template states;
2. **reduce** -- :func:`merge_states` merges such dicts, name by name. Merging is
   associative, so the engine may merge in any tree shape and order;
3. **finish** -- call ``.compute()`` on each merged state, once, on the driver.

:func:`evaluate_dask` runs it on a Dask DataFrame or Bag (optional extra ``[distributed]``;
Dask is imported inside the function, never by ``import mlmetrics_edu``). The same two
functions serve Spark's ``mapPartitions`` (see ``docs/spark_recipe.md``).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np

from ._validation import MetricInputError
from .monitoring import (
    BinnedRocAucState,
    CalibrationState,
    ConfusionMatrixState,
    RegressionState,
    RocAucState,
    _State,
)

__all__ = ["evaluate_dask", "evaluate_partition", "merge_states"]

# which prediction column each kind of state reads, besides y_true
_SECOND_INPUT = {ConfusionMatrixState: "y_pred", RegressionState: "y_pred", RocAucState: "y_score",
                 BinnedRocAucState: "y_score", CalibrationState: "y_score"}


def _check_templates(states):
    if not isinstance(states, Mapping) or not states:
        raise MetricInputError("states must be a non-empty dict {name: state}, e.g. "
                               "{'auc': RocAucState()}")
    for name, state in states.items():
        if not isinstance(state, _State):
            raise MetricInputError(f"states[{name!r}] is a {type(state).__name__}, not a metric state "
                                   "of mlmetrics_edu.monitoring")
    return states


def _column(partition, name, role):
    """Column ``name`` of a partition: DataFrame-like, dict of columns, or list of records."""
    if hasattr(partition, "columns") and hasattr(partition, "__getitem__"):  # pandas-like frame
        if name not in partition.columns:
            raise MetricInputError(f"{role}={name!r} is not a column; columns are {list(partition.columns)}")
        return np.asarray(partition[name].to_numpy())
    if isinstance(partition, Mapping):  # a dict of columns
        if name not in partition:
            raise MetricInputError(f"{role}={name!r} is not a key; keys are {list(partition)}")
        return partition[name]
    records = [r.asDict() if hasattr(r, "asDict") else r for r in partition]  # Spark Rows too
    try:
        return np.asarray([r[name] for r in records])
    except (KeyError, TypeError, IndexError):
        raise MetricInputError(f"{role}={name!r}: every record must be a dict (or Row) with this "
                               "field") from None


def evaluate_partition(partition, states, *, y_true="y_true", y_pred="y_pred", y_score="y_score",
                       sample_weight=None):
    """Map step: a dict ``{name: state}`` of copies of ``states`` updated with one partition.

    Parameters
    ----------
    partition : pandas.DataFrame, dict of arrays, or iterable of records (dicts or Spark Rows)
        One chunk of the predictions.
    states : dict of {str: state}
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

    Examples
    --------
    >>> out = evaluate_partition({"y_true": [0, 1], "y_pred": [0, 0]},
    ...                          {"cm": ConfusionMatrixState()})
    >>> out["cm"].counts.tolist()
    [[1, 0], [1, 0]]
    """
    _check_templates(states)
    if not (hasattr(partition, "columns") or isinstance(partition, Mapping)):
        partition = list(partition)  # records may come as a one-shot iterator (Spark, Dask Bag)
    truth = _column(partition, y_true, "y_true")
    weight = None if sample_weight is None else _column(partition, sample_weight, "sample_weight")
    columns = {"y_pred": y_pred, "y_score": y_score}
    out, cache = {}, {}
    for name, template in states.items():
        role = _SECOND_INPUT[type(template)]
        if role not in cache:
            cache[role] = _column(partition, columns[role], role)
        out[name] = template.copy().update(truth, cache[role], sample_weight=weight)
    return out


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
    names = set(results[0])
    for r in results[1:]:
        if set(r) != names:
            raise MetricInputError(f"results hold different states: {sorted(names)} != {sorted(r)}")
    merged = dict(results[0])
    for r in results[1:]:
        merged = {name: merged[name].merge(r[name]) for name in merged}
    return merged


def evaluate_dask(collection, states, *, y_true="y_true", y_pred="y_pred", y_score="y_score",
                  sample_weight=None, split_every=8, scheduler=None):
    """Evaluate a Dask DataFrame or Bag of predictions by map-reduce over mergeable states.

    Parameters
    ----------
    collection : dask.dataframe.DataFrame or dask.bag.Bag
        The predictions: a DataFrame with the columns below, or a Bag of records (dicts).
    states : dict of {str: state}
        Empty template states, e.g. ``{"cm": ConfusionMatrixState(), "auc": RocAucState()}``.
    y_true, y_pred, y_score, sample_weight : str
        Column (or record field) names, as in :func:`evaluate_partition`.
    split_every : int, default=8
        Fan-in of the reduction tree: how many partition results one merge task combines.
    scheduler : str, optional
        Passed to ``dask.compute``; default: the active ``distributed.Client`` if any, else
        Dask's default scheduler.

    Returns
    -------
    states : dict of {str: state}
        The merged states of the whole collection; call ``.compute()`` on each.

    Notes
    -----
    **Formula**: ``merge_tree(evaluate_partition(p) for p in partitions)`` -- one task per
    partition, then ``ceil(log_split_every(n_partitions))`` levels of merge tasks; only the
    small states travel between worker processes (pickled).

    **Intuition**: the data stays where it is; each worker summarises its partitions and the
    summaries, not the rows, are combined.

    **Interview note**: the result equals the one-pass metric on the concatenated data,
    whatever the partitioning -- that is the whole point of mergeable states; a mean of
    per-partition metrics would change with the partitioning.

    **Edge cases**: empty partitions are fine; a collection with no rows raises at
    ``compute()`` time on the driver; ``split_every`` must be an integer >= 2.

    See Also
    --------
    evaluate_partition, merge_states : the map and reduce steps, for any other engine.

    Examples
    --------
    >>> import dask.bag as db  # doctest: +SKIP
    >>> bag = db.from_sequence([{"y_true": 0, "y_score": 0.1}, {"y_true": 1, "y_score": 0.8},
    ...                         {"y_true": 0, "y_score": 0.4}], npartitions=2)  # doctest: +SKIP
    >>> evaluate_dask(bag, {"auc": RocAucState()})["auc"].compute()  # doctest: +SKIP
    1.0
    """
    import dask  # the optional extra [distributed]; imported here so the package never needs it

    _check_templates(states)
    if not isinstance(split_every, numbers.Integral) or isinstance(split_every, bool) or split_every < 2:
        raise MetricInputError(f"split_every must be an integer >= 2, got {split_every!r}")
    if not hasattr(collection, "to_delayed"):
        raise MetricInputError(f"collection must be a Dask DataFrame or Bag, got {type(collection).__name__}")
    mapped = dask.delayed(evaluate_partition)  # impure: fresh keys, so a rerun recomputes
    merge = dask.delayed(merge_states)
    layer = [mapped(part, states, y_true=y_true, y_pred=y_pred, y_score=y_score,
                    sample_weight=sample_weight) for part in collection.to_delayed()]
    while len(layer) > 1:  # a tree of merges, split_every results per task
        layer = [merge(*layer[i:i + split_every]) for i in range(0, len(layer), split_every)]
    (result,) = dask.compute(layer[0], scheduler=scheduler)
    return result
