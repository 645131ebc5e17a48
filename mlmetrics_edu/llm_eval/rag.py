"""RAG: retrieval, grounding and answers, and where a retrieval-augmented system fails.

:func:`retrieval_hit_rate`, :func:`context_precision_at_k` and :func:`context_recall_at_k`
from relevance labels (the ``ranking`` metrics), :func:`faithfulness` from claim labels, and
:func:`rag_failure_modes`, which combines them with answer correctness
(``generation.exact_match`` / ``token_f1``) to say *where* a RAG system fails.
"""

from __future__ import annotations

import math
from itertools import chain

import numpy as np

from .._validation import (
    MetricInputError,
    as_1d,
    as_float_array,
    check_consistent_length,
    check_zero_division,
    warn_undefined,
)
from ..ranking import precision_at_k, recall_at_k
from ._common import check_int, check_real

__all__ = [
    "context_precision_at_k",
    "context_recall_at_k",
    "faithfulness",
    "rag_failure_modes",
    "retrieval_hit_rate",
]


def retrieval_hit_rate(y_true, y_score, *, k):
    """Retrieval hit rate@k: the share of questions with at least one relevant chunk in the top k.

    Parameters
    ----------
    y_true : array-like of shape (n_questions, n_chunks) or (n_chunks,)
        Relevance label of each candidate chunk (> 0 relevant), one row per question.
    y_score : array-like of the same shape
        The retriever's scores (highest retrieved first).
    k : int
        Number of chunks passed to the generator, ``1 <= k <= n_chunks``.

    Returns
    -------
    float
        Mean over questions of ``[a relevant chunk is in the top k]``.

    Notes
    -----
    **Formula**: ``hit@k = mean_q [|relevant ∩ top k| >= 1]``. Tied scores straddling the
    k-th place count the probability of a hit under a random order of the tie
    (``1 - C(t - r, s) / C(t, s)`` for ``s`` free places among ``t`` tied items, ``r`` relevant),
    as the ``ranking`` metrics do.

    **Intuition**: did the generator get *any* chance to answer from the right evidence?

    **Interview note**: a RAG answer cannot be better than its context: when hit rate is
    low, fix retrieval (chunking, embeddings, hybrid search, a re-ranker) before the
    prompt. Hit rate ignores how many relevant chunks were found (recall) and how much
    noise came with them (precision).

    **Edge cases**: a question with no relevant chunk scores 0 (it can never hit); ``k``
    outside ``1 .. n_chunks`` is refused, as by ``precision_at_k``.

    See Also
    --------
    context_recall_at_k : the share of the relevant chunks retrieved.
    mlmetrics_edu.ranking.mean_reciprocal_rank : where the first relevant chunk sits.

    Examples
    --------
    >>> retrieval_hit_rate([[0, 1, 0], [0, 0, 1]], [[0.9, 0.8, 0.1], [0.9, 0.8, 0.1]], k=2)
    0.5
    """
    y_true = as_float_array(y_true, "y_true", ndim=(1, 2))
    score = as_float_array(y_score, "y_score", ndim=(1, 2))
    if y_true.shape != score.shape:
        raise MetricInputError(f"y_true and y_score differ in shape: {y_true.shape} != {score.shape}")
    if y_true.min() < 0:
        raise MetricInputError(f"y_true must hold non-negative relevance, got a minimum of {y_true.min():g}")
    rel, score = np.atleast_2d(y_true > 0), np.atleast_2d(score)
    m = score.shape[1]
    k = check_int(k, "k", 1)
    if k > m:
        raise MetricInputError(f"k={k} exceeds the {m} items per query; use k <= {m}")
    kth = np.partition(score, m - k, axis=1)[:, m - k, None]
    above, tied = score > kth, score == kth
    places = k - above.sum(axis=1)  # free places in the top k, shared by the tie
    n_tied, r_tied = tied.sum(axis=1), (tied & rel).sum(axis=1)
    hit = (above & rel).any(axis=1).astype(np.float64)
    for q in np.flatnonzero((hit == 0) & (r_tied > 0)):  # only questions decided inside a tie
        t, r, free = int(n_tied[q]), int(r_tied[q]), int(places[q])
        hit[q] = 1.0 - math.comb(t - r, free) / math.comb(t, free)  # P(no relevant among the drawn)
    return float(hit.mean())


