"""Quiz widget: the interview question bank in a notebook, graded as you answer.

One line in any notebook::

    quiz("roc-or-pr-rare")                         # one question and its follow-ups
    quiz(topic="thresholds", n=5, seed=0)          # five questions on a topic
    quiz(rapid_fire=True, minutes=5, seed=0)       # a timed rapid-fire round

The same engine as ``mlmetrics-edu interview`` draws and grades every question
(:mod:`mlmetrics_edu.interview.bank`: ``instantiate``, ``grade``), so the notebook, the mock
interview and the review queue agree on every verdict. Three layers, like the explorers:

* :func:`plan_quiz` -- pure: which questions, in which order, each with its follow-up chain,
  drawn once from a seed.
* :func:`start_quiz`, :func:`answer_quiz`, :func:`next_question` -- pure state transitions
  on a frozen :class:`QuizState`. The time is an argument (``now``), never read from a clock,
  so a rapid-fire round is tested without waiting.
* :class:`Quiz` -- the ipywidgets shell: it reads the controls, calls the transitions with
  ``clock()`` and renders the state as HTML. A quiz needs no figure. Only APIs present in both
  ipywidgets 7.7 (Colab) and 8.x are used.

Kinds: *choice* (pick a letter, then Check: feedback for the option you picked and for the
right one, and for every option on request), *numeric* (type a number: ``0.75``, ``75%``,
``3/4``; text that is not a number is sent back, not graded), *bug* (pick the line), *explain*
(say it out loud, then "Show rubric", tick each key point you covered, and read the model
answer). A question's follow-ups are asked right after it, as an interviewer would.

>>> from mlmetrics_edu.interview.bank import load_bank
>>> bank = load_bank()
>>> plan = plan_quiz(bank, kind="choice", n=1, seed=0)
>>> state = start_quiz(plan, now=0.0)
>>> state = answer_quiz(state, model_response(state.current), now=12.0)
>>> state.answered, state.score, state.last.correct
(1, 1.0, True)
"""

from __future__ import annotations

import html
import math
import numbers
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path

import ipywidgets as widgets

from .._validation import MetricInputError, check_seed
from ..interview import planner
from ..interview.bank import (KINDS, LEVELS, TOPICS, AnswerError, Bank, Instance, Result, grade, instantiate,
                              load_bank)
from ..interview.bank import model_response as bank_model_response
from ..interview.kinds import KIND_TABLE
from ..interview.session import Answer, Session, totals
from ._shell import table_html

__all__ = ["Quiz", "QuizAnswer", "QuizState", "answer_quiz", "model_response", "next_question",
           "plan_quiz", "quiz", "start_quiz"]

RAPID_FIRE_KINDS = ("choice", "numeric", "bug")  # quick to answer; explain prompts take a minute each
DEFAULT_N = 5
DEFAULT_RAPID_N = 10
DEFAULT_MINUTES = 5.0


# --------------------------------------------------------------------------- which questions


def _listed(value, name, of=str):
    """``value`` -- one item of type ``of``, or a list, tuple or set of them -- as a list; else
    raise naming ``name`` (a number where a question id belongs, True where a level belongs)."""
    def ok(v):
        return isinstance(v, of) and not isinstance(v, bool)  # numpy's bool_ is no Integral
    if ok(value):
        return [value]
    if isinstance(value, (list, tuple, set, frozenset)) and all(ok(v) for v in value):
        return list(value)
    kind = "a string" if of is str else "an integer"
    raise MetricInputError(f"{name} must be {kind} or a list of them, got {value!r}")


def _as_set(value, name, allowed):
    if value is None:
        return None
    values = _listed(value, name, numbers.Integral if name == "level" else str)
    unknown = [v for v in values if v not in allowed]
    if unknown or not values:
        raise MetricInputError(f"{name} must be one of {', '.join(map(str, allowed))} (or a list of "
                               f"them), got {value!r}")
    return set(values)


