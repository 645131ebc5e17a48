"""A Jupyter server and headless Chromium for the browser tests, and a learner's actions.

* :func:`chromium_or_skip` finds Debian's Chromium, installing it with apt when it is missing
  and the machine allows it (root and ``apt-get``); otherwise the tests are skipped with the
  reason. Playwright always launches that executable: no browser is ever downloaded.
* :class:`JupyterServer` runs ``python -m jupyterlab`` on a free localhost port with a token and
  throw-away config, settings, workspaces and runtime folders, on a temporary copy of the
  course. The same server also serves Notebook 7 (``/notebooks/...``): Notebook 7 is a server
  extension that any Jupyter server of this environment loads.
* :class:`NotebookPage` is one browser tab on one notebook: wait for its kernel, Run All from
  the menu as a learner does, wait until every cell ran, save, and read back what was saved.

Nothing here imports Playwright at import time (pytest imports this module for doctests).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",  # no other host
]
REPO = Path(__file__).resolve().parents[2]


SLACK = float(os.environ.get("MLMETRICS_BROWSER_SLACK", "6"))  # a busy 2-core machine is slow, not broken


class Budget:
    """A hang guard shared by several waits: ``ms(cap)`` is what is left (at most ``cap`` s,
    times :data:`SLACK`) in milliseconds, for Playwright timeouts; ``AssertionError`` once it
    is spent. The numbers are generous on purpose: they catch a hang, never a slow machine."""

    def __init__(self, seconds, what):
        self.seconds, self.what = seconds * SLACK, what
        self.end = time.monotonic() + self.seconds

    def left(self):
        return self.end - time.monotonic()

    def ms(self, cap=None):
        left = self.left()
        if left <= 0:
            raise AssertionError(f"{self.what} exceeded its {self.seconds:.0f} s budget")
        return 1000 * (left if cap is None else min(left, cap * SLACK))


# --------------------------------------------------------------------------- Chromium


def find_or_install_chromium(path=CHROMIUM, run=subprocess.run):
    """``(path, None)`` when Chromium is there (installed now if it can be), else ``(None, why)``.

    Installs Debian's ``chromium`` with ``apt-get update`` then ``apt-get install -y chromium``
    when the executable is missing, we are root and apt-get exists. ``run`` is for tests.
    """
    if path.exists():
        return path, None
    apt = shutil.which("apt-get")
    if apt is None:
        return None, f"{path} is missing and there is no apt-get to install it (install Chromium)"
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None, f"{path} is missing; run 'sudo apt-get install -y chromium' (needs root)"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in ([apt, "update"], [apt, "install", "-y", "--no-install-recommends", "chromium"]):
        try:
            done = run(command, env=env, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as error:
            return None, f"'{' '.join(command)}' failed: {error}"
        if done.returncode != 0:
            tail = (done.stderr or done.stdout or "").strip().splitlines()[-3:]
            return None, f"'{' '.join(command)}' failed (exit {done.returncode}): {' / '.join(tail)}"
    if not path.exists():
        return None, f"apt-get installed chromium but {path} is still missing"
    return path, None


def launch_chromium(playwright, profile, executable):
    """A fresh persistent profile in ``profile`` (a new empty user-data-dir), headless."""
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(executable), args=CHROMIUM_ARGS, headless=True,
        viewport={"width": 1400, "height": 1000})


# --------------------------------------------------------------------------- the server


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterServer:
    """``python -m jupyterlab`` on ``root`` (serves JupyterLab and Notebook 7); a context manager."""

    def __init__(self, root, tmp):
        self.root, self.tmp = Path(root), Path(tmp)
        self.port, self.token = _free_port(), secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = self.tmp / "server.log"
        self.proc = None

    def url(self, path):
        return f"{self.base}/{path}?token={self.token}"

    def __enter__(self):
        settings = self.tmp / "settings"
        # fetch no news (no toast over the page, no request to the outside)
        news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
        news.parent.mkdir(parents=True, exist_ok=True)
        news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        # every cell in the page (no virtual scrolling), so the test sees every prompt and output
        tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
        tracker.parent.mkdir(parents=True, exist_ok=True)
        tracker.write_text(json.dumps({"windowingMode": "none"}))
        env = dict(self._learner_environ(), JUPYTER_CONFIG_DIR=str(self.tmp / "config"),
                   JUPYTER_DATA_DIR=str(self.tmp / "data"), JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"),
                   IPYTHONDIR=str(self.tmp / "ipython"), JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(self.tmp / "workspaces"), MPLBACKEND="Agg",
                   PYDEVD_DISABLE_FILE_VALIDATION="1",
                   PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
                   f"--port={self.port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
                   f"--LabApp.workspaces_dir={self.tmp / 'workspaces'}",
                   f"--LabApp.user_settings_dir={settings}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # containers and CI run as root
        # The terminals get the shell `mlmetrics-edu lab` gives them (cli.lab.terminal_options):
        # Jupyter's output goes to a file here, as in `mlmetrics-edu lab > lab.log`, where Jupyter
        # would otherwise start login shells that reset PATH.
        from mlmetrics_edu.cli.lab import terminal_options

        command += terminal_options(env)
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        return self

    @staticmethod
    def _learner_environ():
        """The environment ``mlmetrics-edu lab`` starts Jupyter with
        (:func:`mlmetrics_edu.cli.lab.lab_environment`), for a learner who never activated the
        virtual environment: this interpreter's bin folder is not on PATH until ``lab`` puts it there."""
        from mlmetrics_edu.cli.lab import lab_environment

        bin_dir = os.path.dirname(sys.executable)
        path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != bin_dir]
        return lab_environment(dict(os.environ, PATH=os.pathsep.join(path)))

    def wait_ready(self, budget):
        while True:
            if self.proc.poll() is not None:
                raise AssertionError("Jupyter exited early:\n" + self.log.read_text(errors="replace")[-3000:])
            try:
                with urllib.request.urlopen(self.url("api/status"), timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                pass
            budget.ms(cap=1)  # fails once the budget is spent
            time.sleep(0.2)  # nothing to wait on but the port: poll

    def api(self, path, method="GET"):
        request = urllib.request.Request(self.url(path), method=method)
        with urllib.request.urlopen(request, timeout=5) as reply:
            body = reply.read()
        return json.loads(body) if body else None

    def kernel_of(self, notebook):
        """The kernel model of the session on ``notebook`` (a path under root), or None."""
        for session in self.api("api/sessions"):
            if session.get("path") == notebook and session.get("kernel"):
                return self.api(f"api/kernels/{session['kernel']['id']}")
        return None

    def shut_down_kernel(self, notebook):
        for session in self.api("api/sessions"):
            if session.get("path") == notebook:
                self.api(f"api/sessions/{session['id']}", method="DELETE")

    def __exit__(self, *exc):
        try:  # shut the kernels down cleanly first
            for session in self.api("api/sessions"):
                self.api(f"api/sessions/{session['id']}", method="DELETE")
        except OSError:
            pass
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            if self.proc.poll() is not None:
                return
            try:
                os.killpg(self.proc.pid, sig)  # the server's own session: it and its kernels
            except ProcessLookupError:
                return
            try:
                self.proc.wait(wait)
            except subprocess.TimeoutExpired:
                pass


# --------------------------------------------------------------------------- one notebook tab

# Every code cell shows [n]: (Run All finished) or an error output stopped Run All.
_RUN_ALL_DONE = r"""([codeCells]) => {
    const prompts = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')]
        .map(p => p.textContent.trim());
    const failed = [...document.querySelectorAll('.jp-OutputArea-output')]
        .some(o => o.textContent.includes('Traceback (most recent call last)'));
    return failed || (prompts.length === codeCells && prompts.every(p => /^\[\d+\]:$/.test(p)));
}"""

_RUN_ALL_STARTED = r"""() => [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')]
    .some(p => /^\[(\*|\d+)\]:$/.test(p.textContent.trim()))"""


class NotebookPage:
    """One tab on one notebook, in JupyterLab (``ui="lab"``) or Notebook 7 (``ui="notebook"``)."""

    def __init__(self, context, server, name, ui="lab"):
        self.server, self.name, self.ui = server, name, ui
        self.path = server.root / name
        self.code_cells = sum(c["cell_type"] == "code" for c in json.loads(self.path.read_text())["cells"])
        self.page = context.new_page()
        self.errors = []  # uncaught JavaScript errors on the page
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        # JupyterLab sometimes asks for the kernel on a cold start: accept the preferred one.
        self.page.add_locator_handler(self.page.locator(".jp-Dialog", has_text="Select Kernel"),
                                      lambda dialog: dialog.locator(".jp-mod-accept").click())
        self.started = None

    def open(self, budget):
        # JupyterLab: a workspace of its own per tab, so no tab restores another's notebooks
        route = f"lab/workspaces/{Path(self.name).stem}/tree" if self.ui == "lab" else "notebooks"
        self.page.goto(self.server.url(f"{route}/{self.name}") + "&reset", timeout=budget.ms(30))
        self.page.locator(".jp-NotebookPanel .jp-CodeCell").first.wait_for(timeout=budget.ms(30))
        self.wait_for_kernel(budget)

    def wait_for_kernel(self, budget):
        """This notebook's kernel is started, idle and connected to the page: a Run All sent
        earlier can start a second kernel, and JupyterLab then drops the first one mid-run."""
        while True:
            kernel = self.server.kernel_of(self.name)
            if kernel and kernel["execution_state"] == "idle" and kernel.get("connections", 0) >= 1:
                return
            budget.ms(cap=1)
            time.sleep(0.2)

    def run_all(self, budget):
        """Run > Run All Cells, as a learner does. Right after the page opens the front end may
        still be connecting the kernel and drop the request: if no cell starts, ask again."""
        for _ in range(3):
            self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click(timeout=budget.ms(10))
            self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click(
                timeout=budget.ms(10))
            try:
                self.page.wait_for_function(_RUN_ALL_STARTED, timeout=budget.ms(5), polling=100)
                self.started = time.monotonic()
                return
            except Exception as error:  # playwright's TimeoutError: ask again
                if "Timeout" not in type(error).__name__:
                    raise
        raise AssertionError(f"{self.name}: Run > Run All Cells started no cell")

    def is_done(self):
        """Every code cell ran, or an error stopped Run All."""
        return self.page.evaluate(_RUN_ALL_DONE, [self.code_cells])

    def wait_until_run(self, budget):
        self.page.wait_for_function(_RUN_ALL_DONE, arg=[self.code_cells], timeout=budget.ms(), polling=200)

    def save_and_read(self, budget):
        """Save (Ctrl+S, as a learner does) and return the notebook as saved (a dict)."""
        before = self.path.stat().st_mtime_ns
        self.page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5},
                                                                       timeout=budget.ms(10))
        self.page.keyboard.press("Control+s")
        while self.path.stat().st_mtime_ns == before:
            budget.ms(cap=1)
            time.sleep(0.1)
        while True:  # the server may still be writing
            try:
                return json.loads(self.path.read_text())
            except json.JSONDecodeError:
                budget.ms(cap=1)
                time.sleep(0.1)

    def screenshot_on_failure(self, folder):
        shot = Path(folder) / f"failure_{self.ui}_{Path(self.name).stem}.png"
        try:
            self.page.screenshot(path=str(shot), full_page=False)
        except Exception:  # the page may be gone: the message still says what is known
            return None
        return shot

    def prompts(self):
        return [p.strip() for p in
                self.page.locator(".jp-NotebookPanel .jp-CodeCell .jp-InputPrompt").all_text_contents()]


