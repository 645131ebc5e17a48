"""The report card of a mock interview: Markdown for the learner, JSON for tools.

:func:`build_card` takes the data of :meth:`Session.report_data` and adds where to study each
missed item -- the notebook (a Colab link and the path in the learner's working copy when the
interview runs inside one, else in the checkout, with the section when the question's ``see``
names one as ``"03_thresholds_roc_pr#The ROC curve"``) and the drills the question covers (its
``see`` drills: the command that grades each, and its file). :func:`to_markdown` renders the card;
:func:`write_card` writes ``interview-report-<timestamp>.md`` and ``.json`` side by side.

>>> notebook_link("03_thresholds_roc_pr#The ROC curve")["section"]
'The ROC curve'
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .session import KIND_NAMES, clock

COLAB = "https://colab.research.google.com/github/mlmetrics-edu/mlmetrics-edu/blob/main/notebooks/{stem}.ipynb"
NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent.parent / "notebooks"


def working_copy(folder) -> Path | None:
    """The learner's copy of the course notebooks in ``folder`` (``mlmetrics-edu notebooks``), if any."""
    for candidate in (Path(folder), Path(folder) / "notebooks"):
        if candidate.is_dir() and any(candidate.glob("0*.ipynb")):
            return candidate.resolve()
    return None


def notebook_link(see: str, notebooks_dir: Path | None = NOTEBOOKS_DIR) -> dict:
    """A notebook reference (``stem`` or ``stem#Section``) as its Colab link and local path."""
    stem, _, section = see.partition("#")
    local = None
    if notebooks_dir is not None and (Path(notebooks_dir) / f"{stem}.ipynb").is_file():
        local = str(Path(notebooks_dir) / f"{stem}.ipynb")
    return {"notebook": stem, "section": section.strip(), "colab": COLAB.format(stem=stem), "path": local}


def drill_link(drill_id: str) -> dict:
    """A drill by id: the command that grades it and the file the learner edits."""
    entry = {"drill": drill_id, "command": f"mlmetrics-edu drill check {drill_id}", "file": None, "title": ""}
    try:
        from ..drill.spec import get_drill

        drill = get_drill(drill_id)
    except (KeyError, FileNotFoundError):
        entry["command"] = "mlmetrics-edu drill list"
        return entry
    entry.update(drill=drill.id, file=drill.filename, title=drill.title)
    return entry


def build_card(data: dict, *, notebooks_dir: Path | None = NOTEBOOKS_DIR) -> dict:
    """The report card: the session's data plus the links of what to review."""
    card = dict(data)
    review = []
    for row in data["review"]:
        row = dict(row)
        row["notebook_links"] = [notebook_link(s, notebooks_dir) for s in row["notebooks"]]
        row["drill_links"] = [drill_link(d) for d in row["drills"]]  # the drills it covers, only
        review.append(row)
    card["review"] = review
    drill = data.get("drill")
    if drill and not drill["passed"]:
        card["drill_review"] = drill_link(drill["drill_id"])
    return card


# --------------------------------------------------------------------------- Markdown


