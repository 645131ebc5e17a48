"""Generation metrics: perplexity, BLEU, ROUGE, exact match, token F1, pass@k.

These score *text* (or code) a model produced. Three families:

* **likelihood** -- :func:`perplexity`, from the natural-log probabilities a language
  model gave the tokens it was shown;
* **surface overlap** with references -- :func:`bleu_score` / :func:`sentence_bleu` /
  :func:`bleu_details` (clipped n-gram precision and a brevity penalty, equal to
  sacrebleu's ``corpus_bleu`` and ``sentence_bleu`` with their defaults),
  :func:`rouge_n` and :func:`rouge_l` (n-gram and longest-common-subsequence overlap,
  equal to Google's ``rouge-score`` with ``use_stemmer=False``), :func:`exact_match`
  and :func:`token_f1` (question answering, with SQuAD v1.1's answer normalization);
* **functional correctness** -- :func:`pass_at_k`, the unbiased estimator of the
  HumanEval paper (Chen et al., 2021).

Rater agreement, :func:`~mlmetrics_edu.classification.cohen_kappa_score`, is a statistic of
the raters' confusion matrix: it lives in :mod:`mlmetrics_edu.classification` and is
importable from here too.

Each text metric counts n-grams with NumPy over the whole batch at once: every token
gets an integer id, every n-gram a dense id built from the (n-1)-gram's id and the next
token's, and counts per (sentence, n-gram) come from one ``np.unique``. The formula of
each metric stays visible in its body; the counting lives in three small helpers.
"""

from __future__ import annotations

import math
import numbers
import re
import string
import unicodedata
import warnings
from collections.abc import Sequence
from itertools import chain
from dataclasses import dataclass

import numpy as np

from ._validation import (
    MetricInputError,
    as_1d,
    as_float_array,
    check_bool,
    check_consistent_length,
    check_option,
    check_zero_division,
    divide,
    warn_undefined,
)
from .classification import cohen_kappa_score  # noqa: F401  (re-exported: its home is classification)

__all__ = [
    "BLEUResult",
    "bleu_details",
    "bleu_score",
    "exact_match",
    "pass_at_k",
    "perplexity",
    "rouge_l",
    "rouge_n",
    "sentence_bleu",
    "token_f1",
]

MAX_ORDER = 4  # BLEU counts 1- to 4-grams
TOKENIZERS = ("13a", "intl", "char", "none")
# sacrebleu's smoothing methods and the default value of each (Chen & Cherry, WMT 2014)
SMOOTH_DEFAULTS = {"none": None, "floor": 0.1, "add-k": 1, "exp": None}


# --------------------------------------------------------------------------- input checks


def _check_text(text, name):
    if not isinstance(text, str):
        raise MetricInputError(f"{name} must be a string, got {type(text).__name__}")
    return text


def _check_texts(texts, name):
    """A non-empty list (or tuple, or 1-D array) of strings."""
    if isinstance(texts, str):
        raise MetricInputError(f"{name} must be a list of strings, got a single string {texts[:40]!r}")
    if isinstance(texts, np.ndarray):
        texts = texts.tolist() if texts.ndim == 1 else texts
    if not isinstance(texts, Sequence):
        raise MetricInputError(f"{name} must be a list of strings, got {type(texts).__name__}")
    if len(texts) == 0:
        raise MetricInputError(f"{name} is empty; a metric needs at least one text")
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise MetricInputError(f"{name}[{i}] must be a string, got {type(text).__name__}")
    return list(texts)


def _check_reference_lists(references, n, name="references"):
    """``references[i]``: one string or a list of strings for item ``i``; None entries are dropped."""
    if isinstance(references, str) or not isinstance(references, (Sequence, np.ndarray)):
        raise MetricInputError(
            f"{name} must be a list with one entry (a string or a list of strings) per item, "
            f"got {type(references).__name__}")
    if len(references) != n:
        raise MetricInputError(f"hypotheses and {name} differ in length: {n} != {len(references)}")
    lists = []
    for i, refs in enumerate(references):
        refs = [refs] if isinstance(refs, str) else refs
        if isinstance(refs, np.ndarray):
            refs = refs.tolist()
        if not isinstance(refs, Sequence):
            raise MetricInputError(f"{name}[{i}] must be a string or a list of strings, "
                                   f"got {type(refs).__name__}")
        kept = [r for r in refs if r is not None]
        for r in kept:
            if not isinstance(r, str):
                raise MetricInputError(f"{name}[{i}] holds a {type(r).__name__}; references are strings")
        if not kept:
            raise MetricInputError(f"{name}[{i}] is empty (an empty list or only None); "
                                   "every item needs at least one")
        lists.append(kept)
    return lists


# --------------------------------------------------------------------------- tokenizers