def problems_in_saved_notebook(nb):
    """What is wrong in a notebook saved after Run All: error outputs and cells that did not run."""
    problems = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        if not cell.get("execution_count"):
            problems.append(f"cell {i} did not run")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"cell {i}: {output.get('ename')}: {output.get('evalue')}")
            text = "".join(output.get("data", {}).get("text/plain", "")) + "".join(output.get("text", ""))
            if "Error displaying widget" in text or "Traceback (most recent call last)" in text:
                problems.append(f"cell {i}: {text[-500:]}")
    return problems


# --------------------------------------------------------------------------- reading widgets


_NUMBER = re.compile(r"[-+−]?\$?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+−]?\$?\.\d+(?:[eE][-+]?\d+)?")


def numbers_in(text):
    """The numbers written in ``text`` as ``(value, half_unit)``: ``half_unit`` is half of the
    last digit shown, so a number written with fewer digits is still compared fairly.

    >>> numbers_in("RMSE $41,234 -> 1.5e+05 (0.250)")
    [(41234.0, 0.5), (150000.0, 5000.0), (0.25, 0.0005)]
    """
    found = []
    for token in _NUMBER.findall(text.replace("\u2212", "-")):
        clean = token.replace("$", "").replace(",", "")
        mantissa, _, exponent = clean.lower().partition("e")
        decimals = len(mantissa.partition(".")[2])
        half = 0.5 * 10.0 ** (-decimals + (int(exponent) if exponent else 0))
        found.append((float(clean), half))
    return found


