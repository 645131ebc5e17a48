"""The night before: a cheat sheet of every metric, generated from the package's docstrings.

The docstrings are the single source. For every public name (``__all__``) of each metric
module found at run time, the numpydoc **Notes** section is parsed for its four labelled
paragraphs -- **Formula**, **Intuition** (the question the metric answers), **Interview
note** (the trap) and **Edge cases** (the convention for 0/0, ties, one class) -- and laid
out one section per module, as Markdown and as printable HTML (compact columns, each
module starting on a new page, A4 or Letter: the page size is left to the printer).

Functions are always listed; a class is listed when its Notes carry a **Formula** (the
recalibrators), not when it is a result container or an exception.

>>> sections = collect()
>>> entry = next(e for s in sections for e in s.entries if e.name == "precision_score")
>>> entry.fields["Formula"]
'``tp / (tp + fp)``.'
>>> "# mlmetrics-edu cheat sheet" in to_markdown(sections)
True
"""

from __future__ import annotations

import html
import importlib
import inspect
import pkgutil
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

FIELDS = ("Formula", "Intuition", "Interview note", "Edge cases")
# The course order of the metric modules; any other module that documents formulas is
# found by discovery and goes after these.
COURSE_ORDER = ("classification", "curves", "calibration", "regression", "ranking", "generation",
                "llm_eval", "significance", "experiments", "splits", "fairness", "clustering",
                "monitoring", "drift")
NOT_METRICS = {"cli", "datasets", "plots", "widgets", "drill", "interview", "distributed", "spark", "report"}


@dataclass
class Entry:
    """One public metric: its name, one-line summary and the four Notes fields."""

    name: str
    kind: str                       # "function" or "class"
    summary: str
    signature: str
    fields: dict = field(default_factory=dict)   # FIELDS -> text (reST inline markup)


@dataclass
class Section:
    """One metric module."""

    module: str                     # "mlmetrics_edu.classification"
    title: str                      # "Classification"
    summary: str                    # the module docstring's first line
    entries: list


# --------------------------------------------------------------------------- collecting


def metric_modules() -> list:
    """The metric modules present at run time, in course order, then any other found.

    A family split into a package (``llm_eval/``) counts as one module: its ``__init__``
    re-exports the family's ``__all__``.
    """
    package = Path(__file__).resolve().parent.parent  # the families, not the package's re-exports
    found = {m.name for m in pkgutil.iter_modules([str(package)])
             if not m.name.startswith("_") and m.name not in NOT_METRICS}
    names = [n for n in COURSE_ORDER if n in found] + sorted(found - set(COURSE_ORDER))
    modules = []
    for name in names:
        module = importlib.import_module(f"mlmetrics_edu.{name}")
        if any(_documents_a_formula(getattr(module, n)) for n in getattr(module, "__all__", ())):
            modules.append(module)
    return modules


def _documents_a_formula(obj) -> bool:
    return "**Formula**" in notes_section(inspect.getdoc(obj) or "")


def public_metrics(module) -> list:
    """The names of ``module.__all__`` the cheat sheet lists (see the module docstring)."""
    out = []
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isfunction(obj) or (inspect.isclass(obj) and _documents_a_formula(obj)):
            out.append(name)
    return out


def collect(brief: bool = False, modules=None) -> list:
    """Every metric module as a :class:`Section` of :class:`Entry`, from the docstrings.

    ``brief`` keeps the first sentence of each note: the short sheet for the night before.
    ``modules`` (short names, e.g. ``["classification", "curves"]``) keeps only those.
    """
    sections = []
    found = metric_modules()
    if modules is not None:
        known = [m.__name__.rpartition(".")[2] for m in found]
        unknown = [m for m in modules if m not in known]
        if unknown:
            raise ValueError(f"no metric module called {', '.join(map(repr, unknown))}; "
                             f"choose from {', '.join(known)}")
        found = [m for m in found if m.__name__.rpartition(".")[2] in modules]
    for module in found:
        short = module.__name__.rpartition(".")[2]
        summary = (inspect.getdoc(module) or "").strip().splitlines()[0] if module.__doc__ else ""
        entries = [_entry(name, getattr(module, name)) for name in public_metrics(module)]
        if brief:
            for e in entries:
                e.fields = {k: first_sentence(v) for k, v in e.fields.items()}
        sections.append(Section(module.__name__, _TITLES.get(short, short.replace("_", " ").capitalize()),
                                summary, entries))
    return sections


