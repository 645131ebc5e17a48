"""Specs for drill set 07: pass@k, BLEU's clipped counts, BLEU, ROUGE-L and token F1.

Each misconception is a real mistake seen in code reviews and interviews: pass@k as
1 - (1 - c/n)^k, BLEU without clipping or without the brevity penalty, the longest
common substring in place of the subsequence, token F1 over sets of words.
"""

import math

from mlmetrics_edu.drill.cases import call
from mlmetrics_edu.drill.compare import all_same
from mlmetrics_edu.drill.spec import Drill, Edge, Prop, Random, Tol, Wrong, with_hint_solutions

TITLE = "Generation metrics: pass@k, BLEU, ROUGE-L, token F1"

VOCAB = ["the", "cat", "sat", "on", "mat", "a", "dog", "is", "there"]


def _tokens(rng, low=0, high=12, vocab=5):
    return [str(w) for w in rng.choice(VOCAB[:vocab], size=int(rng.integers(low, high + 1)))]


def _perturbed(rng, tokens):
    """A copy of ``tokens`` with a few substitutions, deletions and insertions."""
    out = []
    for t in tokens:
        r = rng.random()
        if r < 0.1:
            continue
        out.append(str(rng.choice(VOCAB)) if r < 0.25 else t)
        if rng.random() < 0.08:
            out.append(str(rng.choice(VOCAB)))
    return out


def _non_decreasing(what):
    def holds(outs, calls):
        for i in range(1, len(outs)):
            if float(outs[i]) + 1e-12 < float(outs[i - 1]):
                return f"{what}: call {i + 1} gave {outs[i]!r}, below call {i} ({outs[i - 1]!r})"
        return None
    return holds


# --- 1. pass@k ------------------------------------------------------------------------------


def _pass_plug_in(n, c, k):
    return float(1 - (1 - c / n) ** k)


def _pass_ignores_k(n, c, k):
    return float(c / n)


def _pass_union_bound(n, c, k):
    return float(min(1.0, k * c / n))