def shows(text, value, rel=1e-9):
    """True when ``text`` holds one number that is ``value`` to the digits it shows."""
    return any(abs(shown - value) <= half * (1 + 1e-6) + rel * abs(value) for shown, half in numbers_in(text))


# --------------------------------------------------------------------------- rendered Markdown

# Maths elements of MathJax 3 (JupyterLab 4, Notebook 7), MathJax 2 and KaTeX.
_MATHS_ELEMENTS = "mjx-container, .MathJax, .katex"

# Per rendered Markdown cell: its maths elements, and whether its text (outside code and outside
# maths already typeset) still holds TeX that MathJax has yet to typeset; and whether MathJax
# has rendered on this page at all (MathJax 3 adds its output stylesheet, MJX-CHTML-styles, on
# its first render, maths or none; MathJax 2 and KaTeX leave their own marks).
MATHS_IN_MARKDOWN = r"""() => {
    const tex = /\$\$[\s\S]+?\$\$|\$[^$\n]+?\$|\\\([\s\S]+?\\\)|\\\[[\s\S]+?\\\]|\\begin\{/;
    const cells = [...document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown')].map(cell => {
        const text = cell.cloneNode(true);
        text.querySelectorAll('code, pre, script, style, MATHS').forEach(e => e.remove());
        return {maths: [...cell.querySelectorAll('MATHS')]
                    .filter(m => !m.parentElement.closest('MATHS')).length,
                pending: tex.test(text.textContent), text: cell.innerText.slice(0, 300)};
    });
    const ran = !!document.querySelector('style[id^="MJX-"], #MathJax_Message, .katex, link[href*="katex"]');
    return {ran, cells};
}""".replace("MATHS", _MATHS_ELEMENTS)