# mteval-v13a (the WMT tokenizer): split off every ASCII punctuation mark except the
# apostrophe, hyphen, period and comma; split a period or comma off unless it sits
# between digits (3.14, 1,000 stay whole); split a hyphen that follows a digit.
_13A_RULES = [
    (re.compile(r"""([!"#$%&()*+/:;<=>?@\[\\\]^_`{|}~ ])"""), r" \1 "),
    (re.compile(r"([^0-9])([.,])"), r"\1 \2 "),
    (re.compile(r"([.,])([^0-9])"), r" \1 \2"),
    (re.compile(r"([0-9])(-)"), r"\1 \2 "),
]
_ENTITIES = (("&quot;", '"'), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"))


def _clean_13a(line, lowercase):
    """The language-independent part of 13a, on one segment (trailing space removed first)."""
    line = line.rstrip()
    if lowercase:
        line = line.lower()
    line = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ")
    if "&" in line:
        for entity, char in _ENTITIES:
            line = line.replace(entity, char)
    return f" {line} "


def _tokenize_words_13a(words):
    """The four 13a rules on each distinct word (joined, so the regexes run once).

    The rules only look at a character's neighbours, and whitespace separates tokens
    before and after them, so tokenizing word by word gives the tokens of the line.
    """
    joined = "\n".join(f" {w} " for w in words)
    for pattern, replacement in _13A_RULES:
        joined = pattern.sub(replacement, joined)
    return [piece.split() for piece in joined.split("\n")]


def _intl_rules(alphabet):
    """mteval-v14's international rules, as sacrebleu's ``intl`` tokenizer, with ``re`` classes.

    sacrebleu writes ``\\p{P}`` (punctuation), ``\\p{N}`` (numbers) and ``\\p{S}`` (symbols)
    with the ``regex`` package; the same classes, restricted to the characters of ``alphabet``
    (Python's ``unicodedata`` categories), give the same matches with the standard ``re``.
    """
    group = {kind: "".join(re.escape(c) for c in sorted(alphabet) if unicodedata.category(c)[0] == kind)
             for kind in "PNS"}
    not_n = f"[^{group['N']}]" if group["N"] else r"[\s\S]"
    rules = []
    if group["P"]:
        rules += [(re.compile(f"({not_n})([{group['P']}])"), r"\1 \2 "),  # punctuation after a non-digit
                  (re.compile(f"([{group['P']}])({not_n})"), r" \1 \2")]  # ... and before one
    if group["S"]:
        rules.append((re.compile(f"([{group['S']}])"), r" \1 "))  # every symbol alone
    return rules


# Digits (Unicode category Nd) that can separate words for the intl rules: a digit neither
# matches nor lets its neighbour match, so it acts as the start or the end of a line.
_INTL_SEPARATORS = "\U0001d7d8\U0001d7d9\U0001d7da\u0660\u0661\u06f0\u07c0\u0966\uff10"


def _intl_words(line):
    """The words of a line, the first and last tagged: the intl rules see the line's two ends.

    A punctuation mark is split off after a non-digit and before one; a word inside the line
    has a space on each side, the first word nothing before it, the last nothing after it.
    """
    words = line.split()
    if not words:
        return words
    at_start, at_end = not line[0].isspace(), not line[-1].isspace()  # no space before / after
    if len(words) == 1:
        where = "only" if at_start and at_end else "first" if at_start else "last" if at_end else None
        return [(where, words[0])] if where else words
    if at_start:
        words[0] = ("first", words[0])
    if at_end:
        words[-1] = ("last", words[-1])
    return words


def _intl_pieces(keys):
    """The intl tokens of each distinct (tagged) word, with the regexes run once over all of them."""
    pad = {"first": "{} ", "last": " {}", "only": "{}"}
    forms = [f" {k} " if isinstance(k, str) else pad[k[0]].format(k[1]) for k in keys]
    if not forms:
        return []
    alphabet = set().union(*map(set, forms))
    sep = next((c for c in _INTL_SEPARATORS if c not in alphabet), None)
    if sep is None:  # the texts use every separator digit: one word at a time
        return [piece for form in forms for piece in _intl_pieces_joined([form], alphabet, "")]
    return _intl_pieces_joined(forms, alphabet, sep)


def _intl_pieces_joined(forms, alphabet, sep):
    joined = sep.join(forms)
    for pattern, replacement in _intl_rules(alphabet | {sep} - {""}):
        joined = pattern.sub(replacement, joined)
    return [piece.split() for piece in joined.split(sep)] if sep else [joined.split()]


def _tokenize_lines(lines, tokenize):
    """``intl`` or ``char`` tokens of each line, as strings (the path :func:`bleu_score` takes)."""
    if tokenize == "char":
        return [[c for w in line.split() for c in w] for line in lines]  # " ".join(line).split()
    keyed = [_intl_words(line) for line in lines]
    distinct = list(set(chain.from_iterable(keyed)))
    pieces = dict(zip(distinct, _intl_pieces(distinct)))
    return [[token for key in words for token in pieces[key]] for words in keyed]


def _bleu_tokens(texts, tokenize, lowercase):
    """Token ids of every text (flat), token counts per text and the vocabulary size."""
    if tokenize in ("intl", "char"):
        lines = [(t.lower() if lowercase else t).rstrip() for t in texts]
        words = [_intl_words(line) for line in lines] if tokenize == "intl" else [line.split() for line in lines]
        word_id, n_words, distinct = _token_ids(words)  # each distinct word is tokenized once
        pieces = _intl_pieces(distinct) if tokenize == "intl" else [list(w) for w in distinct]
        return _expand_words(word_id, n_words, pieces)
    if tokenize == "none":
        lines = [(t.rstrip().lower() if lowercase else t.rstrip()) for t in texts]
    else:
        lines = [_clean_13a(t, lowercase) for t in texts]
    words = [line.split() for line in lines]
    word_id, n_words, distinct = _token_ids(words)  # each distinct word is tokenized once
    pieces = _tokenize_words_13a(distinct) if tokenize == "13a" else [[w] for w in distinct]
    return _expand_words(word_id, n_words, pieces)


def _expand_words(word_id, n_words, pieces):
    """Replace each word id by the ids of its tokens; token counts per text."""
    flat, piece_len, vocabulary = _token_ids(pieces)
    token_len = piece_len[word_id]
    token_id = flat[np.repeat((np.cumsum(piece_len) - piece_len)[word_id], token_len) + _offsets(token_len)]
    text = np.repeat(np.arange(n_words.size), n_words)
    lengths = np.bincount(text, weights=token_len, minlength=n_words.size).astype(np.int64)
    return token_id, lengths, len(vocabulary)


def _token_ids(token_lists):
    """Flat token ids, token counts per list and the vocabulary (a list: id -> token)."""
    vocabulary = list(set(chain.from_iterable(token_lists)))
    index = dict(zip(vocabulary, range(len(vocabulary))))
    lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
    token_id = np.fromiter(map(index.__getitem__, chain.from_iterable(token_lists)), dtype=np.int64,
                           count=int(lengths.sum()))
    return token_id, lengths, vocabulary


def _offsets(lengths):
    """0, 1, ..., length - 1 for each length, concatenated."""
    return np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)


# rouge-score's tokenizer keeps runs of [a-z0-9] after lowercasing; every other
# character separates tokens. Non-ASCII characters are first encoded as "?", then every
# byte outside [a-z0-9] becomes a space: the same tokens, in C speed.
_ROUGE_SEPARATORS = bytes(b if chr(b) in string.ascii_lowercase + string.digits else 32 for b in range(256))


def _tokenize_rouge(texts):
    """rouge-score's default tokenizer (tokens as bytes): lowercase, split at non-[a-z0-9]."""
    return [t.lower().encode("ascii", "replace").translate(_ROUGE_SEPARATORS).split() for t in texts]