def plan_quiz(bank, question=None, *, topic=None, kind=None, level=None, covers=None, n=None, seed=0):
    """Draw the questions of a quiz: a tuple of chains, each a question and its follow-ups.

    The practice engine's planner (:func:`mlmetrics_edu.interview.planner.plan`) draws them,
    with the same rules as ``mlmetrics-edu interview``; this checks the arguments.

    Parameters
    ----------
    bank : Bank
        From :func:`mlmetrics_edu.interview.bank.load_bank`.
    question : str or list of str, optional
        Question ids, asked in this order (each with its follow-ups). Excludes the filters.
    topic, kind, level : str / int or a list of them, optional
        Filters on the standalone questions (a topic of ``TOPICS``, a kind of ``KINDS``, a
        difficulty 1-3).
    covers : str or list of str, optional
        Syllabus items the question must cover; shell-style patterns, e.g. ``"fail.*"`` for the
        failure checklist.
    n : int, optional
        How many questions (chains) to draw from the filtered pool; default all of it for
        ``question``/``covers``, else 5. Capped at the pool's size.
    seed : int, default 0
        Draws the questions, their order and every question's instance (options order,
        generated numbers): the same seed gives the same quiz.

    Returns
    -------
    tuple of tuple of Instance
        Follow-ups already asked earlier in the quiz are not repeated.

    Examples
    --------
    >>> from mlmetrics_edu.interview.bank import load_bank
    >>> plan = plan_quiz(load_bank(), topic="thresholds", n=3, seed=0)
    >>> len(plan), all(chain[0].question.topic == "thresholds" for chain in plan)
    (3, True)
    >>> [inst.question.id for inst in plan[0]] == [
    ...     inst.question.id for inst in plan_quiz(load_bank(), topic="thresholds", n=3, seed=0)[0]]
    True
    """
    return tuple(tuple(item.instance for item in chain)
                 for chain in _plan(bank, question, topic=topic, kind=kind, level=level, covers=covers,
                                    n=n, seed=seed).chains)


def _plan(bank, question=None, *, topic=None, kind=None, level=None, covers=None, n=None, seed=0):
    seed = check_seed(seed, allow_none=False)
    if n is not None and (isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1):
        raise MetricInputError(f"n must be a positive integer, got {n!r}")
    filters = {"topic": topic, "kind": kind, "level": level, "covers": covers}
    if question is not None:
        given = [name for name, value in filters.items() if value is not None]
        if given or n is not None:
            raise MetricInputError(f"give question ids or filters, not both (got question and "
                                   f"{', '.join(given + (['n'] if n is not None else []))})")
        ids = _listed(question, "question")
        if not ids:
            raise MetricInputError("question must name at least one question id")
        missing = [qid for qid in ids if qid not in bank.questions]
        if missing:
            raise MetricInputError(f"question: no question called {missing[0]!r} in the bank")
        return planner.plan(bank, questions=ids, seed=seed)
    if covers is not None:
        covers = _listed(covers, "covers")
    topics = _as_set(topic, "topic", list(TOPICS))
    kinds = _as_set(kind, "kind", list(KINDS))
    levels = _as_set(level, "level", list(LEVELS))
    try:
        # all of `covers` keeps bank order; otherwise a seeded draw
        return planner.plan(bank, topics=sorted(topics or ()), levels=sorted(levels or ()),
                            kinds=sorted(kinds or ()), covers=covers, seed=seed,
                            n=n or (None if covers is not None else DEFAULT_N),
                            shuffle=covers is None or n is not None)
    except planner.PlanError:
        asked_for = ", ".join(f"{k}={v!r}" for k, v in filters.items() if v is not None)
        raise MetricInputError(f"no question in the bank matches {asked_for or 'a quiz'}") from None


def model_response(inst: Instance):
    """The response that earns full marks: what the model answer would pick, type or tick.

    >>> from mlmetrics_edu.interview.bank import load_bank
    >>> q = load_bank().select(kinds=["choice"])[0]
    >>> inst = instantiate(q, seed=3)
    >>> model_response(inst) == inst.correct_choice
    True
    """
    return bank_model_response(inst)


# --------------------------------------------------------------------------- the pure state

QuizAnswer = Answer   # one graded answer: .instance, .result, .seconds, .follow_up


