"""Turn a :class:`~.grader.Verdict` into feedback: plain text for the terminal, HTML for notebooks.

A failure shows the first failing case -- its inputs (shortened when large), the
expected value, what the learner's code gave, the tolerance and a one-line command
that reproduces it -- then the named misconception when the learner's outputs match
one, and a hint whose level rises with the number of failed attempts. A pass says
how many cases and properties were checked, and notes an equivalent route the
learner took (spec ``Route``). A failure on a random case or a property prints the
run seed with the command that reproduces it; in a workshop (``secret``) the seed and
the expected value of a random case stay hidden. Every verdict, a pass included, states
the sandbox it ran in. Nothing here depends on timing or temp paths.

Everything the learner controls -- printed output, exception names and messages,
traceback lines, returned strings -- is escaped by :func:`clean` and shown after a
label, so a submission can neither move the cursor nor draw a line that starts
with ``PASS``.
"""

from __future__ import annotations

import html
import inspect
import re

from .compare import short
from .spec import Drill, reference

CLI_REPRODUCE = "mlmetrics-edu drill check {id} --case {case}"
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def clean(text) -> str:
    """``text`` with every control, bidi and invisible format character escaped (``\\x1b``)."""
    return _UNSAFE.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                                                else f"\\u{ord(m.group()):04x}"), str(text))


def param_names(drill: Drill) -> list:
    return list(inspect.signature(reference(drill)).parameters)


def report_lines(verdict, *, hint_level: int = 0, reproduce: str = CLI_REPRODUCE) -> list:
    """The report as a list of (label, text) pairs; ``label`` is "" for a headline.

    Every text is passed through :func:`clean`: one report line per list item, always.
    """
    return [(label, clean(text)) for label, text in _report_lines(verdict, hint_level, reproduce)]


def _report_lines(verdict, hint_level, reproduce):
    drill, f = verdict.drill, verdict.failure
    if verdict.passed:
        lines = [("", f"PASS  {drill.id}: {summary(verdict)}")]
        lines += [("note", route.note) for route in getattr(verdict, "notes", [])]
        if getattr(verdict, "isolation", ""):
            lines.append(("sandbox", verdict.isolation))
        return lines
    if f.not_implemented:
        where = _first_frame(f.error, verdict.source_label)
        lines = [("", f"TODO  {drill.id} is not implemented yet"),
                 ("next", f"open {where}, find `def {drill.function}` and replace "
                          "`raise NotImplementedError` under the TODO with your code")]
        return lines + _hint_line(drill, hint_level)
    lines = [("", f"FAIL  {drill.id} ({verdict.source_label})")]
    case = f.case
    seed = getattr(verdict, "seed", None)
    seeded = case is not None and case.kind != "edge" and seed is not None and not getattr(verdict, "secret", False)
    if case is not None:
        lines += _case_lines(verdict, case)
    lines.append(("problem", f.problem))
    if case is not None and case.kind != "property" and f.error is None and not f.stopped:
        lines.append(("tolerance", f"{drill.tol} (floats); exact for ints, shapes and types"))
    if f.diagnosis is not None:
        lines.append(("diagnosis", f"{f.diagnosis.diagnosis} (misconception {f.diagnosis.name!r})"))
    if f.error is not None and f.error.get("frames"):
        for lineno, name, text in f.error["frames"]:
            lines.append(("traceback", f"{verdict.source_label}:{lineno} in {name}: {text}"))
    for stream, label in ((verdict.stdout, "printed"), (verdict.stderr, "stderr")):
        if stream.strip():
            text = [t if len(t) <= 200 else t[:197] + "..." for t in stream.strip().splitlines()]
            lines += [(label, t) for t in text[:8]]
            if len(text) > 8:
                lines.append((label, f"... {len(text) - 8} more lines"))
    for refused in verdict.refused[:5]:
        lines.append(("refused", refused))
    if seeded:
        lines.append(("seed", f"{seed} (the random cases of this run; every check draws new ones)"))
    if case is not None and verdict.single_case is None and not getattr(verdict, "secret", False):
        command = reproduce.format(id=drill.id, case=case.name)
        if seeded:
            command = _with_seed(command, seed)
        lines.append(("reproduce", command))
    limits = getattr(verdict, "limits", None)
    if limits is not None:
        lines.append(("budget", limits.describe()))
    if getattr(verdict, "isolation", ""):
        lines.append(("sandbox", verdict.isolation))
    return lines + _hint_line(drill, hint_level)