def _pass_case(rng):
    n = int(rng.integers(1, 200))
    c = int(rng.integers(0, n + 1)) if rng.random() < 0.7 else int(rng.integers(0, max(n // 10, 1)))
    return n, min(c, n), int(rng.integers(1, n + 1))


def _growing_k(rng):
    n = int(rng.integers(5, 300))
    c = int(rng.integers(1, n))
    ks = sorted({int(k) for k in rng.integers(1, n + 1, size=4)})
    return [call(n, c, k) for k in ks]


PASS_AT_K = Drill(
    id="pass-at-k",
    title="pass@k (unbiased estimator)",
    function="pass_at_k",
    signature="pass_at_k(n, c, k) -> float",
    conventions=(
        "pass@k = 1 - C(n - c, k) / C(n, k): k tries drawn without replacement (HumanEval).",
        "n - c < k gives 1.0; 0 <= c <= n and 1 <= k <= n; n can be in the thousands.",
        "Return a float; float factorials overflow, so use a product (or exact integers).",
    ),
    returns="float",
    hints=(
        "If you draw k of the n programs at random, what is the chance that every one of them fails?",
        "P(all k fail) = C(n - c, k) / C(n, k); write it as the product over i = n-c+1..n of (1 - k / i) "
        "to avoid huge numbers, and handle n - c < k first.",
        "if n - c < k: return 1.0; return float(1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1))).",
    ),
    edges=(
        Edge("pass-at-1", "with one try pass@1 is the fraction of passing samples, c / n", (10, 3, 1)),
        Edge("certain", "only 2 failures among 5: any 3 tries include a pass", (5, 3, 3)),
        Edge("no-pass", "no sample passes: 0.0 whatever k", (20, 0, 7)),
        Edge("all-tries", "k = n tries every sample: 1.0 as soon as one passes", (8, 1, 8)),
        Edge("thousands", "n = 2000 samples: float factorials would overflow", (2000, 7, 100)),
    ),
    random=Random(_pass_case, n=30),
    props=(
        Prop("non-decreasing-in-k", "more tries can only raise the chance of a pass", _growing_k,
             _non_decreasing("pass@k must not fall as k grows")),
    ),
    wrongs=(
        Wrong("plug-in", "you computed 1 - (1 - c/n)^k: that draws WITH replacement and is biased low; "
              "use 1 - C(n-c, k) / C(n, k)", _pass_plug_in),
        Wrong("ignores-k", "you returned c / n: that is pass@1, whatever k is", _pass_ignores_k),
        Wrong("union-bound", "you returned min(1, k c / n): adding the chances of k tries double-counts "
              "draws with several passes", _pass_union_bound),
    ),
    tol=Tol(rtol=1e-9, atol=1e-12),
)

# --- 2. clipped n-gram counts ----------------------------------------------------------------


def _counts(tokens, n):
    counts = {}
    for i in range(len(tokens) - n + 1):
        gram = tuple(tokens[i:i + n])
        counts[gram] = counts.get(gram, 0) + 1
    return counts


def _clip_none(hypothesis, references, n):
    grams = [_counts(r, n) for r in references]
    hyp = _counts(hypothesis, n)
    matches = sum(c for g, c in hyp.items() if any(g in r for r in grams))
    return int(matches), int(max(len(hypothesis) - n + 1, 0))


def _clip_summed(hypothesis, references, n):
    grams = [_counts(r, n) for r in references]
    hyp = _counts(hypothesis, n)
    matches = sum(min(c, sum(r.get(g, 0) for r in grams)) for g, c in hyp.items())
    return int(matches), int(max(len(hypothesis) - n + 1, 0))


def _clip_first_ref(hypothesis, references, n):
    first = _counts(references[0], n)
    matches = sum(min(c, first.get(g, 0)) for g, c in _counts(hypothesis, n).items())
    return int(matches), int(max(len(hypothesis) - n + 1, 0))


def _clip_case(rng):
    refs = [_tokens(rng, 1, 12) for _ in range(int(rng.integers(1, 4)))]
    hyp = _perturbed(rng, refs[0]) if rng.random() < 0.6 else _tokens(rng, 0, 12)
    return hyp, refs, int(rng.integers(1, 4))


def _refs_reordered(rng):
    hyp, refs, n = _clip_case(rng)
    order = rng.permutation(len(refs))
    return [call(hyp, refs, n), call(hyp, [refs[i] for i in order], n)]


CLIPPED = Drill(
    id="bleu-clipped-counts",
    title="BLEU's clipped n-gram counts",
    function="clipped_ngram_counts",
    signature="clipped_ngram_counts(hypothesis, references, n) -> (matches, total)",
    conventions=(
        "total = len(hypothesis) - n + 1 (0 when the hypothesis is shorter than n).",
        "matches = sum over distinct hypothesis n-grams g of min(count in hypothesis, max over references "
        "of the count in one reference).",
        "An n-gram is a tuple of n consecutive tokens; tokens are strings. Return a tuple of two ints.",
    ),
    returns="tuple of two ints",
    names=("matches", "total"),
    hints=(
        "If the hypothesis is 'the the the the' and the reference 'the cat', how many of its four 'the' "
        "should count as correct?",
        "Count each n-gram in the hypothesis and in every reference (a dict from tuple to count); a "
        "hypothesis n-gram earns at most the largest count any single reference has.",
        "Write ngram_counts(tokens): counts = {}; for i in range(len(tokens) - n + 1): g = tuple(tokens[i:i + n]); "
        "counts[g] = counts.get(g, 0) + 1; return counts. Then refs = [ngram_counts(r) for r in references]; "
        "matches = 0; for g, count in ngram_counts(hypothesis).items(): matches += min(count, max(ref.get(g, 0) "
        "for ref in refs)); total = max(len(hypothesis) - n + 1, 0); return (matches, total).",
    ),
    edges=(
        Edge("repeated-word", "Papineni's example: seven 'the' earn only 2, the most any reference has",
             (["the"] * 7, [["the", "cat", "is", "on", "the", "mat"], ["there", "is", "a", "cat", "on", "the",
                                                                     "mat"]], 1)),
        Edge("max-not-sum", "two references with one 'cat' each still allow only one 'cat'",
             (["cat", "cat", "cat"], [["a", "cat"], ["the", "cat"]], 1)),
        Edge("second-reference", "an n-gram found only in the second reference counts",
             (["a", "dog", "sat"], [["the", "cat", "sat"], ["a", "dog", "is"]], 2)),
        Edge("too-short", "a hypothesis shorter than n has no n-gram: (0, 0)", (["cat"], [["the", "cat"]], 2)),
    ),
    random=Random(_clip_case, n=30),
    props=(
        Prop("reference-order", "the order of the references does not matter", _refs_reordered,
             lambda outs, calls: all_same(outs, what="counts before and after reordering the references")),
    ),
    wrongs=(
        Wrong("no-clipping", "you counted every hypothesis n-gram found in a reference, however often it "
              "repeats: clip it at the reference count", _clip_none),
        Wrong("summed-references", "you clipped at the count summed over references; clip at the maximum "
              "count in any single reference", _clip_summed),
        Wrong("first-reference-only", "you compared with the first reference only; every reference counts",
              _clip_first_ref),
    ),
)

# --- 3. BLEU --------------------------------------------------------------------------------


def _log_precisions(hypothesis, references, clip):
    logs = []
    for n in range(1, 5):
        hyp = _counts(hypothesis, n)
        grams = [_counts(r, n) for r in references]
        if clip:
            matches = sum(min(c, max(r.get(g, 0) for r in grams)) for g, c in hyp.items())
        else:
            matches = sum(c for g, c in hyp.items() if any(g in r for r in grams))
        total = max(len(hypothesis) - n + 1, 0)
        if matches == 0 or total == 0:
            return None
        logs.append(math.log(matches / total))
    return logs


def _closest(hypothesis, references):
    c = len(hypothesis)
    return min((len(r) for r in references), key=lambda length: (abs(length - c), length))


def _bleu_no_bp(hypothesis, references):
    logs = _log_precisions(hypothesis, references, clip=True)
    return 0.0 if logs is None else float(math.exp(sum(logs) / 4))


def _bleu_shortest_ref(hypothesis, references):
    logs = _log_precisions(hypothesis, references, clip=True)
    if logs is None:
        return 0.0
    c, r = len(hypothesis), min(len(ref) for ref in references)
    bp = 1.0 if c >= r else math.exp(1 - r / c)
    return float(bp * math.exp(sum(logs) / 4))


def _bleu_arithmetic(hypothesis, references):
    logs = _log_precisions(hypothesis, references, clip=True)
    if logs is None:
        return 0.0
    c, r = len(hypothesis), _closest(hypothesis, references)
    bp = 1.0 if c >= r else math.exp(1 - r / c)
    return float(bp * sum(math.exp(x) for x in logs) / 4)


def _bleu_unclipped(hypothesis, references):
    logs = _log_precisions(hypothesis, references, clip=False)
    if logs is None:
        return 0.0
    c, r = len(hypothesis), _closest(hypothesis, references)
    bp = 1.0 if c >= r else math.exp(1 - r / c)
    return float(bp * math.exp(sum(logs) / 4))


def _bleu_case(rng):
    refs = [_tokens(rng, 4, 16, vocab=9) for _ in range(int(rng.integers(1, 4)))]
    hyp = _perturbed(rng, refs[int(rng.integers(0, len(refs)))])
    if rng.random() < 0.3:  # a truncated hypothesis: the brevity penalty bites
        hyp = hyp[: max(4, int(len(hyp) * rng.uniform(0.4, 0.9)))]
    if rng.random() < 0.2:  # a repeated word: clipping bites
        hyp = hyp + [hyp[0]] * int(rng.integers(1, 4)) if hyp else hyp
    return hyp, refs


def _refs_reordered_bleu(rng):
    hyp, refs = _bleu_case(rng)
    return [call(hyp, refs), call(hyp, refs[::-1])]


SENTENCE = ["the", "cat", "is", "on", "the", "mat", "today"]

BLEU = Drill(
    id="bleu",
    title="BLEU-4 with the brevity penalty",
    function="bleu",
    signature="bleu(hypothesis, references) -> float",
    conventions=(
        "BLEU = BP * exp(mean of log p_n, n = 1..4), p_n the clipped n-gram precision; 0-1 scale.",
        "No smoothing: 0.0 if any p_n has no match or no n-gram (so a hypothesis under 4 tokens scores 0.0).",
        "BP = 1 if c >= r else exp(1 - r/c): c the hypothesis length, r the closest reference length "
        "(the shorter on a tie).",
    ),
    returns="float",
    hints=(
        "A one-word hypothesis 'the' has unigram precision 1.0 against almost any reference: what stops "
        "BLEU from rewarding it?",
        "Compute the four clipped precisions (clipped_ngram_counts), average their logs, exponentiate, and "
        "multiply by exp(1 - r/c) when the hypothesis is shorter than the closest reference.",
        "With ngram_counts(tokens, n) as in the previous drill (counts = {}; for i in range(len(tokens) - n + 1): "
        "g = tuple(tokens[i:i + n]); counts[g] = counts.get(g, 0) + 1; return counts): logs = []; for n in "
        "range(1, 5): refs = [ngram_counts(r, n) for r in references]; m = sum(min(count, max(ref.get(g, 0) for "
        "ref in refs)) for g, count in ngram_counts(hypothesis, n).items()); t = max(len(hypothesis) - n + 1, 0); "
        "if m == 0 or t == 0: return 0.0; logs.append(math.log(m / t)). Then c = len(hypothesis); r = "
        "min([len(ref) for ref in references], key=lambda L: (abs(L - c), L)); bp = 1.0 if c >= r else "
        "math.exp(1 - r / c); return float(bp * math.exp(sum(logs) / 4)).",
    ),
    edges=(
        Edge("perfect", "the hypothesis equals a reference: 1.0", (SENTENCE, [SENTENCE])),
        Edge("too-short", "a prefix of the reference has perfect precision but is far too short",
             (SENTENCE[:5], [SENTENCE])),
        Edge("closest-reference", "the brevity penalty uses the reference closest in length, not the shortest",
             (SENTENCE[:6], [["the", "cat"], SENTENCE + ["again"]])),
        Edge("repeats", "a repeated word is clipped in every order",
             (["the", "cat", "the", "cat", "on", "the", "mat"], [SENTENCE])),
        Edge("three-words", "fewer than 4 tokens: no 4-gram, so 0.0 without smoothing",
             (["the", "cat", "is"], [SENTENCE])),
        Edge("empty", "an empty hypothesis scores 0.0", ([], [SENTENCE])),
    ),
    random=Random(_bleu_case, n=30),
    props=(
        Prop("reference-order", "the order of the references does not matter", _refs_reordered_bleu,
             lambda outs, calls: all_same(outs, Tol(rtol=1e-12, atol=1e-12), what="BLEU before and after")),
    ),
    wrongs=(
        Wrong("no-brevity-penalty", "you left out the brevity penalty, so a short hypothesis scores as if "
              "complete", _bleu_no_bp),
        Wrong("shortest-reference", "your brevity penalty used the shortest reference; BLEU uses the one "
              "closest in length to the hypothesis", _bleu_shortest_ref),
        Wrong("arithmetic-mean", "you averaged the precisions arithmetically; BLEU takes the geometric mean "
              "(the exp of the mean log)", _bleu_arithmetic),
        Wrong("no-clipping", "you did not clip repeated n-grams at the reference counts", _bleu_unclipped),
    ),
)

# --- 4. ROUGE-L -----------------------------------------------------------------------------


def _f1(common, n_pred, n_target):
    if common == 0 or n_pred == 0 or n_target == 0:
        return 0.0
    p, r = common / n_pred, common / n_target
    return float(2 * p * r / (p + r))


def _rouge_substring(target, prediction):
    best = 0
    for i in range(len(target)):
        for j in range(len(prediction)):
            k = 0
            while i + k < len(target) and j + k < len(prediction) and target[i + k] == prediction[j + k]:
                k += 1
            best = max(best, k)
    return _f1(best, len(prediction), len(target))


def _rouge_unigram(target, prediction):
    left = list(target)
    common = 0
    for w in prediction:
        if w in left:
            left.remove(w)
            common += 1
    return _f1(common, len(prediction), len(target))


def _lcs(a, b):
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = table[i - 1][j - 1] + 1 if a[i - 1] == b[j - 1] else max(table[i - 1][j], table[i][j - 1])
    return table[-1][-1]


def _rouge_recall_only(target, prediction):
    if not target or not prediction:
        return 0.0
    return float(_lcs(target, prediction) / len(target))


def _rouge_case(rng):
    target = _tokens(rng, 0, 15, vocab=7)
    prediction = _perturbed(rng, target[::-1] if rng.random() < 0.3 else target)
    if rng.random() < 0.3:
        prediction = prediction + _tokens(rng, 0, 5, vocab=9)
    return target, prediction


def _swapped(rng):
    t, p = _rouge_case(rng)
    return [call(t, p), call(p, t)]


ROUGE_L = Drill(
    id="rouge-l",
    title="ROUGE-L (longest common subsequence) F1",
    function="rouge_l_f1",
    signature="rouge_l_f1(target, prediction) -> float",
    conventions=(
        "LCS = longest sequence of tokens in both lists in the same order, gaps allowed (not contiguous).",
        "P = LCS / len(prediction), R = LCS / len(target), F1 = 2PR / (P + R); 0.0 when either list is "
        "empty or the LCS is 0 (rouge-score's rougeL fmeasure).",
    ),
    returns="float",
    hints=(
        "In 'police killed the gunman' vs 'police kill the gunman', which words line up in order, even "
        "with a gap?",
        "Dynamic programming: table[i][j] = LCS of target[:i] and prediction[:j]; a match extends "
        "table[i-1][j-1], otherwise take the larger of table[i-1][j] and table[i][j-1].",
        "table = [[0] * (len(prediction) + 1) for _ in range(len(target) + 1)]; for i in range(1, len(target) + "
        "1): for j in range(1, len(prediction) + 1): if target[i - 1] == prediction[j - 1]: table[i][j] = "
        "table[i - 1][j - 1] + 1, else: table[i][j] = max(table[i - 1][j], table[i][j - 1]). Then lcs = "
        "table[-1][-1]; if not target or not prediction or lcs == 0: return 0.0; p, r = lcs / len(prediction), "
        "lcs / len(target); return float(2 * p * r / (p + r)).",
    ),
    edges=(
        Edge("gap", "a changed word in the middle leaves 3 of 4 in order",
             (["police", "killed", "the", "gunman"], ["police", "kill", "the", "gunman"])),
        Edge("order-matters", "the same words in another order share a shorter subsequence",
             (["police", "killed", "the", "gunman"], ["the", "gunman", "killed", "police"])),
        Edge("subsequence-not-substring", "matches separated by other words still count",
             (["a", "b", "c", "d", "e"], ["a", "x", "c", "y", "e"])),
        Edge("empty", "an empty prediction scores 0.0", (["a", "b"], [])),
    ),
    random=Random(_rouge_case, n=30),
    props=(
        Prop("symmetric", "F1 does not change when target and prediction swap roles", _swapped,
             lambda outs, calls: all_same(outs, Tol(rtol=1e-12, atol=1e-12), what="F1 of (t, p) and (p, t)")),
    ),
    wrongs=(
        Wrong("substring", "you found the longest common *substring* (contiguous); ROUGE-L allows gaps",
              _rouge_substring),
        Wrong("unigram-overlap", "you counted shared words regardless of order: that is ROUGE-1, not the "
              "longest common subsequence", _rouge_unigram),
        Wrong("recall-only", "you returned LCS / len(target), the recall; the drill asks for F1",
              _rouge_recall_only),
    ),
)

# --- 5. token F1 ----------------------------------------------------------------------------

_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


def _norm(text, articles=True, punctuation=True):
    if punctuation:
        text = "".join(ch for ch in text.lower() if ch not in _PUNCT)
    return [w for w in text.split() if not (articles and w in ("a", "an", "the"))]


def _f1_from(pred, truth):
    left = list(truth)
    common = 0
    for w in pred:
        if w in left:
            left.remove(w)
            common += 1
    return _f1(common, len(pred), len(truth))


def _f1_sets(prediction, ground_truth):
    pred, truth = set(_norm(prediction)), set(_norm(ground_truth))
    return _f1(len(pred & truth), len(pred), len(truth))


def _f1_raw(prediction, ground_truth):
    return _f1_from(prediction.split(), ground_truth.split())


def _f1_keeps_articles(prediction, ground_truth):
    return _f1_from(_norm(prediction, articles=False), _norm(ground_truth, articles=False))


ANSWER_WORDS = ["the", "a", "an", "The", "Eiffel", "tower", "Tower", "Paris", "paris", "1889", "in", "of",
                "U.S.", "don't", "co-op", "Mr.", "and", "Gustave", "(", "!", "built"]


def _answer(rng, low=0, high=6):
    return " ".join(str(w) for w in rng.choice(ANSWER_WORDS, size=int(rng.integers(low, high + 1))))


def _f1_case(rng):
    truth = _answer(rng, 1, 5)
    if rng.random() < 0.5:
        words = truth.split()
        return " ".join(words + [str(w) for w in rng.choice(ANSWER_WORDS, size=int(rng.integers(0, 3)))]), truth
    return _answer(rng), truth


def _f1_swapped(rng):
    p, t = _f1_case(rng)
    return [call(p, t), call(t, p)]


TOKEN_F1 = Drill(
    id="token-f1",
    title="Token F1 for question answering (SQuAD)",
    function="token_f1",
    signature="token_f1(prediction, ground_truth) -> float",
    conventions=(
        "Normalize: lowercase, delete ASCII punctuation, drop the words a/an/the, split on whitespace.",
        "Shared words count with multiplicity; F1 = 2PR / (P + R); 0.0 when nothing is shared or a side "
        "is empty (SQuAD v1.1).",
        "Answers hold ASCII text only. Return a float.",
    ),
    returns="float",
    hints=(
        "Should 'The Eiffel Tower!' and 'eiffel tower' count as the same answer?",
        "Normalize both strings, then count shared words as a multiset: 'paris paris' against 'paris' "
        "shares one word, not two.",
        "normalize(text): text = \"\".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace()); return "
        "[w for w in text.split() if w not in (\"a\", \"an\", \"the\")]. pred, truth = normalize(prediction), "
        "normalize(ground_truth); left = list(truth); common = 0; for w in pred: if w in left: left.remove(w); "
        "common += 1. if common == 0: return 0.0; p = common / len(pred); r = common / len(truth); return "
        "float(2 * p * r / (p + r)).",
    ),
    edges=(
        Edge("articles-and-case", "articles and case are normalized away: a perfect match",
             ("The Eiffel Tower", "eiffel tower")),
        Edge("punctuation", "punctuation is deleted, so 'U.S.' is the word 'us'", ("the U.S.!", "us")),
        Edge("repeated-word", "the truth has one 'paris': the second earns nothing", ("paris paris", "Paris")),
        Edge("partial", "one of two predicted words is the answer", ("Barack Obama", "Obama")),
        Edge("only-articles", "'the' normalizes to no word at all: 0.0", ("the", "a")),
    ),
    random=Random(_f1_case, n=30),
    props=(
        Prop("symmetric", "F1 is symmetric in the prediction and the answer", _f1_swapped,
             lambda outs, calls: all_same(outs, Tol(rtol=1e-12, atol=1e-12), what="F1 of (p, t) and (t, p)")),
    ),
    wrongs=(
        Wrong("sets", "you intersected *sets* of words; a word counts as many times as it appears in both",
              _f1_sets),
        Wrong("no-normalization", "you compared raw words; lowercase, delete punctuation and drop a/an/the "
              "first", _f1_raw),
        Wrong("kept-articles", "you kept the articles a/an/the; SQuAD's normalization drops them",
              _f1_keeps_articles),
    ),
)

DRILLS = [PASS_AT_K, CLIPPED, BLEU, ROUGE_L, TOKEN_F1]

HINT_SOLUTIONS = {
    "pass-at-k": """
def pass_at_k(n, c, k):
    if n - c < k:
        return 1.0
    return float(1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))
""",
    "bleu-clipped-counts": """
def clipped_ngram_counts(hypothesis, references, n):
    def ngram_counts(tokens):
        counts = {}
        for i in range(len(tokens) - n + 1):
            g = tuple(tokens[i:i + n])
            counts[g] = counts.get(g, 0) + 1
        return counts
    refs = [ngram_counts(r) for r in references]
    matches = 0
    for g, count in ngram_counts(hypothesis).items():
        matches += min(count, max(ref.get(g, 0) for ref in refs))
    total = max(len(hypothesis) - n + 1, 0)
    return (matches, total)
""",
    "bleu": """
def bleu(hypothesis, references):
    def ngram_counts(tokens, n):
        counts = {}
        for i in range(len(tokens) - n + 1):
            g = tuple(tokens[i:i + n])
            counts[g] = counts.get(g, 0) + 1
        return counts
    logs = []
    for n in range(1, 5):
        refs = [ngram_counts(r, n) for r in references]
        m = sum(min(count, max(ref.get(g, 0) for ref in refs)) for g, count in ngram_counts(hypothesis, n).items())
        t = max(len(hypothesis) - n + 1, 0)
        if m == 0 or t == 0:
            return 0.0
        logs.append(math.log(m / t))
    c = len(hypothesis)
    r = min([len(ref) for ref in references], key=lambda L: (abs(L - c), L))
    bp = 1.0 if c >= r else math.exp(1 - r / c)
    return float(bp * math.exp(sum(logs) / 4))
""",
    "rouge-l": """
def rouge_l_f1(target, prediction):
    table = [[0] * (len(prediction) + 1) for _ in range(len(target) + 1)]
    for i in range(1, len(target) + 1):
        for j in range(1, len(prediction) + 1):
            if target[i - 1] == prediction[j - 1]:
                table[i][j] = table[i - 1][j - 1] + 1
            else:
                table[i][j] = max(table[i - 1][j], table[i][j - 1])
    lcs = table[-1][-1]
    if not target or not prediction or lcs == 0:
        return 0.0
    p, r = lcs / len(prediction), lcs / len(target)
    return float(2 * p * r / (p + r))
""",
    "token-f1": """
def token_f1(prediction, ground_truth):
    def normalize(text):
        text = "".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace())
        return [w for w in text.split() if w not in ("a", "an", "the")]
    pred, truth = normalize(prediction), normalize(ground_truth)
    left = list(truth)
    common = 0
    for w in pred:
        if w in left:
            left.remove(w)
            common += 1
    if common == 0:
        return 0.0
    p = common / len(pred)
    r = common / len(truth)
    return float(2 * p * r / (p + r))
""",
}

DRILLS = with_hint_solutions(DRILLS, HINT_SOLUTIONS)