_TITLES = {"classification": "Classification", "curves": "Thresholds and curves",
           "calibration": "Calibration", "regression": "Regression and trajectories",
           "ranking": "Ranking", "generation": "LLM and generation",
           "llm_eval": "Evaluating LLM applications", "significance": "Significance",
           "experiments": "Experiments (A/B tests)", "splits": "Splits", "fairness": "Fairness and slices",
           "clustering": "Clustering", "monitoring": "Monitoring in production", "drift": "Drift"}


def _entry(name, obj) -> Entry:
    doc = inspect.getdoc(obj) or ""
    try:
        signature = f"{name}{inspect.signature(obj)}"
    except (TypeError, ValueError):
        signature = name
    return Entry(name, "class" if inspect.isclass(obj) else "function",
                 _first_sentence(doc), signature, note_fields(notes_section(doc)))


_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+(?=[A-Z(*`])|(?<=[.!?])\s+(?=\w)")


def first_sentence(text: str) -> str:
    """The first sentence of ``text``, not cut inside inline code (``0.5``, ``e.g.``, ``i.e.``).

    >>> first_sentence("AUC ignores calibration. A high AUC can hide poor precision.")
    'AUC ignores calibration.'
    >>> first_sentence("``tp / (tp + fp)``. Binary only, e.g. spam vs ham.")
    '``tp / (tp + fp)``.'
    """
    protected = re.sub(r"``.*?``|`[^`]*`|\b(?:e\.g|i\.e|vs|etc|cf)\.", lambda m: "\0" * len(m.group(0)), text)
    for match in _SENTENCE_END.finditer(protected):
        if protected[match.start() - 1] in ".!?":
            return text[:match.start()].strip()
    return text.strip()


def _first_sentence(doc: str) -> str:
    paragraph = doc.strip().split("\n\n")[0]
    return " ".join(paragraph.split())


_HEADER = re.compile(r"^(\S[^\n]*)\n-{3,}[ \t]*$", re.M)


def notes_section(doc: str) -> str:
    """The text of the numpydoc ``Notes`` section ('' if there is none)."""
    headers = list(_HEADER.finditer(doc))
    for i, match in enumerate(headers):
        if match.group(1).strip() == "Notes":
            end = headers[i + 1].start() if i + 1 < len(headers) else len(doc)
            return doc[match.end():end].strip()
    return ""


_LABEL = re.compile(r"\*\*([A-Z][A-Za-z ]+)\*\*\s*:?\s*")


def note_fields(notes: str) -> dict:
    """``{"Formula": "...", ...}``: each ``**Label**:`` paragraph of the Notes, up to the next label."""
    out = {}
    labels = list(_LABEL.finditer(notes))
    for i, match in enumerate(labels):
        name = match.group(1).strip()
        end = labels[i + 1].start() if i + 1 < len(labels) else len(notes)
        text = notes[match.end():end].strip()
        if name in FIELDS and text:
            out[name] = " ".join(text.split())
    return out


# --------------------------------------------------------------------------- inline markup


_INLINE = re.compile(r"``(?P<lit>.+?)``|:math:`(?P<math>.+?)`|:(?:func|class|meth|attr|mod):`~?(?P<ref>[^`]+)`"
                     r"|`(?P<tick>[^`]+)`")


def _segments(text: str):
    """Split reST inline markup into ``(text, is_code)`` pieces (math becomes readable text)."""
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            yield text[pos:m.start()], False
        if m.group("lit") is not None:
            yield m.group("lit"), True
        elif m.group("math") is not None:
            yield latex_to_text(m.group("math")), True
        elif m.group("ref") is not None:
            yield m.group("ref").rpartition(".")[2] + ("()" if ":func:" in m.group(0) else ""), True
        else:
            yield m.group("tick"), True
        pos = m.end()
    if pos < len(text):
        yield text[pos:], False


_SYMBOLS = {
    r"\sum": "Σ", r"\prod": "Π", r"\le": "≤", r"\leq": "≤", r"\ge": "≥", r"\geq": "≥",
    r"\ne": "≠", r"\neq": "≠", r"\cdot": "·", r"\times": "×", r"\in": "∈", r"\infty": "∞",
    r"\to": "→", r"\approx": "≈", r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\delta": "δ",
    r"\epsilon": "ε", r"\varepsilon": "ε", r"\lambda": "λ", r"\mu": "μ", r"\sigma": "σ",
    r"\tau": "τ", r"\theta": "θ", r"\pi": "π", r"\log": "log", r"\exp": "exp", r"\max": "max",
    r"\min": "min", r"\ldots": "…", r"\dots": "…", r"\lvert": "|", r"\rvert": "|", r"\mid": "|",
    r"\Delta": "Δ", r"\rho": "ρ", r"\kappa": "κ", r"\phi": "φ", r"\top": "T",
}


def _group(term: str) -> str:
    term = term.strip()
    return term if re.fullmatch(r"[\w.]+", term) else f"({term})"


def latex_to_text(tex: str) -> str:
    r"""Readable plain text for the small LaTeX of the docstrings.

    >>> latex_to_text(r"\frac{1}{n}\sum_i (p_i - y_i)^2 + \frac{a + b}{2}")
    '1/n Σ_i (p_i - y_i)^2 + (a + b)/2'
    >>> latex_to_text(r"\bar o \le \mathbb{E}[z_{ic}]")
    'ō ≤ 𝔼[z_ic]'
    """
    s = tex
    s = re.sub(r"\\(?:left|right|displaystyle)\b", "", s)
    s = re.sub(r"\\[,;:! ]|\\q?quad\b", " ", s)
    s = re.sub(r"\\mathbb\{E\}", "𝔼", s)
    s = re.sub(r"\\(log|exp|max|min)(?=[\\A-Za-z])", r"\\\1 ", s)   # \log\beta -> log β
    s = re.sub(r"\\(?:mathrm|text|operatorname|mathbf|mathit)\{([^{}]*)\}", r"\1", s)
    for _ in range(5):  # innermost first, so nested fractions and roots come out
        s = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", lambda m: f"{_group(m[1])}/{_group(m[2])}", s)
        s = re.sub(r"\\sqrt\{([^{}]*)\}", r"√(\1)", s)
    s = re.sub(r"\\bar\s*\{?(\w)\}?", "\\1\u0304", s)
    s = re.sub(r"\\hat\s*\{?(\w)\}?", "\\1\u0302", s)
    s = re.sub(r"\\tilde\s*\{?(\w)\}?", "\\1\u0303", s)
    s = re.sub(r"\\[A-Za-z]+", lambda m: _SYMBOLS.get(m.group(0), m.group(0)[1:]), s)
    s = re.sub(r"([_^])\{([A-Za-z0-9]+)\}", r"\1\2", s)   # z_{ic} -> z_ic
    s = re.sub(r"([_^])\{([^{}]*)\}", r"\1(\2)", s)       # e^{z_i} -> e^(z_i), e_{k+1} -> e_(k+1)
    s = s.replace("{", "").replace("}", "")
    s = re.sub(r"(Σ|Π)(_\w+)(?=[(\[|])", r"\1\2 ", s)      # Σ_i(...) -> Σ_i (...)
    s = re.sub(r"(?<=[^\s(\[])(Σ|Π)", r" \1", s)
    return unicodedata.normalize("NFC", re.sub(r"[ \t]+", " ", s).strip())


def _md(text: str) -> str:
    out = []
    for piece, code in _segments(text):
        if code:
            ticks = "``" if "`" in piece else "`"
            pad = " " if piece.startswith("`") or piece.endswith("`") else ""
            out.append(f"{ticks}{pad}{piece}{pad}{ticks}")
        else:
            out.append(piece)
    return "".join(out)


def _html(text: str) -> str:
    out = []
    for piece, code in _segments(text):
        if code:
            out.append(f"<code>{html.escape(piece)}</code>")
        else:
            escaped = html.escape(piece)
            escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)
            escaped = re.sub(r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])", r"<em>\1</em>", escaped)
            out.append(escaped)
    return "".join(out)


def _anchor(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --------------------------------------------------------------------------- rendering


def _version():
    from .._version import __version__

    return __version__


INTRO = ("Generated from the docstrings of mlmetrics-edu {version} (`mlmetrics-edu cheatsheet`): "
         "for every metric, the formula, the question it answers (Intuition), the interview trap "
         "and its convention for edge cases.")


def to_markdown(sections) -> str:
    """The cheat sheet as Markdown: one ``##`` section per module, one ``###`` per metric."""
    lines = ["# mlmetrics-edu cheat sheet", "", INTRO.format(version=_version()), ""]
    lines += [f"- [{s.title}](#{_anchor(s.title)}) -- {', '.join(f'`{e.name}`' for e in s.entries)}"
              for s in sections]
    for s in sections:
        lines += ["", f"## {s.title}", "", f"`{s.module}`: {_md(s.summary)}"]
        for e in s.entries:
            lines += ["", f"### `{e.name}`", "", _md(e.summary), ""]
            lines += [f"- **{name}**: {_md(e.fields.get(name, '(not documented)'))}" for name in FIELDS]
    return "\n".join(lines) + "\n"


CSS = """
@page { margin: 9mm; }              /* size: the printer's A4 or Letter */
* { box-sizing: border-box; }
body { font: 8.5pt/1.3 "Helvetica Neue", Arial, sans-serif; color: #111; margin: 0 auto;
       max-width: 1200px; padding: 8px; }
h1 { font-size: 15pt; margin: 0 0 2px; }
h2 { font-size: 11.5pt; margin: 8px 0 2px; border-bottom: 1.5px solid #333; }
h2 small { font-weight: normal; color: #555; font-size: 8pt; }
h3 { font-size: 9pt; margin: 0 0 1px; }
p { margin: 0 0 3px; }
.intro { color: #444; }
.metrics { column-count: 3; column-gap: 5mm; column-rule: 0.5px solid #ccc; }
.metric { break-inside: avoid; page-break-inside: avoid; margin: 0 0 5px; }
dl { margin: 0; }
dt { display: inline; font-weight: bold; color: #333; margin-right: 3px; }
dt::after { content: ":"; }
dd { display: inline; margin: 0; }
dd::after { content: ""; display: block; }
code { font: 7.6pt/1.2 Menlo, Consolas, monospace; background: #f3f3f3; padding: 0 1px;
       overflow-wrap: anywhere; }
nav ul { columns: 2; margin: 2px 0; padding-left: 16px; }
@media screen and (max-width: 900px) { .metrics { column-count: 1; } }
@media print {
  body { max-width: none; padding: 0; font-size: 7.5pt; }
  .metrics { column-count: 4; column-gap: 4mm; }
  code { font-size: 7pt; }
  section.topic { break-before: page; page-break-before: always; }
  section.topic:first-of-type { break-before: auto; page-break-before: auto; }
  nav { display: none; }
  code { background: none; }
}
"""


# The brief sheet prints dense: every topic in one flow of five narrow columns, small type.
BRIEF_CSS = """
@media print {
  body { font-size: 6.4pt; line-height: 1.2; }
  .metrics { column-count: 5; column-gap: 3mm; }
  code { font-size: 6pt; }
  section.topic { break-before: auto; page-break-before: auto; }
  h2 { font-size: 8.5pt; margin: 3px 0 1px; }
  h3 { font-size: 7pt; }
  .metric { margin: 0 0 2px; }
  .metric > p, .topic > p.intro { display: none; }
}
"""


def to_html(sections, *, brief=False) -> str:
    """The cheat sheet as one printable HTML page (inline CSS, no scripts, no network)."""
    esc = html.escape
    css = CSS + (BRIEF_CSS if brief else "")
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>mlmetrics-edu cheat sheet</title>", f"<style>{css}</style>", "</head>", "<body>",
           "<header>", "<h1>mlmetrics-edu cheat sheet</h1>",
           f'<p class="intro">{_html(INTRO.format(version=_version()))}</p>', "</header>",
           "<nav><ul>"]
    out += [f'<li><a href="#{_anchor(s.title)}">{esc(s.title)}</a> ({len(s.entries)})</li>' for s in sections]
    out.append("</ul></nav>")
    for s in sections:
        out += [f'<section class="topic" id="{_anchor(s.title)}">',
                f"<h2>{esc(s.title)} <small><code>{esc(s.module)}</code></small></h2>",
                f'<p class="intro">{_html(s.summary)}</p>', '<div class="metrics">']
        for e in s.entries:
            out += [f'<article class="metric" id="{esc(e.name)}">',
                    f'<h3><code title="{esc(e.signature)}">{esc(e.name)}</code></h3>',
                    f"<p>{_html(e.summary)}</p>", "<dl>"]
            for name in FIELDS:
                out.append(f"<dt>{esc(name)}</dt><dd>{_html(e.fields.get(name, '(not documented)'))}</dd>")
            out += ["</dl>", "</article>"]
        out += ["</div>", "</section>"]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def write_cheatsheet(out=".", fmt="both", *, full=False, modules=None) -> list:
    """Write ``cheatsheet.md`` and/or ``cheatsheet.html`` into folder ``out``; return the paths.

    The default sheet is brief (each note's first sentence); ``full=True`` keeps whole notes;
    ``modules`` restricts it to some topics (the hour's core fits on one printed page per topic).
    """
    if fmt not in ("md", "html", "both"):
        raise ValueError(f"fmt must be 'md', 'html' or 'both', not {fmt!r}")
    sections = collect(brief=not full, modules=modules)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if fmt in ("md", "both"):
        written.append(folder / "cheatsheet.md")
        written[-1].write_text(to_markdown(sections), encoding="utf-8")
    if fmt in ("html", "both"):
        written.append(folder / "cheatsheet.html")
        written[-1].write_text(to_html(sections, brief=not full), encoding="utf-8")
    return written
