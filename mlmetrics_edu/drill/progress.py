"""A learner's progress, kept as JSON in their working directory.

One file, ``.drill-progress.json``, next to the drill files: for each drill the
number of attempts and passes, the highest hint level seen, and when it was first
passed and last attempted. It is written atomically (temp file + rename) so an
interrupted ``watch`` never leaves half a file.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

FILENAME = ".drill-progress.json"


def _now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Progress:
    """Read-modify-write access to one learner directory's progress file."""

    def __init__(self, directory):
        self.path = Path(directory) / FILENAME
        self.data = self._load()

    def _load(self):
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"version": 1, "drills": {}}
        except ValueError:
            # A corrupted file should not lock the learner out; keep a copy and start over.
            self.path.replace(self.path.with_suffix(".json.bak"))
            return {"version": 1, "drills": {}}
        data.setdefault("drills", {})
        return data

    def save(self):
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self.data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)

    def entry(self, drill_id) -> dict:
        return self.data["drills"].get(drill_id, {})

    def passed(self, drill_id) -> bool:
        return self.entry(drill_id).get("passes", 0) > 0

    def failures(self, drill_id) -> int:
        e = self.entry(drill_id)
        return e.get("attempts", 0) - e.get("passes", 0)

    def record(self, drill_id, passed: bool):
        e = self.data["drills"].setdefault(drill_id, {"attempts": 0, "passes": 0, "hints": 0})
        e["attempts"] += 1
        e["last_attempt"] = _now()
        if passed:
            e["passes"] += 1
            e.setdefault("first_passed", e["last_attempt"])
        self.save()

    def hint_level(self, drill_id) -> int:
        return self.entry(drill_id).get("hints", 0)

    def saw_hint(self, drill_id, level: int):
        e = self.data["drills"].setdefault(drill_id, {"attempts": 0, "passes": 0, "hints": 0})
        e["hints"] = max(e.get("hints", 0), level)
        self.save()

    def reset(self, drill_id=None):
        if drill_id is None:
            self.data["drills"] = {}
        else:
            self.data["drills"].pop(drill_id, None)
        self.save()

    def status(self, drill_id) -> str:
        """"passed", "attempted" or "new"."""
        if self.passed(drill_id):
            return "passed"
        return "attempted" if self.entry(drill_id).get("attempts") else "new"


def bar(done: int, total: int, width: int = 30) -> str:
    """``[##########--------------------] 10/30 (33%)``"""
    filled = round(width * done / total) if total else 0
    pct = round(100 * done / total) if total else 0
    return f"[{'#' * filled}{'-' * (width - filled)}] {done}/{total} ({pct}%)"


def progress_report(progress: Progress, drills) -> str:
    """An overall bar, then one bar per drill set."""
    lines = [f"Drills passed  {bar(sum(progress.passed(d.id) for d in drills), len(drills))}", ""]
    sets = {}
    for d in drills:
        sets.setdefault((d.set_name, d.set_title), []).append(d)
    width = max(len(name) for name, _ in sets)
    for (name, title), members in sets.items():
        done = sum(progress.passed(d.id) for d in members)
        lines.append(f"  {name:<{width}}  {bar(done, len(members), width=10)}  {title}")
    return "\n".join(lines)