_PUNCTUATION = frozenset(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def _normalize_answer(text):
    """SQuAD v1.1: lowercase, drop ASCII punctuation, drop a/an/the, collapse whitespace."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


# --------------------------------------------------------------------------- n-gram counting


def _ngram_ids(token_id, lengths, vocab_size, max_order):
    """For n = 1..max_order: (sequence index, dense n-gram id, number of ids) of every n-gram.

    Ids are shared by all sequences, so equal n-grams in different sentences get the
    same id. The n-gram starting at token i is encoded from the (n-1)-gram at i and the
    token at i + n - 1, then re-numbered densely so the codes never overflow -- unless the
    vocabulary is small enough (characters) that ``vocab_size ** n`` codes, times the number of
    sequences, fit in an int64: then the code is the id and the sort is saved.
    """
    total = token_id.size
    seq = np.repeat(np.arange(lengths.size), lengths)
    tokens_left = np.repeat(lengths, lengths) - _offsets(lengths)  # tokens from i to the end
    gram, n_grams = token_id, max(vocab_size, 1)
    direct = float(max(vocab_size, 1)) ** max_order * max(lengths.size, 1) < 2.0 ** 60
    out = []
    for n in range(1, max_order + 1):
        if n > 1:
            starts = np.flatnonzero(tokens_left >= n)
            code = gram[starts] * vocab_size + token_id[starts + n - 1]
            if direct:
                dense, n_grams = code, max(vocab_size, 1) ** n
            else:
                unique_codes, dense = np.unique(code, return_inverse=True)
                n_grams = max(unique_codes.size, 1)
            gram = np.zeros(total, dtype=np.int64)
            gram[starts] = dense.ravel()
        valid = tokens_left >= n
        out.append((seq[valid], gram[valid], n_grams))
    return out


def _count_pairs(group, item, n_items):
    """Unique (group, item) keys and how often each occurs."""
    keys, counts = np.unique(group * n_items + item, return_counts=True)
    return keys, counts


def _clipped_overlap(hyp_keys, hyp_counts, ref_keys, ref_counts):
    """For each hypothesis key: min(its count, the reference's count), 0 when absent."""
    if ref_keys.size == 0:
        return np.zeros_like(hyp_counts)
    where = np.minimum(np.searchsorted(ref_keys, hyp_keys), ref_keys.size - 1)
    found = ref_keys[where] == hyp_keys
    return np.where(found, np.minimum(hyp_counts, ref_counts[where]), 0)


_LAST_ROUGE_BATCH = [None]  # (texts, token ids, lengths, vocabulary size) of the last batch


def _rouge_token_ids(texts):
    """Token ids, counts per text and vocabulary size, remembered for the last batch of texts.

    ROUGE-1, ROUGE-2, ... of the same pairs (rouge-score computes them in one call) then
    tokenize once: the batch is compared as a tuple of strings (equal strings, not only the
    same objects), so a changed text is never served stale tokens.
    """
    key = tuple(texts)
    last = _LAST_ROUGE_BATCH[0]
    if last is not None and last[0] == key:
        return last[1:]
    token_id, lengths, vocabulary = _token_ids(_tokenize_rouge(texts))
    _LAST_ROUGE_BATCH[0] = (key, token_id, lengths, len(vocabulary))
    return token_id, lengths, len(vocabulary)


def _overlap_by_pair(texts, n):
    """Per pair i (texts i and m + i): n-grams of each side and their clipped overlap."""
    m = len(texts) // 2
    token_id, lengths, vocab_size = _rouge_token_ids(texts)
    vocab_size = max(vocab_size, 1)
    if m * float(vocab_size) ** n < 2.0 ** 61:  # (pair, n-gram) codes fit in an int64: no renumbering
        seq = np.repeat(np.arange(lengths.size), lengths)
        start = np.flatnonzero(np.repeat(lengths, lengths) - _offsets(lengths) >= n)
        gram = token_id[start]
        for j in range(1, n):
            gram = gram * vocab_size + token_id[start + j]
        seq, n_grams = seq[start], vocab_size ** n
    else:
        (seq, gram, n_grams), = _ngram_ids(token_id, lengths, vocab_size, n)[n - 1:]
    in_b = seq >= m
    pair = seq - m * in_b
    # One sort of (pair, n-gram, side) codes: a code's count on side a sits just before side b's.
    code, count = np.unique((pair * n_grams + gram) * 2 + in_b, return_counts=True)
    both = np.flatnonzero((code[1:] >> 1) == (code[:-1] >> 1))  # the n-gram occurs on both sides
    common = np.bincount((code[both] >> 1) // n_grams, weights=np.minimum(count[both], count[both + 1]),
                         minlength=m)
    return np.bincount(pair[~in_b], minlength=m), np.bincount(pair[in_b], minlength=m), common


# --------------------------------------------------------------------------- perplexity


def _sequences(log_probs):
    """One 1-D sequence, a 2-D array of equal-length rows, or a list of sequences."""
    if isinstance(log_probs, np.ndarray) and log_probs.dtype != object:
        arr = as_float_array(log_probs, "log_probs", ndim=(1, 2))
        return [arr] if arr.ndim == 1 else list(arr)
    if isinstance(log_probs, (list, tuple)) and log_probs and all(
            isinstance(s, (list, tuple, np.ndarray)) for s in log_probs):
        return [as_float_array(s, f"log_probs[{i}]") for i, s in enumerate(log_probs)]
    return [as_float_array(log_probs, "log_probs")]


def perplexity(log_probs, *, per_sequence=False):
    """Perplexity: the exponential of the mean negative log-likelihood per token.

    Parameters
    ----------
    log_probs : array-like of shape (n_tokens,) or (n_sequences, n_tokens), or a list of sequences
        Natural-log probability ``log p(token | context)`` the model gave each token
        actually observed. A 1-D input is one sequence; a 2-D array or a list of 1-D
        sequences (of any lengths) is several.
    per_sequence : bool, default=False
        Return one perplexity per sequence instead of the pooled value.

    Returns
    -------
    float or ndarray of shape (n_sequences,)
        Pooled over every token (each token weighs the same), or one per sequence.
        Best value 1; a uniform guess over ``V`` tokens scores ``V``.

    Notes
    -----
    **Formula**: ``PPL = exp(-(1 / N) sum_t log p(x_t | x_<t))`` with ``N`` the number
    of tokens; pooled, ``N`` counts the tokens of every sequence (the mean is over
    tokens, not over sequences).

    **Intuition**: the number of equally likely tokens the model is "choosing among"
    on average: perplexity 20 is as unsure as a fair 20-sided die at every step.

    **Interview note**: perplexity depends on the tokenizer. The same text cut into
    more, shorter tokens has lower per-token perplexity though the model's probability
    of the text is unchanged, so compare models only with the same tokenizer (or use
    bits per character/byte). It is bounded below by the data's own entropy.

    **Edge cases**: natural logs are expected (for base-2 logs, multiply by ``ln 2``
    first). A log-probability above 0 (a probability above 1), NaN or infinity raises;
    a token of probability 0 (``-inf``) makes perplexity infinite, so it raises too:
    smooth the model. An empty sequence raises. A mean negative log-likelihood above
    about 709 nats per token overflows to ``inf`` (with NumPy's overflow warning).

    See Also
    --------
    bleu_score : scores generated text against references instead of likelihood.
    mlmetrics_edu.calibration.log_loss : the same negative log-likelihood, for classifiers.

    Examples
    --------
    >>> import numpy as np
    >>> perplexity(np.log([0.25, 0.25, 0.25]))
    4.0
    >>> perplexity([np.log([0.5, 0.5]), np.log([0.1])], per_sequence=True)
    array([ 2., 10.])
    """
    per_sequence = check_bool(per_sequence, "per_sequence")
    sequences = _sequences(log_probs)
    for i, s in enumerate(sequences):
        if s.ndim != 1:
            raise MetricInputError(f"log_probs[{i}] must be 1-D, got an array of shape {s.shape}")
        if s.size and s.max() > 0:
            raise MetricInputError(
                f"log_probs must be natural-log probabilities (<= 0), got a value of {s.max():.6g}")
    n_tokens = np.array([s.size for s in sequences])
    nll = np.array([-s.sum() for s in sequences])  # negative log-likelihood of each sequence
    if per_sequence:
        return np.exp(nll / n_tokens)
    return float(np.exp(nll.sum() / n_tokens.sum()))


# --------------------------------------------------------------------------- BLEU


@dataclass(frozen=True)
class BLEUResult:
    """BLEU and the parts it is made of (sacrebleu's ``BLEUScore`` fields).

    ``score`` and ``precisions`` are on sacrebleu's 0-100 scale; ``counts[n-1]`` and
    ``totals[n-1]`` are the clipped matches and the hypothesis n-grams of order ``n``;
    ``hyp_len`` and ``ref_len`` are the token counts behind the brevity penalty.
    """

    score: float
    precisions: tuple
    brevity_penalty: float
    counts: tuple
    totals: tuple
    hyp_len: int
    ref_len: int

    @property
    def ratio(self):
        """hyp_len / ref_len (0 when there is no reference token)."""
        return self.hyp_len / self.ref_len if self.ref_len else 0.0


def _closest_ref_lengths(hyp_lens, ref_lens, ref_segment, n_segments):
    """Per segment, the reference length closest to the hypothesis'; ties go to the shorter."""
    distance = np.abs(ref_lens - hyp_lens[ref_segment])
    order = np.lexsort((ref_lens, distance, ref_segment))  # by segment, then distance, then length
    first = np.searchsorted(ref_segment[order], np.arange(n_segments))
    return ref_lens[order][first]


def _bleu_statistics(hypotheses, references, lowercase, tokenize):
    """sacrebleu's sufficient statistics, per segment: lengths, clipped counts, totals."""
    hypotheses = _check_texts(hypotheses, "hypotheses")
    references = _check_reference_lists(references, len(hypotheses))
    lowercase = check_bool(lowercase, "lowercase")
    check_option(tokenize, "tokenize", TOKENIZERS)
    m = len(hypotheses)
    ref_segment = np.repeat(np.arange(m), [len(r) for r in references])
    token_id, lengths, vocab_size = _bleu_tokens(hypotheses + [r for refs in references for r in refs],
                                                 tokenize, lowercase)
    hyp_len = lengths[:m]
    ref_len = _closest_ref_lengths(hyp_len, lengths[m:], ref_segment, m)
    counts, totals = np.zeros((MAX_ORDER, m), np.int64), np.zeros((MAX_ORDER, m), np.int64)
    for n, (seq, gram, n_grams) in enumerate(_ngram_ids(token_id, lengths, vocab_size, MAX_ORDER), start=1):
        in_hyp = seq < m
        hyp_keys, hyp_counts = _count_pairs(seq[in_hyp], gram[in_hyp], n_grams)
        # Each reference's counts, then the maximum over the references of a segment.
        per_ref_keys, per_ref_counts = _count_pairs(seq[~in_hyp] - m, gram[~in_hyp], n_grams)
        seg_keys = ref_segment[per_ref_keys // n_grams] * n_grams + per_ref_keys % n_grams
        order = np.argsort(seg_keys, kind="stable")
        seg_keys, per_ref_counts = seg_keys[order], per_ref_counts[order]
        starts = np.flatnonzero(np.diff(seg_keys, prepend=-1) != 0)  # first row of each key
        ref_keys, ref_max = seg_keys[starts], np.maximum.reduceat(per_ref_counts, starts)
        clipped = _clipped_overlap(hyp_keys, hyp_counts, ref_keys, ref_max)
        counts[n - 1] = np.bincount(hyp_keys // n_grams, weights=clipped, minlength=m)
        totals[n - 1] = np.maximum(hyp_len - n + 1, 0)
    return hyp_len, ref_len, counts, totals


def _check_smoothing(smooth_method, smooth_value):
    """The method, and its value (sacrebleu's default when None; refused for exp and none)."""
    check_option(smooth_method, "smooth_method", tuple(SMOOTH_DEFAULTS))
    if smooth_value is None:
        return smooth_method, SMOOTH_DEFAULTS[smooth_method]
    if SMOOTH_DEFAULTS[smooth_method] is None:
        raise MetricInputError(f"smooth_value={smooth_value!r} has no effect with smooth_method="
                               f"{smooth_method!r}; it is for 'floor' and 'add-k'")
    if isinstance(smooth_value, bool) or not isinstance(smooth_value, numbers.Real) \
            or not 0 < smooth_value < math.inf:
        raise MetricInputError(f"smooth_value must be a positive number, got {smooth_value!r}")
    return smooth_method, smooth_value


def _bleu_from_statistics(hyp_len, ref_len, counts, totals, smooth_method, effective_order,
                          smooth_value=None):
    """BLEU from summed statistics, with sacrebleu's smoothing and effective order.

    Smoothing of an order with no match (Chen & Cherry, 2014): ``none`` leaves its precision
    0 (so BLEU is 0); ``floor`` gives it ``smooth_value`` matches; ``exp`` gives the j-th such
    order ``1 / 2^j`` of a match (mteval-v13a); ``add-k`` adds ``smooth_value`` to the matches
    *and* the totals of every order n >= 2, matched or not.
    """
    counts, totals = [int(c) for c in counts], [int(t) for t in totals]
    raw_counts, raw_totals = tuple(counts), tuple(totals)
    # Brevity penalty: a short hypothesis cannot win on precision alone.
    bp = 1.0 if hyp_len >= ref_len else (math.exp(1 - ref_len / hyp_len) if hyp_len > 0 else 0.0)
    precisions = [0.0] * MAX_ORDER
    if not any(counts):
        return BLEUResult(0.0, tuple(precisions), bp, raw_counts, raw_totals, hyp_len, ref_len)
    smooth, orders = 1.0, MAX_ORDER
    for n in range(1, MAX_ORDER + 1):
        if smooth_method == "add-k" and n > 1:
            counts[n - 1] += smooth_value
            totals[n - 1] += smooth_value
        if totals[n - 1] == 0:
            break  # no n-gram of this order: with effective order, stop averaging here
        if effective_order:
            orders = n
        if counts[n - 1] == 0:
            if smooth_method == "exp":  # mteval's smoothing: 1/2, 1/4, ... of a match
                smooth *= 2
                precisions[n - 1] = 100.0 / (smooth * totals[n - 1])
            elif smooth_method == "floor":  # a fixed fraction of a match
                precisions[n - 1] = 100.0 * smooth_value / totals[n - 1]
        else:
            precisions[n - 1] = 100.0 * counts[n - 1] / totals[n - 1]  # clipped precision
    log_mean = sum(math.log(p) if p > 0 else -9999999999.0 for p in precisions[:orders]) / orders
    score = bp * math.exp(log_mean)  # geometric mean of the precisions, times the penalty
    return BLEUResult(score, tuple(precisions), bp, raw_counts, raw_totals, hyp_len, ref_len)


def bleu_details(hypotheses, references, *, lowercase=False, tokenize="13a", smooth_method="exp",
                 smooth_value=None, use_effective_order=False):
    """Corpus BLEU with its parts: n-gram precisions, brevity penalty, counts and lengths.

    Parameters
    ----------
    hypotheses : list of str
        The system outputs, one per segment.
    references : list of (str or list of str)
        ``references[i]``: the reference (or list of references) for ``hypotheses[i]``;
        segments may have different numbers of references. ``None`` entries are skipped.
    lowercase : bool, default=False
        Lowercase everything before tokenizing.
    tokenize : {"13a", "intl", "char", "none"}, default="13a"
        ``"13a"`` is the mteval-v13a tokenizer (WMT's standard); ``"intl"`` is mteval-v14's
        international one (every Unicode punctuation mark and symbol split off, except
        punctuation between digits); ``"char"`` makes every non-space character a token
        (for languages without spaces); ``"none"`` splits on whitespace only.
    smooth_method : {"exp", "floor", "add-k", "none"}, default="exp"
        What an order with no match contributes (Chen & Cherry, 2014): ``"exp"`` gives the
        j-th such order ``1 / 2^j`` of a match (mteval's method 3); ``"floor"`` gives it
        ``smooth_value`` matches; ``"add-k"`` adds ``smooth_value`` to the matches and the
        n-grams of every order n >= 2; ``"none"`` leaves its precision 0, so BLEU is 0.
    smooth_value : float > 0, default=None
        For ``"floor"`` (default 0.1) and ``"add-k"`` (default 1), as sacrebleu; refused with
        the other two methods (sacrebleu ignores it there).
    use_effective_order : bool, default=False
        Average only the orders that have at least one hypothesis n-gram (sentence BLEU).

    Returns
    -------
    BLEUResult
        ``score`` (0-100), ``precisions`` (0-100, orders 1-4), ``brevity_penalty``,
        ``counts``, ``totals``, ``hyp_len``, ``ref_len``.

    Notes
    -----
    **Formula**: ``p_n = sum_seg sum_g min(count_hyp(g), max_r count_r(g)) / sum_seg
    #hyp n-grams`` (clipped precision, pooled over the corpus);
    ``BP = 1 if c >= r else exp(1 - r / c)`` with ``c`` the hypothesis tokens and ``r``
    the sum over segments of the reference length closest to each hypothesis (ties go to
    the shorter); ``BLEU = 100 * BP * exp(mean_n log p_n)`` over ``n = 1..4``.

    **Intuition**: how many of the hypothesis' word sequences also occur in a
    reference, with a penalty when the hypothesis is too short to be judged on
    precision alone.

    **Interview note**: without clipping, "the the the the" scores a perfect unigram
    precision against any reference containing "the"; without the brevity penalty a
    one-word hypothesis can score 100. BLEU is a *corpus* metric: statistics are summed
    over segments before the ratio, not averaged per sentence.

    **Edge cases**: equal to sacrebleu 2.x ``corpus_bleu(hypotheses,
    list_of_reference_streams)`` with the same options (``intl`` uses Python's Unicode
    categories where sacrebleu uses the ``regex`` package's: they can differ only for
    characters one Unicode version added); with ``add-k``, ``counts`` and ``totals`` stay
    the raw integers (sacrebleu reports them with k added); an empty hypothesis scores 0 (brevity penalty 0 against
    a non-empty reference);
    no matching unigram at all gives 0. A segment with no reference raises (sacrebleu
    would crash). Repeated words are clipped at the most any single reference has.

    See Also
    --------
    bleu_score : the same computation, returning only the score.
    sentence_bleu : one segment, with effective order (sacrebleu's ``sentence_bleu``).
    rouge_n : recall-oriented n-gram overlap for summaries.

    Examples
    --------
    >>> r = bleu_details(["the cat sat on the mat"], [["the cat is on the mat"]])
    >>> round(r.score, 4), r.counts, r.totals, r.brevity_penalty
    (37.9918, (5, 3, 1, 0), (6, 5, 4, 3), 1.0)
    """
    smooth_method, smooth_value = _check_smoothing(smooth_method, smooth_value)
    use_effective_order = check_bool(use_effective_order, "use_effective_order")
    hyp_len, ref_len, counts, totals = _bleu_statistics(hypotheses, references, lowercase, tokenize)
    return _bleu_from_statistics(int(hyp_len.sum()), int(ref_len.sum()), counts.sum(axis=1),
                                 totals.sum(axis=1), smooth_method, use_effective_order, smooth_value)


def bleu_score(hypotheses, references, *, lowercase=False, tokenize="13a", smooth_method="exp",
               smooth_value=None, use_effective_order=False):
    """Corpus BLEU on sacrebleu's 0-100 scale (``sacrebleu.corpus_bleu`` with its defaults).

    Parameters
    ----------
    hypotheses : list of str
        The system outputs, one per segment.
    references : list of (str or list of str)
        ``references[i]``: the reference(s) for ``hypotheses[i]``; the number may vary by
        segment; ``None`` entries are skipped. (sacrebleu takes the transpose: a list of
        reference *streams*, each as long as ``hypotheses``.)
    lowercase, tokenize, smooth_method, smooth_value, use_effective_order
        As in :func:`bleu_details`.

    Returns
    -------
    float
        BLEU in [0, 100]; higher is better.

    Notes
    -----
    **Formula**: ``BLEU = 100 * BP * (p_1 p_2 p_3 p_4)^(1/4)`` with ``p_n`` the clipped
    n-gram precision pooled over the corpus and ``BP`` the brevity penalty (see
    :func:`bleu_details`).

    **Intuition**: a precision of word sequences against human references, guarded
    against gaming by clipping repeats and penalising short output.

    **Interview note**: BLEU measures surface overlap, not meaning: a correct
    paraphrase can score near 0 and a wrong sentence made of the right words can score
    high. Scores are comparable only with the same tokenizer and references (report
    sacrebleu's signature); use learned metrics (COMET, BLEURT) for meaning.

    **Edge cases**: see :func:`bleu_details`; bad input (a single string instead of a
    list, lengths that differ, a segment with no reference) raises ``MetricInputError``.

    See Also
    --------
    bleu_details : the precisions, brevity penalty and counts behind the score.
    sentence_bleu : per-sentence BLEU, smoothed, for one segment.

    Examples
    --------
    >>> bleu_score(["the cat sat on the mat", "a dog barked"],
    ...            [["the cat is on the mat", "there is a cat on the mat"], "the dog barked"])
    34.8878
    """
    return bleu_details(hypotheses, references, lowercase=lowercase, tokenize=tokenize,
                        smooth_method=smooth_method, smooth_value=smooth_value,
                        use_effective_order=use_effective_order).score


def sentence_bleu(hypothesis, references, *, lowercase=False, tokenize="13a", smooth_method="exp",
                  smooth_value=None, use_effective_order=True):
    """BLEU of one segment (``sacrebleu.sentence_bleu`` with its defaults).

    Parameters
    ----------
    hypothesis : str
        One system output.
    references : str or list of str
        Its reference or references.
    lowercase, tokenize, smooth_method, smooth_value : as in :func:`bleu_details`
    use_effective_order : bool, default=True
        Skip n-gram orders longer than the hypothesis (sacrebleu's sentence default).

    Returns
    -------
    float
        BLEU in [0, 100].

    Notes
    -----
    **Formula**: the corpus formula of :func:`bleu_details` on a corpus of one segment,
    with exp smoothing and only the orders ``n <= len(hypothesis)`` averaged.

    **Intuition**: a per-sentence overlap score, e.g. to find the worst translations.

    **Interview note**: BLEU was designed for corpora; at sentence level most 4-grams
    fail to match and the score is dominated by the smoothing choice. Averaging
    sentence BLEU over a corpus is *not* corpus BLEU.

    **Edge cases**: no unigram match gives 0; an empty hypothesis gives 0. At sentence
    level the smoothing decides most of the score: ``smooth_method="floor"`` or
    ``"add-k"`` give other numbers than ``"exp"`` on the same sentence -- report which.

    See Also
    --------
    bleu_score : the corpus score, the one to report.
    rouge_l : a sentence-level overlap based on the longest common subsequence.

    Examples
    --------
    >>> round(sentence_bleu("the cat sat on the mat", ["the cat is on the mat"]), 4)
    37.9918
    >>> round(sentence_bleu("a cat", "a cat sat"), 4)
    60.6531
    >>> round(sentence_bleu("the cat sat", "the cat is here", smooth_method="add-k"), 4)
    49.1963
    """
    hypothesis = _check_text(hypothesis, "hypothesis")
    if isinstance(references, str):
        references = [references]
    return bleu_details([hypothesis], [references], lowercase=lowercase, tokenize=tokenize,
                        smooth_method=smooth_method, smooth_value=smooth_value,
                        use_effective_order=use_effective_order).score


# --------------------------------------------------------------------------- ROUGE


def _pairs(target, prediction):
    """(targets, predictions, single): one pair of strings, or two equal-length lists."""
    if isinstance(target, str) or isinstance(prediction, str):
        return [_check_text(target, "target")], [_check_text(prediction, "prediction")], True
    target, prediction = _check_texts(target, "target"), _check_texts(prediction, "prediction")
    if len(target) != len(prediction):
        raise MetricInputError(f"target and prediction differ in length: {len(target)} != {len(prediction)}")
    return target, prediction, False


def _prf(common, n_pred, n_target, single, zero_division, what):
    """Precision, recall and F1 of an overlap; an empty side (0/0) follows zero_division."""
    value = check_zero_division(zero_division)
    precision = divide(common, n_pred, zero_division=zero_division, warn=False)
    recall = divide(common, n_target, zero_division=zero_division, warn=False)
    both = precision + recall
    fmeasure = np.where(both > 0, 2 * precision * recall / np.where(both > 0, both, 1), 0.0)
    fmeasure = np.where((n_pred == 0) | (n_target == 0), value, fmeasure)  # F needs both P and R
    n_undefined = int(np.count_nonzero((n_pred == 0) | (n_target == 0)))
    if n_undefined and isinstance(zero_division, str):
        warn_undefined(
            f"{what} is undefined for {n_undefined} pair(s) whose target or prediction has no "
            "token to count and set to 0.0 there (rouge-score's value). Pass zero_division=0, 1 "
            "or np.nan to choose the value and silence this warning.")
    if single:
        return {"precision": float(precision[0]), "recall": float(recall[0]), "fmeasure": float(fmeasure[0])}
    return {"precision": precision, "recall": recall, "fmeasure": fmeasure}


def _check_n(n):
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise MetricInputError(f"n must be a positive integer, got {n!r}")
    return int(n)


def rouge_n(target, prediction, n=1, *, zero_division="warn"):
    """ROUGE-N: n-gram overlap between a target (reference) and a prediction.

    Parameters
    ----------
    target : str or list of str
        The reference text (a summary written by a person), or one per pair.
    prediction : str or list of str
        The generated text, or one per pair (same length as ``target``).
    n : int, default=1
        The n-gram order (ROUGE-1, ROUGE-2, ...).
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        The value when the target or prediction has fewer than ``n`` tokens
        ("warn" gives 0.0, rouge-score's value, and warns).

    Returns
    -------
    dict
        ``{"precision", "recall", "fmeasure"}``: floats for one pair, arrays of shape
        ``(n_pairs,)`` for lists.

    Notes
    -----
    **Formula**: ``overlap = sum_g min(count_target(g), count_prediction(g))`` over
    n-grams ``g``; ``recall = overlap / #target n-grams``, ``precision = overlap /
    #prediction n-grams``, ``fmeasure = 2PR / (P + R)``. Tokens: lowercase, every
    character outside ``[a-z0-9]`` separates tokens (rouge-score, ``use_stemmer=False``).

    **Intuition**: how much of the reference's content did the summary cover
    (recall), and how much of the summary is in the reference (precision)?

    **Interview note**: ROUGE was built recall-first for summarization (did you cover
    what the human wrote?), BLEU precision-first for translation. Both reward word
    overlap, not meaning or factual accuracy.

    **Edge cases**: equal to ``rouge_score.rouge_scorer.RougeScorer(["rougeN"],
    use_stemmer=False).score(target, prediction)``; non-ASCII letters are separators
    (so "café" becomes "caf"); when either side has no n-gram every value is
    ``zero_division``.

    See Also
    --------
    rouge_l : in-order overlap (longest common subsequence) instead of n-grams.
    bleu_score : clipped n-gram precision with a brevity penalty.

    Examples
    --------
    >>> rouge_n("The cat sat on the mat.", "the cat lay on the mat")
    {'precision': 0.8333333333333334, 'recall': 0.8333333333333334, 'fmeasure': 0.8333333333333334}
    >>> rouge_n("The cat sat on the mat.", "the cat lay on the mat", n=2)["recall"]
    0.6
    """
    n = _check_n(n)
    targets, predictions, single = _pairs(target, prediction)
    n_target, n_pred, overlap = _overlap_by_pair(targets + predictions, n)
    return _prf(overlap, n_pred, n_target, single, zero_division, f"ROUGE-{n}")


def _lcs_length(a, b):
    """Length of the longest common subsequence of two token lists (bit-parallel, Hyyro 2004).

    Bit i of ``v`` is 0 where row i of the DP table steps up. ``match[w]`` marks the
    positions of word w in ``a``; each token of ``b`` updates every row at once.
    """
    if not a or not b:
        return 0
    match = {}
    for i, word in enumerate(a):
        match[word] = match.get(word, 0) | (1 << i)
    mask = (1 << len(a)) - 1
    v = mask
    for word in b:
        u = v & match.get(word, 0)
        v = ((v + u) | (v - u)) & mask
    return len(a) - v.bit_count()


def rouge_l(target, prediction, *, zero_division="warn"):
    """ROUGE-L: overlap measured by the longest common subsequence of words.

    Parameters
    ----------
    target : str or list of str
        The reference text, or one per pair.
    prediction : str or list of str
        The generated text, or one per pair.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        The value when the target or the prediction has no token.

    Returns
    -------
    dict
        ``{"precision", "recall", "fmeasure"}``: floats for one pair, arrays for lists.

    Notes
    -----
    **Formula**: ``LCS`` = length of the longest common subsequence of the two token
    lists; ``recall = LCS / len(target)``, ``precision = LCS / len(prediction)``,
    ``fmeasure = 2PR / (P + R)`` (rouge-score's ``rougeL``, F with beta = 1).

    **Intuition**: the longest run of reference words the prediction reproduces in the
    same order, gaps allowed: it rewards sentence-level word order without fixing n.

    **Interview note**: ``rougeL`` treats the text as one sequence; ``rougeLsum``
    splits sentences on newlines and takes a union LCS per sentence, which is what
    summarization papers usually report. Check which one a paper used.

    **Edge cases**: equal to ``RougeScorer(["rougeL"], use_stemmer=False)``; an empty
    side gives ``zero_division``; the same tokenizer as :func:`rouge_n`.

    See Also
    --------
    rouge_n : counts contiguous n-grams, ignoring order beyond n.
    token_f1 : bag-of-words F1 for short answers.

    Examples
    --------
    >>> rouge_l("police killed the gunman", "police kill the gunman")["fmeasure"]
    0.75
    >>> rouge_l("police killed the gunman", "the gunman police killed")["recall"]
    0.5
    """
    targets, predictions, single = _pairs(target, prediction)
    tokens = _tokenize_rouge(targets + predictions)
    tokens_t, tokens_p = tokens[:len(targets)], tokens[len(targets):]
    lcs = np.array([_lcs_length(t, p) for t, p in zip(tokens_t, tokens_p)], dtype=np.float64)
    n_target = np.array([len(t) for t in tokens_t])
    n_pred = np.array([len(p) for p in tokens_p])
    return _prf(lcs, n_pred, n_target, single, zero_division, "ROUGE-L")


# --------------------------------------------------------------------------- question answering


def _qa_pairs(prediction, ground_truths):
    """(predictions, lists of ground truths, single)."""
    if isinstance(prediction, str):
        return [prediction], _check_reference_lists([ground_truths], 1, "ground_truths"), True
    predictions = _check_texts(prediction, "prediction")
    if isinstance(ground_truths, str):
        raise MetricInputError("ground_truths must hold one answer (or list of answers) per prediction, "
                               "got a single string")
    if not isinstance(ground_truths, (Sequence, np.ndarray)) or len(ground_truths) != len(predictions):
        got = len(ground_truths) if isinstance(ground_truths, (Sequence, np.ndarray)) else type(ground_truths).__name__
        raise MetricInputError(f"prediction and ground_truths differ in length: {len(predictions)} != {got}")
    return predictions, _check_reference_lists(ground_truths, len(predictions), "ground_truths"), False


def _answer_f1(prediction_tokens, truth_tokens):
    common = {}
    for word in prediction_tokens:
        common[word] = common.get(word, 0) + 1
    n_common = 0
    for word in truth_tokens:  # clipped: each prediction token matches at most once
        if common.get(word, 0) > 0:
            common[word] -= 1
            n_common += 1
    if not prediction_tokens and not truth_tokens:
        return None  # 0/0: both answers normalize to nothing
    if n_common == 0:
        return 0.0
    precision = n_common / len(prediction_tokens)
    recall = n_common / len(truth_tokens)
    return 2 * precision * recall / (precision + recall)


def exact_match(prediction, ground_truths):
    """Exact match after SQuAD's answer normalization, best over the ground truths.

    Parameters
    ----------
    prediction : str or list of str
        The predicted answer, or one per question.
    ground_truths : str or list of str, or a list of those
        The accepted answer(s) for the question, or one entry per question when
        ``prediction`` is a list.

    Returns
    -------
    float or ndarray of shape (n_questions,)
        1.0 when the normalized prediction equals some normalized ground truth, else
        0.0; one value per question for lists (their mean is the reported EM).

    Notes
    -----
    **Formula**: ``EM = max_g [normalize(prediction) == normalize(g)]`` where
    ``normalize`` lowercases, deletes ASCII punctuation, deletes the articles a/an/the
    and collapses whitespace (SQuAD v1.1's ``normalize_answer``).

    **Intuition**: did the model give *the* answer, ignoring case, punctuation and
    articles?

    **Interview note**: EM is harsh ("Barack Obama" vs "Obama" scores 0), so SQuAD
    reports token F1 beside it; with several accepted answers take the max, not the
    mean.

    **Edge cases**: punctuation is deleted, not replaced by a space ("U.S." becomes
    "us"); two answers that normalize to the empty string match. ``None`` ground truths
    are skipped; a question with none raises.

    See Also
    --------
    token_f1 : partial credit for overlapping tokens.

    Examples
    --------
    >>> exact_match("The Eiffel Tower!", ["eiffel tower", "Tour Eiffel"])
    1.0
    >>> exact_match(["Paris", "in 1889"], [["Paris"], "1889"])
    array([1., 0.])
    """
    predictions, truths, single = _qa_pairs(prediction, ground_truths)
    scores = np.array([max(float(_normalize_answer(p) == _normalize_answer(g)) for g in gs)
                       for p, gs in zip(predictions, truths)])
    return float(scores[0]) if single else scores


def token_f1(prediction, ground_truths, *, zero_division="warn"):
    """Token-level F1 of an answer (SQuAD), best over the ground truths.

    Parameters
    ----------
    prediction : str or list of str
        The predicted answer, or one per question.
    ground_truths : str or list of str, or a list of those
        The accepted answer(s), or one entry per question when ``prediction`` is a list.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        The value when the prediction *and* a ground truth are both empty after
        normalization ("warn" gives 0.0 as SQuAD v1.1 and warns; SQuAD v2.0 uses 1).

    Returns
    -------
    float or ndarray of shape (n_questions,)
        F1 in [0, 1]; one value per question for lists.

    Notes
    -----
    **Formula**: with ``common`` the multiset intersection of the normalized tokens,
    ``P = |common| / |prediction tokens|``, ``R = |common| / |truth tokens|``,
    ``F1 = 2PR / (P + R)`` (0 when nothing is common); the max over ground truths.

    **Intuition**: partial credit: how much of the answer's words the model got, and
    how much of what it said was the answer.

    **Interview note**: token F1 ignores order ("1889 in" = "in 1889") and counts
    each word at most as often as it occurs in the truth; it is the standard partner
    of exact match for extractive QA.

    **Edge cases**: an answer that normalizes to nothing (only articles or
    punctuation) has no tokens: against a non-empty truth F1 is 0; against an empty
    truth it is 0/0 and follows ``zero_division``.

    See Also
    --------
    exact_match : all-or-nothing version.
    rouge_n : the same unigram overlap with rouge-score's tokenizer (ROUGE-1 F).

    Examples
    --------
    >>> token_f1("the Eiffel Tower in Paris", "Eiffel Tower")
    0.6666666666666666
    >>> token_f1(["in 1889", "Gustave Eiffel"], [["1889"], ["Eiffel", "G. Eiffel"]])
    array([0.66666667, 0.66666667])
    """
    value = check_zero_division(zero_division)
    predictions, truths, single = _qa_pairs(prediction, ground_truths)
    scores, n_undefined = [], 0
    for p, gs in zip(predictions, truths):
        p_tokens = _normalize_answer(p).split()
        f1s = [_answer_f1(p_tokens, _normalize_answer(g).split()) for g in gs]
        n_undefined += any(f is None for f in f1s)
        defined = [f for f in f1s if f is not None]
        scores.append(max(defined + ([float(value)] if len(defined) < len(f1s) else [])))
    if n_undefined and isinstance(zero_division, str):
        warn_undefined(
            f"token F1 is undefined (0/0) for {n_undefined} question(s) whose prediction and a "
            "ground truth are both empty after normalization, and set to 0.0 (SQuAD v1.1). Pass "
            "zero_division=0, 1 (SQuAD v2.0) or np.nan to choose the value and silence this warning.")
    return float(scores[0]) if single else np.array(scores, dtype=np.float64)


# --------------------------------------------------------------------------- pass@k


def _count_array(x, name):
    try:
        arr = np.asarray(x)
    except ValueError:
        raise MetricInputError(f"{name} could not be read as an array of counts") from None
    if arr.dtype == object or arr.dtype.kind not in "biuf":
        raise MetricInputError(f"{name} must hold integers, got {arr.dtype} values")
    if arr.dtype.kind == "b":
        raise MetricInputError(f"{name} must hold integers, got booleans")
    if arr.dtype.kind == "f":
        as_float_array(arr, name, ndim=(0, 1), allow_empty=True)  # NaN / inf
        if not np.all(arr == np.floor(arr)):
            raise MetricInputError(f"{name} must hold whole numbers, got {arr[arr != np.floor(arr)][0]!r}")
    if arr.ndim > 1:
        raise MetricInputError(f"{name} must be a scalar or 1-D, got an array of shape {arr.shape}")
    if arr.size == 0:
        raise MetricInputError(f"{name} is empty; pass one count per problem")
    if (arr < 0).any():
        raise MetricInputError(f"{name} must be >= 0, got {arr.min()!r}")
    return arr.astype(np.int64)


def pass_at_k(n, c, k):
    """pass@k: the chance that at least one of k samples passes, estimated without bias.

    Parameters
    ----------
    n : int or array-like of shape (n_problems,)
        Samples generated per problem.
    c : int or array-like of shape (n_problems,)
        How many of them passed the unit tests (``0 <= c <= n``).
    k : int or array-like of shape (n_problems,)
        The budget of attempts, ``k >= 1``; ``k > n`` follows HumanEval's estimator (1.0)
        and warns.

    Returns
    -------
    float or ndarray of shape (n_problems,)
        A float when every argument is a scalar, else one estimate per problem (the
        benchmark's pass@k is their mean).

    Notes
    -----
    **Formula**: ``pass@k = 1 - C(n - c, k) / C(n, k)`` (Chen et al., 2021, HumanEval),
    computed as ``1 - prod_{i=0}^{k-1} (1 - c / (n - i))`` -- or the equal product
    ``prod_{i=n-c+1}^{n} (1 - k / i)`` when ``c < k`` -- in logs, never forming a
    binomial coefficient, so ``n`` in the thousands is exact to ~1e-15.

    **Intuition**: draw k of the n samples without replacement; pass@k is the chance
    that the draw contains a passing one.

    **Interview note**: the plug-in ``1 - (1 - c/n)^k`` (draws *with* replacement) is
    biased downward -- it is below the unbiased estimate whenever ``0 < c < n`` and
    ``k > 1`` -- and generating exactly k samples and checking them has high variance.
    Generate ``n > k`` samples and use this estimator.

    **Edge cases**: ``n - c < k`` (too few failures to fill k draws) gives 1.0; ``c = 0``
    gives 0.0; ``c > n``, ``k < 1`` or a negative count raises. ``k > n`` is outside the
    estimator (you cannot draw k of n samples): equal to HumanEval's
    ``estimate_pass_at_k``, it returns 1.0 -- because ``n - c < k`` -- even when ``c = 0``,
    and warns ``UndefinedMetricWarning``; generate at least k samples per problem instead.

    See Also
    --------
    exact_match : the k = 1, one-sample version for QA-style answers.

    Examples
    --------
    >>> pass_at_k(10, 3, 1)
    0.3
    >>> round(pass_at_k(10, 3, 5), 6)
    0.916667
    >>> pass_at_k([200, 200, 200], [0, 10, 190], 10)
    array([0.        , 0.40854787, 1.        ])
    """
    scalar = all(np.ndim(x) == 0 for x in (n, c, k))
    n, c, k = _count_array(n, "n"), _count_array(c, "c"), _count_array(k, "k")
    try:
        n, c, k = np.broadcast_arrays(n, c, k)
    except ValueError:
        raise MetricInputError(f"n, c and k differ in length: {n.size}, {c.size}, {k.size}") from None
    n, c, k = np.atleast_1d(n, c, k)
    if (k < 1).any():
        raise MetricInputError(f"k must be >= 1, got {k.min()}")
    if (c > n).any():
        i = int(np.flatnonzero(c > n)[0])
        raise MetricInputError(f"c must be <= n: problem {i} has c={c[i]} passing of n={n[i]} samples")
    if (k > n).any():
        i = int(np.flatnonzero(k > n)[0])
        warn_undefined(f"k > n for {int((k > n).sum())} problem(s) (e.g. problem {i}: k={k[i]}, "
                       f"n={n[i]}): pass@k cannot be estimated from fewer than k samples; returned "
                       "1.0 there, as HumanEval's estimator does (even with c = 0). Generate at "
                       "least k samples per problem.")
    # log C(n-c, k)/C(n, k) as a sum of min(c, k) log1p terms per problem (ragged, flattened)
    terms = np.where(n - c < k, 0, np.minimum(c, k))
    problem = np.repeat(np.arange(n.size), terms)
    j = np.arange(terms.sum()) - np.repeat(np.cumsum(terms) - terms, terms)  # 0, 1, ... per problem
    use_k = (c < k)[problem]  # prod over i = n-c+1..n of (1 - k/i)  vs  prod over i of (1 - c/(n-i))
    ratio_terms = np.where(use_k, np.log1p(-k[problem] / (n[problem] - j)),
                           np.log1p(-c[problem] / (n[problem] - j)))
    log_ratio = np.bincount(problem, weights=ratio_terms, minlength=n.size)
    estimate = np.where(n - c < k, 1.0, 0.0 - np.expm1(log_ratio))  # 1 - ratio, accurate when small
    return float(estimate.reshape(-1)[0]) if scalar else estimate.reshape(-1)