def _cell(text, limit=None) -> str:
    text = " ".join(str(text).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text.replace("|", "\\|")


def _result_word(q) -> str:
    if q["skipped"]:
        return "skipped"
    if q["kind"] == "explain":
        return f"{'right' if q['correct'] else 'partial'} ({q['score']:.0%} of the rubric)"
    return "right" if q["correct"] else "wrong"


def to_markdown(card: dict) -> str:
    """The report card as Markdown (readable as plain text too)."""
    score = card["score"]
    topics = ", ".join(card["topics"]) or "all"
    levels = ", ".join(card["levels"]) or "all"
    lines = ["# Mock interview: report card", "",
             f"- started: {card['started'] or 'unknown'}; planned {card['minutes']:g} minutes; "
             f"seed {card['seed']}; topics: {topics}; levels: {levels}",
             f"- ended: {card['ended_because']}, after {clock(card['elapsed_seconds'])}"
             + (f" ({clock(card['overtime_seconds'])} over time)" if card.get("overtime_seconds") else "")
             + f"; {card.get('answered', card['asked'])} of {card['planned']} planned questions answered"
             + (f", {card['skipped']} skipped" if card.get("skipped") else ""),
             "", f"## Score: {score['points']:g} / {score['out_of']} ({score['percent']:g}%)"
             + (f" -- {card['skipped']} skipped, scored 0" if card.get("skipped") else ""), ""]
    if card["by_topic"]:
        lines += ["| topic | answered | skipped | right | score | time |", "|---|---:|---:|---:|---:|---:|"]
        for row in card["by_topic"]:
            lines.append(f"| {row['title']} | {row.get('answered', row['asked'])} | {row.get('skipped', 0)} | "
                         f"{row['right']} | {row['points']:g} ({row['percent']:g}%) | {clock(row['seconds'])} |")
    if not card.get("answered", card["asked"]):
        lines += [""] if card["by_topic"] else []
        lines.append("No question was answered." if not card["asked"] else
                     "No question was answered: every question asked was skipped.")
    if card["questions"]:
        lines += ["", "## Question by question", "",
                  "| # | question | topic | kind | level | result | time | expected | typed |",
                  "|---:|---|---|---|---|---|---:|---:|---|"]
        for q in card["questions"]:
            name = f"↳ {q['id']}" if q["follow_up_of"] else q["id"]
            lines.append(f"| {q['n']} | {_cell(name)}: {_cell(q['prompt'], 70)} | {q['topic']} | "
                         f"{KIND_NAMES[q['kind']]} | {q['level']} | {_result_word(q)} | "
                         f"{clock(q['seconds'])}{_over(q)} | {clock(q['estimate_seconds'])} | "
                         f"{_cell(q.get('typed', ''), 60)} |")
    lines += ["", "## Misconceptions shown", ""]
    if card["misconceptions"]:
        for m in card["misconceptions"]:
            times = f" ({m['count']} times)" if m["count"] > 1 else ""
            lines.append(f"- **{m['key']}**{times}: {m['description']} -- in {', '.join(m['questions'])}")
    else:
        lines.append("None: no answer revealed a known misconception.")
    lines += _drill_markdown(card)
    lines += ["", "## What to review", ""]
    if not card["review"] and not card.get("drill_review"):
        lines.append("Nothing missed. Try `--level hard`, or other `--topics`.")
    for row in card["review"]:
        how = "skipped" if row["skipped"] else f"scored {row['score']:.0%}"
        lines.append(f"- **{row['id']}** ({row['title']}, {how}): {_cell(row['prompt'], 120)}")
        for link in row["notebook_links"]:
            section = f", section \"{link['section']}\"" if link["section"] else ""
            local = f" (local: `{link['path']}`)" if link["path"] else ""
            lines.append(f"  - notebook: [{link['notebook']}]({link['colab']}){section}{local}")
        for link in row["drill_links"]:
            if link["drill"]:
                title = f" ({link['title']})" if link["title"] else ""
                where = f" in `{link['file']}`" if link["file"] else ""
                lines.append(f"  - drill: `{link['command']}`{title}{where}")
            else:
                lines.append(f"  - drill {link['drill']}: `{link['command']}` shows the drills")
    if card.get("drill_review"):
        link = card["drill_review"]
        lines.append(f"- **drill {link['drill']}** (not passed): `{link['command']}`"
                     + (f" in `{link['file']}`" if link["file"] else ""))
    lines += ["", "## Next", "",
              "- `mlmetrics-edu review`: every question answered here is in your review queue; "
              "the missed ones come back first.",
              f"- the same interview again: `mlmetrics-edu interview --seed {card['seed']} "
              f"--minutes {card['minutes']:g}{_replay_filters(card)}`; a new one: leave out --seed."]
    return "\n".join(lines) + "\n"


def _over(q):
    over = q.get("overtime_seconds", 0)
    return f" (+{clock(over)} over)" if over >= 1 else ""


def _replay_filters(card):
    out = ""
    if card["topics"]:
        out += " --topics " + " ".join(card["topics"])
    if card["levels"]:
        out += " --level " + " ".join(card["levels"])
    return out


def _drill_markdown(card):
    drill = card.get("drill")
    if drill is None:
        return ["", "## Code drill", "", card.get("drill_note") or "No code drill in this interview."]
    verdict = "passed" if drill["passed"] else "not passed"
    out = ["", "## Code drill", "",
           f"- **{drill['drill_id']}** ({drill['title']}, `{drill['filename']}`): {verdict} after "
           f"{drill['attempts']} check{'s' if drill['attempts'] != 1 else ''}, {clock(drill['seconds'])}"]
    if drill.get("problem") and not drill["passed"]:
        out.append(f"- last problem: {drill['problem']}")
    if drill.get("misconception"):
        out.append(f"- misconception {drill['misconception']!r}: {drill['diagnosis']}")
    return out


# --------------------------------------------------------------------------- files


def report_paths(out: str | Path, stamp: str) -> tuple:
    """Where the card goes: ``out`` is a folder (timestamped names inside) or a file name."""
    out = Path(out)
    if out.is_dir():
        base = out / f"interview-report-{stamp}"
    else:
        base = out.with_suffix("") if out.suffix in (".md", ".json") else out
    return base.with_name(base.name + ".md"), base.with_name(base.name + ".json")


def check_writable(out: str | Path, stamp: str) -> None:
    """Raise OSError (with a readable reason) when the card could not be written to ``out``."""
    md, _ = report_paths(out, stamp)
    folder = md.parent
    if not folder.is_dir():
        raise OSError(f"{folder} is not a folder")
    probe = folder / f".interview-report-probe-{os.getpid()}"
    try:
        probe.write_text("", encoding="utf-8")
    finally:
        if probe.exists():
            probe.unlink()


def write_card(card: dict, out: str | Path, stamp: str) -> tuple:
    """Write the card as Markdown and JSON; return the two paths."""
    md, js = report_paths(out, stamp)
    _atomic_write(md, to_markdown(card))
    _atomic_write(js, json.dumps(card, indent=2, ensure_ascii=False) + "\n")
    return md, js


def _atomic_write(path: Path, text: str):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