def context_precision_at_k(y_true, y_score, *, k):
    """Context precision@k: the share of the k retrieved chunks that are relevant (mean over questions).

    Parameters
    ----------
    y_true : array-like of shape (n_questions, n_chunks) or (n_chunks,)
        Relevance label of each candidate chunk (> 0 relevant).
    y_score : array-like of the same shape
        The retriever's scores.
    k : int
        Number of chunks retrieved.

    Returns
    -------
    float
        ``ranking.precision_at_k(y_true, y_score, k=k)``.

    Notes
    -----
    **Formula**: ``mean_q |relevant ∩ top k| / k``.

    **Intuition**: how much of the context window is spent on evidence rather than noise?

    **Interview note**: RAGAS's "context precision" is the rank-aware version (average
    precision over the top k: relevant chunks ranked first score higher); here it is the
    plain precision@k, which ignores the order inside the top k. Irrelevant chunks are not
    free: they distract the generator ("lost in the middle") and cost tokens.

    **Edge cases**: always defined (the denominator is k); ties as ``precision_at_k``.

    See Also
    --------
    context_recall_at_k : the other side of the trade-off in k.
    mlmetrics_edu.ranking.mean_average_precision : the rank-aware version with ``k``.

    Examples
    --------
    >>> context_precision_at_k([[1, 0, 1, 0]], [[0.9, 0.8, 0.7, 0.1]], k=3)
    0.6667
    """
    return precision_at_k(y_true, y_score, k=k)


def context_recall_at_k(y_true, y_score, *, k, zero_division="warn"):
    """Context recall@k: the share of a question's relevant chunks that were retrieved (mean).

    Parameters
    ----------
    y_true : array-like of shape (n_questions, n_chunks) or (n_chunks,)
        Relevance label of each candidate chunk (> 0 relevant).
    y_score : array-like of the same shape
        The retriever's scores.
    k : int
        Number of chunks retrieved.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value for a question with no relevant chunk.

    Returns
    -------
    float
        ``ranking.recall_at_k(y_true, y_score, k=k, zero_division=zero_division)``.

    Notes
    -----
    **Formula**: ``mean_q |relevant ∩ top k| / |relevant|``.

    **Intuition**: did the context contain everything the answer needs (multi-hop questions
    need several chunks)?

    **Interview note**: RAGAS computes context recall from the *reference answer*: the share
    of its claims an LLM finds supported by the context -- the same quantity with claim
    labels in place of chunk labels. Raising k buys recall with precision.

    **Edge cases**: a question with no relevant chunk is 0/0 and follows ``zero_division``.

    See Also
    --------
    context_precision_at_k : the cost side.
    retrieval_hit_rate : at least one relevant chunk.

    Examples
    --------
    >>> context_recall_at_k([[1, 0, 1, 0]], [[0.9, 0.8, 0.7, 0.1]], k=2)
    0.5
    """
    return recall_at_k(y_true, y_score, k=k, zero_division=zero_division)


def _claim_counts(claim_labels):
    """(supported claims, claims) per answer, and whether a single flat list was given."""
    if isinstance(claim_labels, (str, bytes)) or not hasattr(claim_labels, "__iter__"):
        raise MetricInputError(f"claim_labels must be a list of 0/1 labels per answer, got {claim_labels!r}")
    try:
        items = list(claim_labels)
    except TypeError:
        raise MetricInputError(f"claim_labels must be a list of 0/1 labels per answer, got {claim_labels!r}") from None
    if not items:
        raise MetricInputError("claim_labels is empty; pass one list of claim labels per answer")
    single = not isinstance(items[0], (list, tuple, np.ndarray))
    items = [items] if single else items
    try:
        claims = np.fromiter(map(len, items), np.int64, len(items))
        flat = np.fromiter(chain.from_iterable(items), np.float64, int(claims.sum()))
    except (TypeError, ValueError):
        raise MetricInputError("claim_labels must be one list of 0/1 labels per answer (or a single flat "
                               "list for one answer)") from None
    if not ((flat == 0) | (flat == 1)).all():
        raise MetricInputError("claim_labels must hold 0/1 (or True/False) labels, got "
                               f"{flat[(flat != 0) & (flat != 1)][0]!r}")
    answer = np.repeat(np.arange(len(items)), claims)
    return np.bincount(answer, weights=flat, minlength=len(items)), claims, single