_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
_MATHS = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$|\\\(.+?\\\)|\\\[.+?\\\]|\\begin\{", re.S)


def maths_meant(source):
    r"""How many maths spans a Markdown source means: ``$...$``, ``$$...$$``, ``\\(...\\)``,
    outside code, with ``\\$`` a dollar sign.

    >>> maths_meant("costs \\$400k, not $x^2$ or `$y$`"), maths_meant("from \\$400k to \\$40k")
    (1, 0)
    """
    text = _CODE.sub("", source).replace("\\$", "")
    return len(_MATHS.findall(text))


def typeset_pending(state, meant):
    """Why the page is not typeset yet (a list; empty once it is): MathJax has not rendered on
    the page, a cell shows fewer maths elements than its source means, or a cell's text still
    holds TeX (``$...$`` and the like) that MathJax turns into maths once it gets to it.

    >>> cell = {"maths": 0, "pending": False, "text": "x"}
    >>> typeset_pending({"ran": True, "cells": [cell]}, [0])
    []
    >>> typeset_pending({"ran": False, "cells": [cell]}, [0])
    ['MathJax has not rendered on this page']
    >>> typeset_pending({"ran": True, "cells": [dict(cell, pending=True)]}, [0])
    ["Markdown cell 0 still shows TeX MathJax has not typeset: 'x'"]
    """
    why = [] if state["ran"] else ["MathJax has not rendered on this page"]
    for i, (shown, n) in enumerate(zip(state["cells"], meant)):
        if shown["maths"] < n:
            why.append(f"Markdown cell {i}: {shown['maths']} of the {n} maths spans its source means are typeset")
        elif shown["pending"]:
            why.append(f"Markdown cell {i} still shows TeX MathJax has not typeset: {shown['text'][:160]!r}")
    return why


def maths_problems(page, nb, seconds=30):
    """Markdown cells (in order) showing more maths elements than their source means, once
    MathJax has finished typesetting the page: MathJax has rendered on it, every cell shows at
    least the maths its source means, and no cell's text holds TeX still to typeset. When that
    does not happen within ``seconds`` (times SLACK: a hang guard), the reasons are the problems."""
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    meant = [maths_meant(source) for source in sources]
    budget = Budget(seconds, "MathJax typesetting the page")
    while True:
        state = page.evaluate(MATHS_IN_MARKDOWN)
        rendered = state["cells"]
        waiting = (typeset_pending(state, meant) if len(rendered) == len(sources) else
                   [f"{len(rendered)} rendered Markdown cells for {len(sources)} in the notebook"])
        if not waiting:
            break
        if budget.left() <= 0:
            return [f"not typeset after {budget.seconds:.0f} s: {why}" for why in waiting]
        page.wait_for_timeout(200)  # poll: MathJax in JupyterLab 4 announces nothing when it is done
    problems = []
    for i, (n, shown) in enumerate(zip(meant, rendered)):
        if shown["maths"] > n:
            problems.append(f"Markdown cell {i}: {shown['maths']} maths elements where {n} "
                            f"were meant: {shown['text'][:160]!r}")
    return problems
