"""What a typed answer covers, and which line or option names which misconception.

Pure helpers over the bank's answer data (``answers/questions/*.toml``); the practice engine
calls them, the fields are documented in ``drills/questions/README.md``.

* Explain-out-loud: each rubric point has key concepts, ``key_points[i]`` = the synonyms of
  point ``i``. :func:`coverage` says which points a typed answer touches; an answer that
  touches none (:func:`touches_any` is false) cannot be graded right.
* Spot-the-bug: :func:`valid_lines` is every line whose fix is right (``line`` and the keys
  of ``other_fixes``); :func:`misconceptions_for_line` names a misconception only for a line
  that ``line_shows`` ties to it.

>>> key_points = [["label delay", "delayed labels"], ["never labelled", "no label"]]
>>> coverage("Labels are delayed by weeks, and blocked ones never get labeled.", key_points)
[False, False]
>>> coverage("Chargebacks mean label delay; blocked transactions are never labeled.", key_points)
[True, True]
>>> touches_any("the accuracy number", key_points)
False
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# ------------------------------------------------------------------ matching typed text

_SPELLING = dict.fromkeys(map(ord, "'\u2019\u2018`"), None)          # cohen's -> cohens
_SPELLING.update({ord("\u00d7"): "x", ord("\u2212"): "-"})             # 5×2cv -> 5x2cv


def _stem(word: str) -> str:
    """A crude, consistent stem: plurals and -ed/-ing go, so 'labelled' meets 'labels'."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "zes", "ches", "shes", "ses")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is", "as")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousz":
                word = word[:-1]                                   # labell -> label
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]                                           # arrive/arrived -> arriv
    return word


def words(text: str) -> list:
    """Lower-case, punctuation-free, stemmed words of ``text``."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_SPELLING).lower()
    return [_stem(w) for w in re.findall(r"[a-z0-9]+", text)]


def _contains(haystack: list, needle: list) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def coverage(text: str, key_points) -> list:
    """For each rubric point, whether ``text`` mentions any of its synonyms (whole words,
    case, punctuation and simple inflections ignored)."""
    said = words(text)
    return [any(_contains(said, words(synonym)) for synonym in synonyms) for synonyms in key_points]


def touches_any(text: str, key_points) -> bool:
    """Does ``text`` touch at least one rubric point? If not, it cannot be graded right."""
    return any(coverage(text, key_points))


# ------------------------------------------------------------------ spot-the-bug lines


def valid_lines(answer: dict) -> list:
    """Every 1-based line whose fix is right: ``line``, then the keys of ``other_fixes``."""
    extra = sorted(int(k) for k in answer.get("other_fixes", {}))
    return [int(answer["line"])] + [n for n in extra if n != int(answer["line"])]


def fix_for_line(answer: dict, line: int) -> str | None:
    """The fix to show for a valid line (None for a line that holds no bug)."""
    if int(line) == int(answer["line"]):
        return answer.get("fix", "")
    return answer.get("other_fixes", {}).get(str(int(line)))


def misconceptions_for_line(answer: dict, line: int) -> list:
    """The misconceptions a picked line shows: none for a valid line, and for a wrong line
    only what ``line_shows`` ties to it (never the question's whole list)."""
    if int(line) in valid_lines(answer):
        return []
    tag = answer.get("line_shows", {}).get(str(int(line)))
    if not tag:
        return []
    return [tag] if isinstance(tag, str) else list(tag)


# ------------------------------------------------------------------ validation


def answer_entries(root=None) -> dict:
    """Every ``[[answer]]`` of ``answers/questions/*.toml`` by question id, as raw dicts."""
    if root is None:
        from ..drill.spec import content_root   # not .bank: the bank loader calls this module
        root = content_root()
    out = {}
    for path in sorted((Path(root) / "answers" / "questions").glob("*.toml")):
        with open(path, "rb") as f:
            for entry in tomllib.load(f).get("answer", []):
                out[entry["id"]] = entry
    return out


def validate(bank, root=None) -> None:
    """Check the key-point and line-tag fields against ``bank``; raise ``ValueError`` naming
    the question on the first problem (the bank loader calls this once it is wired in)."""
    answers = answer_entries(root)
    for q in bank:
        a = answers.get(q.id, {})
        where = f"{q.source}: question {q.id!r}"
        if q.kind == "explain":
            kp = a.get("key_points")
            if not isinstance(kp, list) or len(kp) != len(q.rubric):
                raise ValueError(f"{where}: key_points needs one list of synonyms per rubric point "
                                 f"({len(q.rubric)})")
            for i, synonyms in enumerate(kp):
                if not isinstance(synonyms, list) or not synonyms or \
                        not all(isinstance(s, str) and words(s) for s in synonyms):
                    raise ValueError(f"{where}: key_points[{i}] must be a non-empty list of phrases")
        elif "key_points" in a:
            raise ValueError(f"{where}: key_points belongs to explain questions only")
        if q.kind == "bug":
            n = len(q.code.splitlines())
            shows, fixes = a.get("line_shows"), a.get("other_fixes", {})
            if not isinstance(shows, dict) or not isinstance(fixes, dict):
                raise ValueError(f"{where}: line_shows (reviewed, {{}} if no line names one) and "
                                 "other_fixes must be tables keyed by line number")
            for key in (*shows, *fixes):
                if not key.isdigit() or not 1 <= int(key) <= n:
                    raise ValueError(f"{where}: line {key!r} is not a line of the code (1-{n})")
            for key, text in fixes.items():
                if int(key) == q.line or not isinstance(text, str) or not text.strip():
                    raise ValueError(f"{where}: other_fixes[{key}] must be another line with its fix")
            for key, tag in shows.items():
                if int(key) in valid_lines(a):
                    raise ValueError(f"{where}: line {key} has a valid fix, so it shows no misconception")
                for m in ([tag] if isinstance(tag, str) else tag):
                    if m not in bank.misconceptions:
                        raise ValueError(f"{where}: line_shows names unknown misconception {m!r}")
        elif "line_shows" in a or "other_fixes" in a:
            raise ValueError(f"{where}: line_shows and other_fixes belong to bug questions only")
