"""Contamination: did the benchmark leak into the training data, and did it inflate the score?

:func:`ngram_overlap` and :func:`contaminated` (the 13-gram rule and its variants) and
:func:`clean_vs_contaminated` (the score on each subset).
"""

from __future__ import annotations

import re
from itertools import chain
from typing import NamedTuple

import numpy as np

from .._validation import MetricInputError, as_1d, as_float_array, check_consistent_length, warn_undefined
from ._common import check_int, check_real

__all__ = [
    "ContaminationReport",
    "clean_vs_contaminated",
    "contaminated",
    "ngram_overlap",
]


_WORD = re.compile(r"\w+")
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant of the rolling hash


def _texts(x, name, *, one=True):
    """A non-empty list of strings; one string is one text where ``one`` (the corpus), else refused."""
    if isinstance(x, str):
        if not one:
            raise MetricInputError(f"{name} must be a list of strings, got one string; write [{x[:40]!r}] "
                                   "for a single item")
        return [x]
    if isinstance(x, np.ndarray):
        x = x.tolist()
    if not isinstance(x, (list, tuple)) or not x:
        raise MetricInputError(f"{name} must be a non-empty list of strings (or one string)")
    bad = [type(t).__name__ for t in x if not isinstance(t, str)]
    if bad:
        raise MetricInputError(f"{name} must hold strings, got a {bad[0]}")
    return list(x)


def _tokenize(texts):
    """Every text's lowercased ``\\w+`` words as 64-bit hashes in one array, and the words per text."""
    words = [_WORD.findall(t.lower()) for t in texts]
    lengths = np.fromiter(map(len, words), np.int64, len(words))
    hashes = np.fromiter(map(hash, chain.from_iterable(words)), np.int64, int(lengths.sum()))
    return hashes.view(np.uint64), lengths


def _ngram_hashes(tokens, lengths, n):
    """Rolling 64-bit hash of every n-gram inside one text (never across two), and its text."""
    count = len(tokens) - n + 1
    if count <= 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    h = tokens[:count].copy()
    with np.errstate(over="ignore"):
        for j in range(1, n):
            h *= _MULTIPLIER
            h += tokens[j:j + count]
    ends = np.cumsum(lengths)
    text = np.repeat(np.arange(len(lengths)), lengths)[:count]  # the text each n-gram starts in
    inside = np.arange(n, count + n) <= ends[text]
    return h[inside], text[inside]


def _found(grams, corpus_tokens, corpus_lengths, n):
    table = np.sort(_ngram_hashes(corpus_tokens, corpus_lengths, n)[0])
    if not len(table):
        return np.zeros(len(grams), dtype=bool)
    return table[np.minimum(np.searchsorted(table, grams), len(table) - 1)] == grams


def ngram_overlap(items, corpus, *, n=13):
    """Share of each benchmark item's word n-grams that also occur in a corpus.

    Parameters
    ----------
    items : list of str
        Benchmark items (question, or question plus answer).
    corpus : list of str, or str
        The documents to check against (training data, a crawl sample); n-grams never span
        two documents.
    n : int, default=13
        n-gram length in words (GPT-3 used 13; PaLM 8; Llama 2 ~10-token spans).

    Returns
    -------
    ndarray of shape (n_items,)
        For each item, the share of its n-grams found in the corpus; an item shorter than
        ``n`` words is compared as a whole (1.0 if its full word sequence occurs, else 0.0).

    Notes
    -----
    **Formula**: tokens are lowercased ``\\w+`` words (punctuation and spacing ignored);
    ``overlap = |ngrams(item) ∩ ngrams(corpus)| / |ngrams(item)|`` counting each position of
    the item. N-grams are compared by a 64-bit rolling hash of the words (a false match
    has a probability near ``|corpus n-grams| / 2^64``).

    **Intuition**: a 13-word sequence shared verbatim with the training data is rarely a
    coincidence: the model may have seen the item.

    **Interview note**: n-gram overlap misses paraphrased, translated or reformatted leaks
    and flags common boilerplate ("which of the following is"); long n lowers false
    positives and raises misses. Overlap is evidence of exposure, not of memorisation:
    compare scores on clean and contaminated items (:func:`clean_vs_contaminated`).

    **Edge cases**: an empty item (no words) has overlap 0.0; an empty corpus flags nothing.

    See Also
    --------
    contaminated : the decision rule built on the overlap.

    Examples
    --------
    >>> corpus = ["the quick brown fox jumps over the lazy dog near the river bank today"]
    >>> ngram_overlap(["The quick brown fox jumps!", "a slow green turtle"], corpus, n=3)
    array([1., 0.])
    """
    items, corpus = _texts(items, "items", one=False), _texts(corpus, "corpus")
    n = check_int(n, "n", 1)
    tokens, lengths = _tokenize(items)
    corpus_tokens, corpus_lengths = _tokenize(corpus)
    grams, text = _ngram_hashes(tokens, lengths, n)
    hits = np.bincount(text, weights=_found(grams, corpus_tokens, corpus_lengths, n), minlength=len(items))
    totals = np.bincount(text, minlength=len(items))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(totals > 0, hits / totals, 0.0)
    for size in np.unique(lengths[(lengths > 0) & (lengths < n)]):  # short items: compared as a whole
        grams, text = _ngram_hashes(tokens, lengths, int(size))
        whole = lengths[text] == size  # the one n-gram of a text of exactly this length
        out[text[whole]] = _found(grams[whole], corpus_tokens, corpus_lengths, int(size))
    return out


