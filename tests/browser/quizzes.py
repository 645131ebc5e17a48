"""A notebook's quiz, answered in the browser as a learner does: a wrong answer, then the right one.

:func:`first_quiz` reads a notebook (no kernel, no browser): its first ``quiz(...)`` cell whose
first question is multiple choice, a number or a bug line, what that question is (the real
:func:`mlmetrics_edu.widgets.quiz.quiz` builds it here from the same call and seed, so it is the
question the kernel shows), a response graded wrong and one graded right (both checked with the
bank's own ``grade``), what the feedback must say, and the cells the quiz cell needs (the ones
that bind the names it uses), so a front end can run just those.

:func:`answer_wrong_then_right` drives the widget in a page: the wrong answer, Check, the
feedback says "Not quite" and names the right answer; Try again, the right answer, Check, the
feedback says "Right this time". Nothing here imports Playwright.
"""

from __future__ import annotations

import ast
import builtins
import functools
import re
from dataclasses import dataclass

ANSWERABLE = ("choice", "numeric", "bug")  # an explain prompt is self-marked: no wrong answer to give
LETTERS = "abcde"


@dataclass(frozen=True)
class QuizPick:
    cell: int            # index of the quiz cell in the notebook's cells
    call: str            # the quiz(...) call as written
    kind: str            # choice, numeric or bug
    question: str        # the id of the question on screen
    prompt: str
    wrong: object        # a response graded wrong (option index, typed text, line number)
    right: object        # a response graded right
    names_right: str     # what the feedback on the wrong answer says the right answer is
    needs: tuple         # indices of the code cells the quiz cell needs, the quiz cell last


def _code(source):
    """Python of a cell: IPython magics and shell lines blanked out."""
    return "\n".join(line[:len(line) - len(line.lstrip())] + "pass" if line.lstrip().startswith(("%", "!"))
                     else line for line in source.splitlines())


def _names(source):
    """(names the cell binds, names it reads before binding them)."""
    tree = ast.parse(_code(source))
    bound, loaded = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, (ast.Store, ast.Del)) else loaded).add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return bound, loaded - bound - set(dir(builtins))


def cells_needed(cells, index):
    """Indices of the code cells before ``index`` that bind what cell ``index`` reads (and what
    those read, in turn), then ``index``: running just these gives the cell what it needs.
    AssertionError when a name is bound nowhere before."""
    sources = ["".join(c["source"]) if c["cell_type"] == "code" else None for c in cells]
    needed, todo = {index}, [index]
    while todo:
        i = todo.pop()
        _, wanted = _names(sources[i])
        for name in sorted(wanted):
            binders = [j for j in range(i) if sources[j] is not None and name in _names(sources[j])[0]]
            assert binders, f"cell {index} needs {name!r}, bound by no earlier cell"
            if binders[-1] not in needed:
                needed.add(binders[-1])
                todo.append(binders[-1])
    return tuple(sorted(needed))


def _seed(cells):
    for cell in cells:
        found = re.search(r"^SEED\s*=\s*(\d+)\s*$", "".join(cell["source"]), re.M)
        if cell["cell_type"] == "code" and found:
            return int(found.group(1))
    return None


def _build(call, seed):
    """The Quiz the cell's ``quiz(...)`` call builds, here (no review queue, a still clock)."""
    from mlmetrics_edu.widgets.quiz import quiz

    tree = ast.parse(call, mode="eval")
    if not any(k.arg == "seed" for k in tree.body.keywords):
        return None  # a fresh seed each run: the question is not known in advance
    still = functools.partial(quiz, review=False, clock=lambda: 0.0)
    return eval(compile(tree, "<quiz cell>", "eval"), {"quiz": still, "SEED": seed})  # noqa: S307