def _case_lines(verdict, case):
    """The failing case: what it is, its inputs, what was expected and what came back."""
    f = verdict.failure
    label = {"edge": "edge case", "random": "random case", "property": "property"}[case.kind]
    why = f": {case.why}" if case.kind != "random" else ""
    lines = [("case", f"{label} {case.name!r}{why}")]
    names = param_names(verdict.drill)
    for i, c in enumerate(case.calls):
        prefix = f"call {i + 1}: " if len(case.calls) > 1 else ""
        lines.append(("inputs", prefix + format_call(c, names, full=verdict.single_case is not None)))
    if case.kind != "property" and f.expected is not None:
        if case.kind == "random" and getattr(verdict, "secret", False):
            # Class grading: a random case's answer is never handed out (no lookup tables).
            lines.append(("expected", "(not shown in class grading: a random case of a secret draw)"))
        else:
            lines.append(("expected", short(f.expected, 400)))
    if f.error is None and not f.stopped and case.kind != "property":
        lines.append(("got", short(f.got, 400)))
    elif case.kind == "property" and f.got is not None:
        lines.append(("got", "; ".join(f"call {i + 1}: {short(g, 200)}" for i, g in enumerate(f.got))))
    return lines


def _with_seed(command, seed):
    """Add the seed to a reproduce command: ``--seed S`` for the CLI, ``seed=S`` in Python."""
    if command.rstrip().endswith(")"):
        return command.rstrip()[:-1] + f", seed={seed})"
    if " --case " in command:
        head, tail = command.split(" --case ", 1)
        return f"{head} --seed {seed} --case {tail}"
    return f"{command} --seed {seed}"


def _hint_line(drill, level):
    if not level:
        return []
    return [("hint", f"{level}/{len(drill.hints)}: {drill.hints[level - 1]}")]


def summary(verdict) -> str:
    c = verdict.counts
    if verdict.single_case:
        return f"case {verdict.single_case!r} passed"
    return (f"{c['edge']} edge cases, {c['random']} random cases and {c['property']} properties "
            f"({c['instances']} instances) checked")


def format_call(c, names, full=False) -> str:
    limit = None if full else 300
    parts = [f"{n}={short(v, limit)}" for n, v in zip(names, c.args)]
    parts += [f"{k}={short(v, limit)}" for k, v in c.kwargs.items()]
    return ", ".join(parts)


def _first_frame(error, label):
    frames = (error or {}).get("frames") or []
    return f"{label}:{frames[-1][0]}" if frames else label


def text(verdict, **kwargs) -> str:
    """Plain-text report."""
    out = []
    for label, line in report_lines(verdict, **kwargs):
        out.append(line if not label else f"  {label + ':':<11}{line}")
    return "\n".join(out)


def to_html(verdict, **kwargs) -> str:
    """HTML report for Jupyter / Colab (self-contained inline styles)."""
    lines = report_lines(verdict, **kwargs)
    head = lines[0][1]
    colour = {"PASS": "#1b7f3b", "FAIL": "#b42318", "TODO": "#8a6d00"}[head[:4]]
    # text-align is explicit: JupyterLab right-aligns table cells of rendered HTML by default
    label_style = "padding:2px 10px 2px 0;vertical-align:top;text-align:left;color:#555"
    rows = "".join(
        f"<tr><td style='{label_style}'>{html.escape(label)}</td>"
        f"<td style='padding:2px 0;text-align:left'><code style='white-space:pre-wrap'>"
        f"{html.escape(line)}</code></td></tr>"
        for label, line in lines[1:]
    )
    return (f"<div style='border-left:4px solid {colour};padding:6px 12px;font-family:sans-serif'>"
            f"<div style='font-weight:bold;color:{colour}'>{html.escape(head)}</div>"
            f"<table style='border-collapse:collapse;font-size:90%'>{rows}</table></div>")