def contaminated(items, corpus, *, n=13, threshold=None):
    """Flag benchmark items as contaminated by n-gram overlap with a corpus.

    Parameters
    ----------
    items : list of str
    corpus : list of str, or str
    n : int, default=13
        n-gram length in words.
    threshold : float in (0, 1], optional
        ``None``: any shared n-gram flags the item (GPT-3's 13-gram rule); a number: the
        share of the item's n-grams that must be shared (PaLM: 0.7 with 8-grams).

    Returns
    -------
    ndarray of bool, shape (n_items,)

    Notes
    -----
    **Formula**: ``flag = overlap > 0`` (any) or ``overlap >= threshold``, with ``overlap``
    from :func:`ngram_overlap`.

    **Intuition**: "any 13-gram" is strict about exposure; a share threshold only flags
    items copied nearly whole.

    **Interview note**: the rule decides the contaminated share you report; state n and
    the threshold, and show the score on both subsets -- a benchmark can have a large
    "dirty" share and little score difference (GPT-3's finding), or be much easier on the
    dirty part.

    **Edge cases**: ``threshold`` outside (0, 1] is refused.

    See Also
    --------
    ngram_overlap : the per-item share.
    clean_vs_contaminated : scores on each subset.

    Examples
    --------
    >>> corpus = ["the quick brown fox jumps over the lazy dog"]
    >>> contaminated(["quick brown fox sleeps", "a lazy dog"], corpus, n=3)
    array([ True, False])
    >>> contaminated(["quick brown fox sleeps", "a lazy dog"], corpus, n=3, threshold=0.7)
    array([False, False])
    """
    overlap = ngram_overlap(items, corpus, n=n)
    if threshold is None:
        return overlap > 0
    threshold = check_real(threshold, "threshold")
    if not 0 < threshold <= 1:
        raise MetricInputError(f"threshold must be in (0, 1], got {threshold!r}")
    return overlap >= threshold


class ContaminationReport(NamedTuple):
    """The score of a benchmark on its clean and contaminated items."""

    contaminated_share: float
    clean_score: float
    contaminated_score: float
    difference: float


def clean_vs_contaminated(scores, is_contaminated):
    """Benchmark score on clean vs contaminated items, and the share of contaminated items.

    Parameters
    ----------
    scores : array-like of shape (n_items,)
        Per-item score of the model (0/1 or graded).
    is_contaminated : array-like of bool, shape (n_items,)
        The contamination flag of each item (:func:`contaminated`).

    Returns
    -------
    ContaminationReport
        ``(contaminated_share, clean_score, contaminated_score, difference)`` with
        ``difference = contaminated_score - clean_score``.

    Notes
    -----
    **Formula**: means of ``scores`` over the flagged and the unflagged items.

    **Intuition**: if the model memorised leaked items it scores higher on them; a
    difference near 0 says contamination did not inflate the benchmark (or the flag
    is noise).

    **Interview note**: the subsets are not random -- leaked items may be older or more
    popular, hence easier anyway. Report the clean score as the headline and put an
    interval on the difference (``significance.eval_score_interval`` per subset).

    **Edge cases**: no clean or no contaminated item leaves that subset's mean 0/0: it is
    nan, with an ``UndefinedMetricWarning``, and so is the difference.

    See Also
    --------
    contaminated : the flags.

    Examples
    --------
    >>> clean_vs_contaminated([1, 0, 1, 1, 1, 0], [False, False, True, True, False, False])
    ContaminationReport(contaminated_share=0.3333, clean_score=0.5, contaminated_score=1.0, difference=0.5)
    """
    s = as_float_array(scores, "scores")
    flag = as_1d(is_contaminated, "is_contaminated")
    check_consistent_length(("scores", s), ("is_contaminated", flag))
    if flag.dtype.kind != "b":
        if flag.dtype.kind not in "iuf" or not np.isin(flag, (0, 1)).all():
            raise MetricInputError("is_contaminated must hold True/False per item")
        flag = flag.astype(bool)
    means = []
    for subset, name in ((~flag, "clean"), (flag, "contaminated")):
        if subset.any():
            means.append(float(s[subset].mean()))
        else:
            warn_undefined(f"there is no {name} item: its score is 0/0 and set to nan")
            means.append(float("nan"))
    return ContaminationReport(float(flag.mean()), means[0], means[1], means[1] - means[0])
