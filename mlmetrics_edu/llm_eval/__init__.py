"""Evaluating LLM applications: raters and judges, leaderboards, RAG, contamination.

An LLM product is evaluated by *people and models judging outputs*, by *pairwise
battles* between systems, by *retrieval and grounding* checks, and on benchmarks that
may have leaked into the training data. Four families, one module each, exact and small
(every name is re-exported here):

* **raters and judges** (``raters``) -- :func:`fleiss_kappa` (equal to statsmodels'),
  :func:`krippendorff_alpha` (equal to the ``krippendorff`` package; nominal, ordinal,
  interval, ratio; missing ratings allowed), :func:`judge_human_agreement` (an LLM judge
  against the humans, next to the humans against each other), :func:`position_bias` (the
  judge asked twice with the answers swapped) and :func:`length_bias` (does the longer
  answer win?);
* **leaderboards** (``leaderboards``) -- :func:`win_rate` (ties counted),
  :func:`elo_ratings` (online, so its result depends on the order of the games),
  :func:`bradley_terry` (the maximum likelihood strengths, equal to ``choix``) and
  :func:`bradley_terry_bootstrap` (intervals for strengths and ranks);
* **RAG** (``rag``) -- :func:`retrieval_hit_rate`, :func:`context_precision_at_k` and
  :func:`context_recall_at_k` from relevance labels (the ``ranking`` metrics),
  :func:`faithfulness` from claim labels, and :func:`rag_failure_modes`, which combines them
  with answer correctness (``generation.exact_match`` / ``token_f1``) to say *where* a RAG
  system fails;
* **contamination** (``contamination``) -- :func:`ngram_overlap` and :func:`contaminated`
  (the 13-gram rule and its variants) and :func:`clean_vs_contaminated` (the score on each
  subset).

Cohen's kappa (two raters) lives in ``generation``; interval estimates of a benchmark
score live in ``significance``.
"""

from .raters import (
    JudgeAgreement,
    LengthBias,
    PositionBias,
    fleiss_kappa,
    judge_human_agreement,
    krippendorff_alpha,
    length_bias,
    position_bias,
)
from .leaderboards import (
    BradleyTerryIntervals,
    bradley_terry,
    bradley_terry_bootstrap,
    elo_ratings,
    win_rate,
)
from .rag import (
    context_precision_at_k,
    context_recall_at_k,
    faithfulness,
    rag_failure_modes,
    retrieval_hit_rate,
)
from .contamination import (
    ContaminationReport,
    clean_vs_contaminated,
    contaminated,
    ngram_overlap,
)

__all__ = [
    "BradleyTerryIntervals",
    "ContaminationReport",
    "JudgeAgreement",
    "LengthBias",
    "PositionBias",
    "bradley_terry",
    "bradley_terry_bootstrap",
    "clean_vs_contaminated",
    "contaminated",
    "context_precision_at_k",
    "context_recall_at_k",
    "elo_ratings",
    "faithfulness",
    "fleiss_kappa",
    "judge_human_agreement",
    "krippendorff_alpha",
    "length_bias",
    "ngram_overlap",
    "position_bias",
    "rag_failure_modes",
    "retrieval_hit_rate",
    "win_rate",
]