def faithfulness(claim_labels, *, zero_division="warn"):
    """Faithfulness (groundedness): the share of an answer's claims supported by its context.

    Parameters
    ----------
    claim_labels : list of 0/1 labels, or a list of such lists
        For each answer, one label per claim it makes: 1 when the retrieved context supports
        the claim, 0 when it does not. A flat list is a single answer.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value for an answer with no claims ("warn" gives 0 and warns).

    Returns
    -------
    float or ndarray of shape (n_answers,)
        Supported claims / claims, per answer (a float for a single answer).

    Notes
    -----
    **Formula**: ``faithfulness = |supported claims| / |claims|``.

    **Intuition**: does the answer say only what the evidence says? An unfaithful answer
    is a hallucination even when it happens to be true.

    **Interview note**: in practice an LLM splits the answer into atomic claims and a judge
    (an LLM or an NLI model) labels each as supported by the context or not (RAGAS,
    FActScore). That judge is a rater like any other: measure it against human claim
    labels with :func:`judge_human_agreement` before trusting the score. Faithfulness is
    about the *context*, not the truth: a faithful answer from wrong context is still wrong.

    **Edge cases**: an answer with no claims ("I don't know") is 0/0 and follows
    ``zero_division``.

    See Also
    --------
    rag_failure_modes : faithfulness next to retrieval and correctness.

    Examples
    --------
    >>> faithfulness([1, 1, 0, 1])
    0.75
    >>> faithfulness([[1, 1], [1, 0, 0], [0]])
    array([1.    , 0.3333, 0.    ])
    """
    value = check_zero_division(zero_division)
    supported, claims, single = _claim_counts(claim_labels)
    empty = int(np.count_nonzero(claims == 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where(claims > 0, supported / claims, value)
    if empty and isinstance(zero_division, str):
        warn_undefined(f"faithfulness is undefined (0/0) for {empty} answer(s) with no claims and set to 0.0. "
                       "Pass zero_division=0, 1 or np.nan to choose the value and silence this warning.")
    return float(scores[0]) if single else scores


def rag_failure_modes(hit, faithfulness, correctness, *, threshold=0.5):
    """Where a RAG system fails, question by question: retrieval, grounding, or the answer itself.

    Parameters
    ----------
    hit : array-like of shape (n_questions,)
        1 when a relevant chunk was retrieved (per question hit@k).
    faithfulness : array-like of shape (n_questions,)
        Per-question faithfulness in [0, 1] (:func:`faithfulness`).
    correctness : array-like of shape (n_questions,)
        Per-question answer correctness in [0, 1] (``generation.exact_match`` or
        ``token_f1`` against the reference answer).
    threshold : float, default=0.5
        Faithfulness and correctness at or above it count as good.

    Returns
    -------
    dict
        Shares of questions (summing to 1) in the first failing stage:
        ``"retrieval_miss"`` (no relevant context), ``"unfaithful"`` (context found but the
        answer is not grounded in it), ``"wrong_answer"`` (grounded but not correct: a
        reasoning or generation error, or an incomplete context) and ``"correct"``
        (found, grounded, correct). Also ``"lucky"``: correct answers without relevant
        context or grounding -- right for the wrong reason.

    Notes
    -----
    **Formula**: each question goes to the first stage it fails, in pipeline order:
    retrieval (hit = 0), grounding (faithfulness < threshold), answer (correctness <
    threshold); ``"lucky"`` counts questions with correctness >= threshold that fail an
    earlier stage (it overlaps the first two shares).

    **Intuition**: the "RAG triad" -- context relevance, groundedness, answer relevance --
    read as a pipeline: the first broken stage is where to spend effort.

    **Interview note**: an end-to-end correctness score alone cannot tell a retrieval bug
    from a hallucinating generator; measure each stage with its own labels. A high
    "lucky" share means the model answers from memory, not from the documents: a problem
    for freshness and for contamination-free evaluation.

    **Edge cases**: inputs of different lengths, or values outside [0, 1], are refused.

    See Also
    --------
    retrieval_hit_rate, faithfulness : the stage scores.
    mlmetrics_edu.generation.token_f1 : a correctness score.

    Examples
    --------
    >>> modes = rag_failure_modes([1, 1, 0, 1, 0], [1.0, 0.2, 0.5, 1.0, 0.0], [1.0, 1.0, 0.0, 0.0, 1.0])
    >>> {name: round(share, 2) for name, share in modes.items()}
    {'retrieval_miss': 0.4, 'unfaithful': 0.2, 'wrong_answer': 0.2, 'correct': 0.2, 'lucky': 0.4}
    """
    h, f, c = as_1d(hit, "hit"), as_1d(faithfulness, "faithfulness"), as_1d(correctness, "correctness")
    check_consistent_length(("hit", h), ("faithfulness", f), ("correctness", c))
    found = h == 1
    n, n_found = len(h), np.count_nonzero(found)
    if n_found + np.count_nonzero(h == 0) != n:
        raise MetricInputError("hit must hold 0/1 per question")
    for name, x in (("faithfulness", f), ("correctness", c)):
        if x.dtype.kind not in "biuf":
            raise MetricInputError(f"{name} must be numeric, got values of dtype {x.dtype}")
        low, high = float(x.min()), float(x.max())
        if not (low >= 0 and high <= 1):  # NaN fails both comparisons
            raise MetricInputError(f"{name} must hold numbers in [0, 1] (no NaN), got values in [{low:g}, {high:g}]")
    threshold = check_real(threshold, "threshold")
    right = c >= threshold
    found_grounded = found & (f >= threshold)
    n_miss, n_unfaithful = n - n_found, n_found - np.count_nonzero(found_grounded)
    n_correct = np.count_nonzero(found_grounded & right)
    n_lucky = np.count_nonzero(right) - n_correct  # right but missed or ungrounded
    return {"retrieval_miss": float(n_miss / n), "unfaithful": float(n_unfaithful / n),
            "wrong_answer": float((n_found - n_unfaithful - n_correct) / n), "correct": float(n_correct / n),
            "lucky": float(n_lucky / n)}