@dataclass(frozen=True)
class QuizState:
    """Where a quiz stands: the engine's session, and what is on screen.

    Times are seconds on whatever clock the caller passes as ``now``. The session is copied
    on every transition, so an earlier state never changes.
    """

    session: Session
    graded: bool = False          # the current question has been answered
    error: str = ""               # why the last response was not graded ("answer with a number...")
    started: float = 0.0
    shown_at: float = 0.0         # when the current question appeared
    now: float = 0.0
    budget: float | None = None   # seconds (rapid fire); None = untimed
    finished: bool = False
    position: int = 0             # the index of the current question in session.items

    @property
    def item(self):
        return None if self.finished else self.session.items[self.position]

    @property
    def current(self) -> Instance | None:
        return None if self.finished else self.item.instance

    @property
    def chains(self) -> tuple:
        """Each chain of the plan: a question and its follow-ups (as branched so far)."""
        out = {}
        for item in self.session.items:
            out.setdefault(item.chain, []).append(item.instance)
        return tuple(tuple(c) for c in out.values())

    @property
    def chain(self) -> int:
        items = self.session.items
        return items[min(self.position, len(items) - 1)].chain

    @property
    def step(self) -> int:
        return 0 if self.finished else self.item.step

    @property
    def answers(self) -> tuple:
        """The graded answers (skips are not answers), in the order given."""
        return tuple(a for a in self.session.answers if not a.skipped)

    @property
    def skipped(self) -> tuple:
        """The questions moved past without an answer."""
        return tuple(a.item.instance for a in self.session.answers if a.skipped)

    @property
    def last(self) -> Result | None:
        """The verdict on the current question, once it is answered."""
        return self.answers[-1].result if self.graded else None

    @property
    def answered(self) -> int:
        return self.session.answered

    @property
    def score(self) -> float:
        """Points so far: 1 per right answer, the share of rubric points for an explain prompt."""
        return float(self.session.score)

    @property
    def elapsed(self) -> float:
        return self.now - self.started

    @property
    def time_left(self) -> float | None:
        return None if self.budget is None else max(self.budget - self.elapsed, 0.0)

    @property
    def time_up(self) -> bool:
        return self.budget is not None and self.elapsed >= self.budget

    def by_topic(self) -> dict:
        """{topic: (points, questions answered)} in the order the topics came up."""
        rows = totals(self.answers)
        order = list(dict.fromkeys(a.item.question.topic for a in self.answers))
        return {t: (rows[t]["points"], rows[t]["answered"]) for t in order}

    def misconceptions(self) -> list:
        """Misconception keys the answers showed, first occurrence first."""
        return self.session.misconceptions()


def _copy(session):
    return replace(session, answers=list(session.answers), items=list(session.items))


def start_quiz(chains, *, now=0.0, budget=None, bank=None, recorder=None) -> QuizState:
    """The state before the first answer. ``budget`` in seconds makes it a timed round.

    ``chains`` is :func:`plan_quiz`'s (or a :class:`~mlmetrics_edu.interview.planner.Plan`);
    ``recorder(answer)`` is handed every graded answer (the review queue).
    """
    if isinstance(chains, planner.Plan):
        plan = chains
    else:
        if not chains or not all(chains):
            raise MetricInputError("a quiz needs at least one question")
        items = tuple(planner.Item(inst.question, inst, planner.estimate_seconds(inst.question.kind,
                                                                                inst.question.difficulty),
                                   c, step, chain[step - 1].question.id if step else None)
                      for c, chain in enumerate(chains) for step, inst in enumerate(chain))
        plan = planner.Plan(items[0].instance.seed, None, (), (), items)
    if not plan.items:
        raise MetricInputError("a quiz needs at least one question")
    if budget is not None and not (isinstance(budget, numbers.Real) and 0 < budget < math.inf):
        raise MetricInputError(f"budget must be a positive number of seconds, got {budget!r}")
    session = Session(plan, bank, recorder=recorder)
    return QuizState(session, started=now, shown_at=now, now=now, budget=budget)


def answer_quiz(state: QuizState, response, *, now, typed="") -> QuizState:
    """Grade ``response`` to the current question (the engine's session grades it).

    An unreadable response is not graded: the state keeps the question and says why in
    ``error``. A question is graded once; answering again changes nothing.
    """
    if state.finished or state.graded:
        return replace(state, now=now)
    session = _copy(state.session)
    try:
        session.answer(state.item, response, now - state.shown_at, typed=typed)
    except AnswerError as exc:
        return replace(state, error=str(exc), now=now)
    return replace(state, session=session, graded=True, error="", now=now)


def next_question(state: QuizState, *, now) -> QuizState:
    """Move on: the next follow-up of this chain, else the next chain. Unanswered = skipped.

    The quiz is finished after the last question, or, in a timed round, once time is up.
    """
    if state.finished:
        return replace(state, now=now)
    session = state.session
    if not state.graded:
        session = _copy(session)
        session.skip(state.item, now - state.shown_at)
    position = state.position + 1
    timed_out = state.budget is not None and now - state.started >= state.budget
    if position >= len(session.items) or timed_out:
        return replace(state, session=session, finished=True, graded=False, error="", now=now)
    return replace(state, session=session, position=position, graded=False, error="", shown_at=now, now=now)


# --------------------------------------------------------------------------- HTML