def _responses(inst):
    """(wrong, right, what the feedback on the wrong answer names), checked with the bank's grade."""
    from mlmetrics_edu.interview.bank import grade

    q = inst.question
    if q.kind == "choice":
        right = inst.correct_choice
        wrong = next(i for i in range(len(inst.options)) if i != right)
        named = f"The answer is {LETTERS[right]})"
    elif q.kind == "numeric":
        shown = [f"{inst.answer:.{q.decimals}f}", repr(float(inst.answer))]  # as a learner types it
        right = next((text for text in shown if grade(inst, text).correct), shown[-1])
        wrong = f"{float(inst.answer) * 3 + 7:.{q.decimals}f}"
        named = f"the answer is {inst.answer:.{q.decimals}f}{q.unit}"
    else:
        lines = range(1, len(inst.code_lines) + 1)
        right = q.line
        wrong = next(line for line in lines if not grade(inst, line).correct)
        named = f"the bug is on line {q.line}"
    assert grade(inst, right).correct and not grade(inst, wrong).correct, (q.id, wrong, right)
    return wrong, right, named


def first_quiz(nb):
    """The notebook's first quiz cell with an answerable first question (a :class:`QuizPick`), or None."""
    cells = nb["cells"]
    seed = _seed(cells)
    for i, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or "quiz(" not in source:
            continue
        calls = [n for n in ast.walk(ast.parse(_code(source)))
                 if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "quiz"]
        if len(calls) != 1:
            continue
        call = ast.unparse(calls[0])
        widget = _build(call, seed)
        if widget is None or widget.instance.question.kind not in ANSWERABLE:
            continue
        inst = widget.instance
        wrong, right, named = _responses(inst)
        return QuizPick(i, call, inst.question.kind, inst.question.id, inst.prompt, wrong, right, named,
                        cells_needed(cells, i))
    return None


# --------------------------------------------------------------------------- in the browser


def _respond(out, pick, response, timeout):
    if pick.kind == "numeric":
        box = out.locator(".widget-text input").first
        box.fill(str(response), timeout=timeout)
        return
    name = LETTERS[response] if pick.kind == "choice" else str(response)
    out.get_by_role("button", name=name, exact=True).click(timeout=timeout)


def _comes_to_show(out, text, timeout_ms):
    """Does ``out`` show ``text`` within the timeout? (Playwright's own wait: it polls the page.)"""
    try:
        out.get_by_text(text).first.wait_for(timeout=timeout_ms)
    except Exception as exc:  # noqa: BLE001 - Playwright's TimeoutError, without importing Playwright
        if type(exc).__name__ != "TimeoutError":
            raise
        return False
    return True


def answer_wrong_then_right(out, pick, ms):
    """In the quiz output ``out`` (a locator): the wrong answer, then Try again and the right one.
    ``ms()`` gives each wait its timeout (a hang guard). Returns the problems seen (empty: fine)."""
    problems = []
    check = out.get_by_role("button", name="Check", exact=True)
    _respond(out, pick, pick.wrong, ms())
    check.click(timeout=ms())
    out.get_by_text("Not quite").first.wait_for(timeout=ms())
    # the header is its own widget: its update may land after the feedback's, so wait for it
    counted = _comes_to_show(out, "score 0 / 1", ms())
    text = " ".join(out.inner_text(timeout=ms()).split())
    if pick.names_right not in text:
        problems.append(f"the feedback on a wrong answer does not say {pick.names_right!r}: {text[-400:]!r}")
    if not counted:
        problems.append(f"the header does not count one wrong answer (score 0 / 1): {text[:200]!r}")
    out.get_by_role("button", name="Try again", exact=True).click(timeout=ms())
    _respond(out, pick, pick.right, ms())
    check.click(timeout=ms())
    out.get_by_text("Right this time").first.wait_for(timeout=ms())
    text = " ".join(out.inner_text(timeout=ms()).split())
    if "Not quite" in text.split("Right this time", 1)[1][:200]:
        problems.append(f"the right answer is graded wrong: {text[-400:]!r}")
    if "score 0 / 1" not in text:  # practice: the first attempt is what counts
        problems.append(f"the retry changed the score: {text[:200]!r}")
    return problems