def _text(s):
    """Bank text as HTML: escaped, with ```fenced``` blocks, `code`, **bold** and line breaks kept."""
    out = []
    for i, block in enumerate(s.split("```")):
        if i % 2:  # a fenced block; its first line may name the language
            first, _, rest = block.partition("\n")
            body = rest if rest and first.strip().isidentifier() else block
            out.append(f"<pre style='background:#f6f8fa;padding:6px'>{html.escape(body.strip(chr(10)))}</pre>")
            continue
        parts = html.escape(block).split("`")
        if len(parts) % 2 == 0:  # an unmatched backtick: leave it as it is
            parts = ["`".join(parts)]
        inline = "".join(f"<code>{p}</code>" if j % 2 else p for j, p in enumerate(parts))
        out.append(re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", inline).replace("\n", "<br>"))
    return "".join(out)


def _clock(seconds):
    seconds = int(math.ceil(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _verdict(result):
    if result.correct:
        return "<span style='color:#1a7f37;font-weight:bold'>&#10003; Right</span>"
    return "<span style='color:#b42318;font-weight:bold'>&#10007; Not quite</span>"


def _code_html(lines, mark=None):
    rows = []
    for i, line in enumerate(lines, start=1):
        style = " style='background:#fde8e8'" if i == mark else ""
        rows.append(f"<span{style}>{i:>2} | {html.escape(line)}</span>")
    return ("<pre style='line-height:1.4;padding:6px;background:#f6f8fa;white-space:pre'>"
            + "\n".join(rows) + "</pre>")


def _options_html(inst):
    items = "".join(f"<li style='margin:2px 0'><b>{'abcde'[i]})</b> {_text(option)}</li>"
                    for i, option in enumerate(inst.options))
    return f"<ul style='list-style:none;padding-left:0.5em;margin:4px 0'>{items}</ul>"


def _choice_feedback(inst, result):
    q, shown = inst.question, result.response
    picked, right = inst.order[shown], inst.correct_choice
    out = [f"<p>{_verdict(result)} &mdash; you picked <b>{'abcde'[shown]})</b> {_text(q.options[picked])}"
           f"<br>{_text(q.feedback[picked])}</p>"]
    if not result.correct:
        out.append(f"<p>The answer is <b>{'abcde'[right]})</b> {_text(q.options[q.correct])}"
                   f"<br>{_text(q.feedback[q.correct])}</p>")
    every = "".join(f"<li><b>{'abcde'[i]})</b> {_text(q.feedback[k])}</li>" for i, k in enumerate(inst.order))
    out.append(f"<details><summary>Why each option</summary><ul>{every}</ul></details>")
    return out


def _feedback_html(inst, result, bank):
    q = inst.question
    if q.kind == "choice":
        out = _choice_feedback(inst, result)
    elif q.kind == "numeric":
        head, _, solution = result.feedback.partition("\n")
        head = head.split(": ", 1)[1] if ": " in head else head
        out = [f"<p>{_verdict(result)} &mdash; {_text(head)}</p>",
               f"<div><b>Worked solution</b><div style='white-space:pre-wrap;font-family:monospace;"
               f"margin:2px 0 6px 0'>{html.escape(solution)}</div></div>"]
    elif q.kind == "bug":
        out = [f"<p>{_verdict(result)} &mdash; you picked line {result.response}; the bug is on line "
               f"{q.line}.</p>", _code_html(inst.code_lines, mark=q.line),
               f"<p><b>Fix:</b> <code>{html.escape(q.fix)}</code></p>"]
    else:
        covered = sum(result.response)
        out = [f"<p><b>You covered {covered} of {len(q.rubric)} key points</b> "
               f"(score {result.score:.2f}; 0.75 counts as a pass).</p>"]
        missed = [p for p, hit in zip(q.rubric, result.response) if not hit]
        if missed:
            out.append("<p>Say next time:</p><ul>" + "".join(f"<li>{_text(p)}</li>" for p in missed) + "</ul>")
    for key in result.misconceptions:
        out.append(f"<p style='color:#8a4b00'>Misconception: {_text(bank.misconceptions.get(key, key))}</p>")
    out.append(f"<p><b>Model answer.</b> {_text(result.explanation)}</p>")
    return "".join(out)


def _close(widget):
    for child in getattr(widget, "children", ()):
        _close(child)
    widget.close()


def _verdict_word(inst, result):
    if inst.question.kind == "explain":
        return f"{result.score:.2f}"
    return "right" if result.correct else "wrong"


# --------------------------------------------------------------------------- the widget


class Quiz:
    """A quiz over the question bank, in one widget. Make one with :func:`quiz`.

    Parameters
    ----------
    chains : tuple of tuple of Instance
        From :func:`plan_quiz`.
    bank : Bank
        The bank the questions came from (for the misconception glossary).
    minutes : float, optional
        A time budget: the round ends at the first "Next" after it runs out.
    clock : callable, default time.monotonic
        Seconds now; tests pass a fake clock.
    title : str, default "Quiz"
    review : ReviewStore, optional
        Where each graded answer is recorded for spaced review (``mlmetrics-edu review``);
        anything with ``record_question(question_id, result, *, topic, misconceptions)`` and
        ``save()``.

    Attributes
    ----------
    state : QuizState
        The last state; ``instance`` is the question on screen (None when finished).
    status, prompt, feedback : ipywidgets.HTML
        The header (question count, score, time left), the question, the verdict.
    check_button, next_button, rubric_button : ipywidgets.Button
        Check the answer; go on (skips an unanswered question); show an explain prompt's rubric.
    choice : ipywidgets.ToggleButtons or None
        Choice questions: the letters a-e; ``choice.value`` is the shown option's index.
    answer_box : ipywidgets.Text or None
        Numeric questions: the typed answer.
    line_picker : ipywidgets.ToggleButtons or None
        Bug questions: the line numbers (1-based).
    rubric_checks : list of ipywidgets.Checkbox
        Explain questions, after "Show rubric": one box per key point.
    widget : ipywidgets.VBox
        The layout; a bare ``quiz`` at the end of a cell displays it.
    """

    def __init__(self, chains, *, bank, minutes=None, clock=None, title="Quiz", review=None, seed=None):
        if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, numbers.Real)
                                    or not 0 < minutes < math.inf):
            raise MetricInputError(f"minutes must be a positive number, got {minutes!r}")
        self.bank, self.title, self.review, self.seed = bank, title, review, seed
        self.clock = clock or time.monotonic
        self.minutes = minutes
        self.retry = None             # "try again" after a miss: the retry's verdict (the first counts)
        self.state = start_quiz(chains, now=self.clock(), budget=None if minutes is None else 60.0 * minutes,
                                bank=bank, recorder=self._record)
        self.status, self.prompt, self.feedback = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.body = widgets.VBox([])
        # one Layout per button: hiding the rubric button must not hide the others
        self.check_button = widgets.Button(description="Check", button_style="primary",
                                           layout=widgets.Layout(width="auto"))
        self.rubric_button = widgets.Button(description="Show rubric", layout=widgets.Layout(width="auto"))
        self.next_button = widgets.Button(description="Next", layout=widgets.Layout(width="auto"))
        self.try_button = widgets.Button(description="Try again", layout=widgets.Layout(width="auto"),
                                         tooltip="answer again for practice: the first attempt is what counts")
        self.check_button.on_click(self._on_check)
        self.rubric_button.on_click(self._on_rubric)
        self.next_button.on_click(self._on_next)
        self.try_button.on_click(self._on_try_again)
        self.buttons = widgets.HBox([self.check_button, self.rubric_button, self.try_button, self.next_button])
        self.widget = widgets.VBox([self.status, self.prompt, self.body, self.buttons, self.feedback],
                                   layout=widgets.Layout(max_width="52em"))
        self.choice = self.answer_box = self.line_picker = self.typed_box = None
        self.rubric_checks = []
        self._ticker = None
        self._show_question()
        if minutes is not None and clock is None:
            self._tick()  # the rapid-fire clock ticks on its own (a fake clock in tests does not)

    def _tick(self):
        """Refresh the header every second while a timed round runs."""
        import threading

        if self.state.finished or self.clock() - self.state.started > self.state.budget + 1:
            return
        self.status.value = self._status_html()
        self._ticker = threading.Timer(1.0, self._tick)
        self._ticker.daemon = True
        self._ticker.start()

    def _record(self, answer):
        """The session's recorder: each graded answer goes to the review queue at once."""
        if self.review is None:
            return
        from ..interview.schedule import first_rating

        q, result = answer.item.question, answer.result
        try:
            new = ("q:" + q.id) not in self.review if hasattr(self.review, "__contains__") else True
            self.review.record_question(q.id, result, topic=q.topic, misconceptions=result.misconceptions,
                                        rating=first_rating(result, new=new), typed=answer.typed or None)
            self.review.save()
        except Exception as exc:  # the review queue must never break the quiz
            self.review = None
            self.state = replace(self.state, error=f"the review queue is off: {exc}")

    @property
    def instance(self) -> Instance | None:
        return self.state.current

    # ---- controls: rebuilt for each question

    def _show_question(self):
        for child in self.body.children:  # the last question's controls: closed, not leaked
            _close(child)
        self.choice = self.answer_box = self.line_picker = self.typed_box = None
        self.rubric_checks = []
        inst, children = self.instance, []
        self.feedback.value = ""
        if inst is None:
            self.prompt.value, self.body.children = self._summary_html(), ()
            self._render()
            return
        q = inst.question
        tag = f"{html.escape(TOPICS[q.topic][0])} &middot; {LEVELS[q.difficulty]}"
        if self.seed is not None:
            tag += f" &middot; seed {self.seed} (<code>seed={self.seed}</code> replays this quiz)"
        self.prompt.value = (f"<div style='color:#555;font-size:90%'>{tag}</div>"
                             f"<p style='font-size:105%'>{_text(inst.prompt)}</p>")
        if q.kind == "choice":
            self.choice = widgets.ToggleButtons(options=[("abcde"[i], i) for i in range(len(inst.options))],
                                                value=None, style={"button_width": "3em"})
            children = [widgets.HTML(_options_html(inst)), self.choice]
            control = self.choice
        elif q.kind == "numeric":
            unit = f" (in {q.unit})" if q.unit else ""
            self.answer_box = widgets.Text(placeholder=f"your answer{unit}, e.g. 0.75",
                                           layout=widgets.Layout(width="16em"))
            children, control = [self.answer_box], self.answer_box
        elif q.kind == "bug":
            self.line_picker = widgets.ToggleButtons(
                options=[(str(i), i) for i in range(1, len(inst.code_lines) + 1)], value=None,
                style={"button_width": "2.6em"})
            children = [widgets.HTML(_code_html(inst.code_lines)),
                        widgets.HTML("Which line holds the bug?"), self.line_picker]
            control = self.line_picker
        else:
            control = None
            self.typed_box = widgets.Textarea(placeholder="type your answer here (optional): the rubric then "
                                                          "shows which points it seems to cover",
                                              layout=widgets.Layout(width="100%", height="5em"))
            children = [widgets.HTML("<i>Answer out loud first (about a minute), or type it, then show the "
                                     "rubric and tick every key point you made.</i>"), self.typed_box]
        if control is not None:
            control.observe(self._on_change, names="value")
        self.body.children = tuple(children)
        self._render()

    def _on_change(self, _change):
        if self.retry is not None:
            return
        if self.state.error:  # a new answer: the old complaint no longer applies
            self.state = replace(self.state, error="")
        self._render()

    def _on_rubric(self, _button=None):
        inst = self.instance
        if inst is None or inst.question.kind != "explain" or self.rubric_checks or self.state.graded:
            return
        rows = []
        for point in inst.question.rubric:
            box = widgets.Checkbox(value=False, indent=False, layout=widgets.Layout(width="2em"))
            self.rubric_checks.append(box)
            rows.append(widgets.HBox([box, widgets.HTML(_text(point))]))
        seen = KIND_TABLE["explain"].covered(inst, self._typed())
        hint = ""
        if seen is not None:
            hit = [str(i) for i, yes in enumerate(seen, 1) if yes]
            hint = (f" Your typed answer seems to cover point{'s' * (len(hit) != 1)} {', '.join(hit)}." if hit else
                    " Your typed answer touches none of the points, so it cannot be graded right.")
        self.body.children = self.body.children + (widgets.HTML(f"<b>Rubric</b>: tick what you said.{hint}"),
                                                   *rows)
        self._render()

    # ---- transitions

    def _response(self):
        kind = self.instance.question.kind
        if kind == "choice":
            return self.choice.value
        if kind == "numeric":
            return self.answer_box.value
        if kind == "bug":
            return self.line_picker.value
        return [box.value for box in self.rubric_checks]

    def _on_try_again(self, _button=None):
        """After a miss: answer again for practice; the first attempt is what counts."""
        if self.instance is None or not self.state.graded or self.state.last.correct:
            return
        self.retry = "ready"
        for control in [self.choice, self.answer_box, self.line_picker, *self.rubric_checks]:
            if control is not None:
                control.disabled = False
        self.check_button.disabled = False
        self.try_button.layout.display = "none"

    def _check_retry(self):
        try:
            result = grade(self.instance, self._response())
        except AnswerError as exc:
            self.feedback.value += f"<p style='color:#b35900'>{html.escape(str(exc))}</p>"
            return
        word = "Right this time" if result.correct else "Still not it"
        self.feedback.value = (f"<p><b>{word}</b> (practice: your first attempt is what counts).</p>"
                               + _feedback_html(self.instance, result, self.bank))
        self.retry = result
        self._render()

    def _typed(self):
        return self.typed_box.value if self.typed_box is not None else (
            self.answer_box.value if self.answer_box is not None else "")

    def _on_check(self, _button=None):
        if self.instance is not None and self.retry == "ready":
            self._check_retry()
            return
        if self.instance is None or self.state.graded:
            return
        kind = self.instance.question.kind
        pending = {"choice": "pick an option first", "bug": "pick a line first",
                   "explain": "show the rubric and tick what you covered first"}
        response = self._response()
        if kind != "numeric" and (response is None or (kind == "explain" and not self.rubric_checks)):
            self.state = replace(self.state, error=pending[kind], now=self.clock())
        else:
            self.state = answer_quiz(self.state, response, now=self.clock(), typed=self._typed())
        if self.state.graded:
            self.feedback.value = _feedback_html(self.instance, self.state.last, self.bank)
        self._render()

    def _on_next(self, _button=None):
        self.retry = None
        self.state = next_question(self.state, now=self.clock())
        self._show_question()

    def respond(self, response):
        """Answer the question on screen as a learner would: set its control, press Check.

        ``response`` is what :func:`~mlmetrics_edu.interview.bank.grade` takes (an option
        index, a number or text, a line number, a list of booleans). Returns the verdict, or
        None if the response was not graded (see ``state.error``).
        """
        kind = self.instance.question.kind
        if kind == "choice":
            self.choice.value = response
        elif kind == "numeric":
            self.answer_box.value = str(response)
        elif kind == "bug":
            self.line_picker.value = response
        else:
            self._on_rubric()
            for box, value in zip(self.rubric_checks, response):
                box.value = bool(value)
        self.check_button.click()
        return self.state.last

    # ---- rendering

    def _status_html(self):
        s = self.state
        if s.budget is not None and not s.finished:   # the clock ticks between answers too
            s = replace(s, now=max(s.now, self.clock()))
        parts = [f"<b>{html.escape(self.title)}</b>"]
        if not s.finished:
            parts.append(f"question {s.chain + 1} of {len(s.chains)}"
                         + (f" &middot; follow-up {s.step}" if s.step else ""))
        parts.append(f"score {s.score:g} / {s.answered}")
        if s.budget is not None:
            parts.append("time's up" if s.time_up else f"{_clock(s.time_left)} left of {_clock(s.budget)}")
        return "<div style='padding:2px 0'>" + " &middot; ".join(parts) + "</div>"

    def _render(self):
        s, inst = self.state, self.instance
        self.status.value = self._status_html()
        if s.error:
            self.feedback.value = f"<p style='color:#b35900'>{html.escape(s.error)}</p>"
        elif not s.graded and inst is not None:
            self.feedback.value = ""
        is_explain = inst is not None and inst.question.kind == "explain"
        self.check_button.description = "Grade my answer" if is_explain else "Check"
        retrying = self.retry == "ready"
        self.check_button.disabled = (inst is None or (s.graded and not retrying)
                                      or (is_explain and not self.rubric_checks))
        self.try_button.layout.display = (None if inst is not None and s.graded and not s.last.correct
                                          and self.retry is None else "none")
        self.rubric_button.layout.display = None if is_explain and not self.rubric_checks else "none"
        self.next_button.disabled = inst is None
        self.buttons.layout.display = "none" if inst is None else None  # finished: the report only
        for control in [self.choice, self.answer_box, self.line_picker, self.typed_box, *self.rubric_checks]:
            if control is not None:
                control.disabled = s.graded and not retrying  # the answer is in: it stays as graded
        last = s.chain == len(s.chains) - 1 and s.step == len(s.chains[s.chain]) - 1 if inst else True
        self.next_button.description = ("See your score" if last or s.time_up else
                                        "Next" if s.graded else "Skip")

    def _summary_html(self):
        s = self.state
        share = f" ({100 * s.score / s.answered:.0f}%)" if s.answered else ""
        head = (f"<p><b>Done: {s.score:g} of {s.answered} points{share}</b> in {_clock(s.elapsed)}"
                + (" &mdash; time's up." if s.time_up else ".") + "</p>")
        rows = [(TOPICS[t][0], f"{points:g} / {count}") for t, (points, count) in s.by_topic().items()]
        out = [head, table_html(rows, title="By topic") if rows else ""]
        if not s.answers:
            out.append("<p>No question was answered" + (": every question was skipped." if s.skipped else ".")
                       + "</p>")
        if self.seed is not None:
            out.append(f"<p>Replay this quiz with <code>seed={self.seed}</code>.</p>")
        if s.answers:
            out.append(table_html([(a.instance.question.id + (" (follow-up)" if a.follow_up else ""),
                                    _verdict_word(a.instance, a.result),
                                    f"{a.seconds:.0f} s") for a in s.answers],
                                  title="Question by question"))
        if s.skipped:
            out.append("<p><b>Skipped:</b> " + ", ".join(html.escape(i.question.id) for i in s.skipped) + "</p>")
        missed = self.state.misconceptions()
        if missed:
            out.append("<p><b>Misconceptions shown</b></p><ul>"
                       + "".join(f"<li>{_text(self.bank.misconceptions.get(m, m))}</li>" for m in missed) + "</ul>")
        to_review = [a.instance.question for a in s.answers if not a.result.correct]
        to_review += [inst.question for inst in s.skipped]
        review = list(dict.fromkeys(nb for q in to_review for nb in q.notebooks))
        drills = list(dict.fromkeys(d for q in to_review for d in q.drills))
        if review or drills:
            out.append("<p><b>Review:</b> " + ", ".join(f"notebook {html.escape(nb)}" for nb in review)
                       + "".join(f", drill <code>{html.escape(d)}</code>" for d in drills) + "</p>")
        return "".join(out)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def __repr__(self):
        s = self.state
        return (f"Quiz({len(s.chains)} questions, {s.answered} answered, score {s.score:g}"
                + (", finished" if s.finished else "") + ")")


def quiz(question=None, *, topic=None, kind=None, level=None, covers=None, n=None, seed=None,
         rapid_fire=False, minutes=None, bank=None, clock=None, title=None, review=True) -> Quiz:
    """A quiz widget over the interview question bank, in one line.

    Parameters
    ----------
    question : str or list of str, optional
        Question ids to ask, in order, each with its follow-ups.
    topic, kind, level, covers, n
        Which questions: see :func:`plan_quiz`. Default 5 questions (10 in rapid fire).
    seed : int, optional
        Replays a quiz. Default: a fresh seed each time, shown in the header, so any quiz can
        be replayed with ``seed=...``.
    rapid_fire : bool, default False
        A timed round of quick questions: by default 10 questions of the choice, numeric and
        bug kinds (follow-ups included), and ``minutes=5``.
    minutes : float, optional
        The time budget; the header shows the time left, the round ends at the first "Next"
        once it has run out. Default: untimed, or 5 minutes with ``rapid_fire``.
    bank : Bank or path, optional
        The question bank, or a folder holding ``drills/questions`` and ``answers/questions``.
        Default: the course's bank.
    clock : callable, optional
        Seconds now (``time.monotonic``); pass a fake one to test a timed round.
    title : str, optional
        The header's name ("Quiz", or "Rapid fire").
    review : bool, folder or ReviewStore, default True
        Record every graded answer in the spaced-review queue, as soon as it is graded: by
        default in the progress file the CLI uses (``mlmetrics-edu review``, ``drill progress``;
        see :func:`mlmetrics_edu.drill.progress.learner_folder` -- nothing is written outside a
        learner's folder); a folder or a ``ReviewStore`` to choose; ``False`` to opt out.

    Returns
    -------
    Quiz
        A bare ``quiz(...)`` at the end of a cell displays itself.

    Examples
    --------
    >>> q = quiz(kind="choice", n=2, seed=0)
    >>> q.choice.value = q.instance.correct_choice   # what a click on the right letter does
    >>> q.check_button.click()
    >>> q.state.answered, q.state.score, q.state.last.correct
    (1, 1.0, True)
    >>> "Right" in q.feedback.value
    True
    """
    if bank is None:
        bank = load_bank()
    elif isinstance(bank, (str, Path)):
        bank = load_bank(str(bank))
    elif not isinstance(bank, Bank):
        raise MetricInputError(f"bank must be a Bank or a folder, got {type(bank).__name__}")
    if rapid_fire:
        minutes = DEFAULT_MINUTES if minutes is None else minutes
        if question is None:
            kind = RAPID_FIRE_KINDS if kind is None else kind
            n = DEFAULT_RAPID_N if n is None and covers is None else n
    seed = planner.new_seed() if seed is None else seed
    chains = plan_quiz(bank, question, topic=topic, kind=kind, level=level, covers=covers, n=n, seed=seed)
    if title is None:
        title = "Rapid fire" if rapid_fire else "Quiz"
    return Quiz(chains, bank=bank, minutes=minutes, clock=clock, title=title, review=_review_store(review),
                seed=seed)


def _review_store(review):
    """``True``: the learner's progress file (if any); a folder; a store; ``False``/None: none."""
    if review is None or review is False:
        return None
    if review is True:
        from ..drill.progress import learner_folder

        review = learner_folder()
        if review is None:
            return None
    if isinstance(review, (str, Path)):
        from ..interview.review import ReviewStore

        return ReviewStore(review)
    return review
