"""The course in a real browser: JupyterLab runs notebook 03 and the threshold explorer responds.

What a learner does after ``make lab``: open ``03_thresholds_roc_pr.ipynb``, Run > Run All Cells,
scroll to the explorer and move the threshold slider with the keyboard. A JupyterLab server is
started on a free localhost port (token, throw-away settings and workspace, a temporary copy
of the notebooks so autosave never touches the repository); headless Debian Chromium is driven
by Playwright. The kernel imports this checkout's package (PYTHONPATH).

Skipped unless /usr/bin/chromium (``apt-get install chromium``), the ``playwright`` package
(``pip install playwright``; no ``playwright install``: the system Chromium is used) and
JupyterLab are present. The whole module is bounded by ``BUDGET`` seconds and always stops
the server and the browser.
"""

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

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = "03_thresholds_roc_pr.ipynb"
BUDGET = 85.0  # seconds for the whole module: server, browser, Run All, slider
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",  # no other host
]

if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (pip install playwright)")
pytest.importorskip("jupyterlab", reason="JupyterLab is not installed (pip install -e '.[lab]')")


class Deadline:
    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def ms(self, cap=None):
        """Milliseconds left (at most ``cap`` s), for Playwright timeouts; fails when spent."""
        left = self.end - time.monotonic()
        if left <= 0:
            pytest.fail(f"browser test exceeded its {BUDGET:.0f} s budget")
        return 1000 * (left if cap is None else min(left, cap))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(folder):
    """Throw-away JupyterLab settings: fetch no news (no toast over the page, no outside request)."""
    path = folder / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))


def _start_server(root, port, token, tmp):
    _write_settings(tmp / "settings")
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_DATA_DIR=str(tmp / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), IPYTHONDIR=str(tmp / "ipython"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
               f"--LabApp.user_settings_dir={tmp / 'settings'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI run as root
    with open(tmp / "server.log", "wb") as log:  # the server keeps its own copy of the handle
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return proc, tmp / "server.log"


def _wait_for_server(proc, base, token, log, deadline):
    while True:
        if proc.poll() is not None:
            pytest.fail("JupyterLab exited early:\n" + log.read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        deadline.ms(cap=1)  # fails once the budget is spent
        time.sleep(0.2)  # nothing to wait on but the port: poll


def _wait_for_connected_kernel(base, token, deadline):
    """The page's kernel is started, idle and connected: a Run All sent earlier can start a
    second kernel, and JupyterLab then drops the first one mid-run and asks which to use."""
    while True:
        with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=2) as reply:
            kernels = json.load(reply)
        if (len(kernels) == 1 and kernels[0]["execution_state"] == "idle"
                and kernels[0].get("connections", 0) >= 1):
            return
        deadline.ms(cap=1)
        time.sleep(0.2)


def _stop_server(proc, base, token):
    try:  # shut the kernels down cleanly first
        with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=2) as reply:
            for session in json.load(reply):
                request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}",
                                                 method="DELETE")
                urllib.request.urlopen(request, timeout=5).close()
    except OSError:
        pass
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)  # the server's own session: it and its kernels
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            pass


# Done when every code cell shows [n]: or a traceback stopped Run All.
_RUN_ALL_DONE = """([codeCells]) => {
    const prompts = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')]
        .map(p => p.textContent.trim());
    const failed = [...document.querySelectorAll('.jp-OutputArea-output')]
        .some(o => o.textContent.includes('Traceback (most recent call last)'));
    return failed || (prompts.length === codeCells && prompts.every(p => /^\\[\\d+\\]:$/.test(p)));
}"""

_RUN_ALL_STARTED = """() => [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')]
    .some(p => /^\\[(\\*|\\d+)\\]:$/.test(p.textContent.trim()))"""


def _run_all_cells(page, deadline):
    """Run > Run All Cells, as a learner does. Right after the page opens JupyterLab may still
    be connecting the kernel and drop the request: if no cell starts, ask again (twice at most)."""
    for _ in range(3):
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click(timeout=deadline.ms(10))
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click(timeout=deadline.ms(10))
        try:
            page.wait_for_function(_RUN_ALL_STARTED, timeout=deadline.ms(5), polling=100)
            return
        except sync_api.TimeoutError:
            continue
    pytest.fail("Run > Run All Cells started no cell")


_IMAGE_DIGEST = """async img => {
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    let h = 0;
    for (const b of bytes) h = (Math.imul(h, 31) + b) >>> 0;
    return `${bytes.length}:${h}`;
}"""


@pytest.fixture(scope="module")
def lab_03(tmp_path_factory):
    """JupyterLab with notebook 03 after Run All Cells: (page, explorer output, page errors, deadline)."""
    deadline = Deadline(BUDGET)
    tmp = tmp_path_factory.mktemp("browser")
    root = tmp / "notebooks"
    shutil.copytree(REPO / "notebooks", root)
    code_cells = sum(c["cell_type"] == "code" for c in json.loads((root / NOTEBOOK).read_text())["cells"])
    port, token = _free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    proc, log = _start_server(root, port, token, tmp)
    try:
        _wait_for_server(proc, base, token, log, deadline)
        with sync_api.sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(tmp / "chromium-profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                viewport={"width": 1400, "height": 1000})
            try:
                page = context.new_page()
                errors = []
                page.on("pageerror", lambda error: errors.append(str(error)))
                # JupyterLab sometimes asks for the kernel on a cold start: accept the preferred one.
                page.add_locator_handler(page.locator(".jp-Dialog", has_text="Select Kernel"),
                                         lambda dialog: dialog.locator(".jp-mod-accept").click())
                try:
                    page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}", timeout=deadline.ms(30))
                    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(
                        timeout=deadline.ms(40))  # the kernel is up
                    page.locator(".jp-NotebookPanel .jp-CodeCell").first.wait_for(timeout=deadline.ms(20))
                    _wait_for_connected_kernel(base, token, deadline)
                    _run_all_cells(page, deadline)
                    page.wait_for_function(_RUN_ALL_DONE, arg=[code_cells], timeout=deadline.ms(60), polling=200)
                    explorer = page.locator(".jp-OutputArea-output").filter(has=page.locator("img.widget-image"))
                    explorer.first.wait_for(timeout=deadline.ms(20))
                except sync_api.Error as error:  # say what the page showed
                    shot = tmp / "failure.png"
                    page.screenshot(path=str(shot))
                    prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()
                    dialogs = page.locator(".jp-Dialog").all_text_contents()
                    pytest.fail(f"{error}\nprompts {prompts}\ndialogs {dialogs}\nscreenshot {shot}\n"
                                f"server log {log}")
                yield page, explorer.first, errors, deadline
            finally:
                context.close()
    finally:
        _stop_server(proc, base, token)


def test_notebook_03_runs_all_cells_in_jupyterlab_without_an_error(lab_03):
    page, _, errors, _ = lab_03
    tracebacks = [o for o in page.locator(".jp-OutputArea-output").all_text_contents()
                  if "Traceback (most recent call last)" in o or "Error displaying widget" in o]
    assert not tracebacks, tracebacks[0][-2000:]
    prompts = page.locator(".jp-NotebookPanel .jp-CodeCell .jp-InputPrompt").all_text_contents()
    assert all(re.fullmatch(r"\[\d+\]:", p.strip()) for p in prompts), prompts
    assert not errors, errors


def test_threshold_explorer_renders_and_follows_the_slider_keys(lab_03):
    page, explorer, _, deadline = lab_03
    explorer.scroll_into_view_if_needed(timeout=deadline.ms(10))
    image = explorer.locator("img.widget-image").first
    image.wait_for(state="visible", timeout=deadline.ms(10))
    assert image.evaluate("img => img.complete && img.naturalWidth > 400 && img.naturalHeight > 300")
    assert "Loading widget" not in explorer.inner_text()
    label = page.locator(".widget-label", has_text=re.compile(r"^threshold$"))
    slider = explorer.locator(".widget-slider").filter(has=label).first
    assert explorer.locator(".widget-slider").count() == 2  # threshold and prevalence
    readout = explorer.locator(".widget-html").first
    before = (image.get_attribute("src"), image.evaluate(_IMAGE_DIGEST), readout.inner_text(),
              slider.locator(".widget-readout").inner_text())

    slider.locator(".noUi-handle, .ui-slider-handle").first.focus(timeout=deadline.ms(10))
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([img, html, src, text]) => img.getAttribute('src') !== src && html.innerText !== text",
        arg=[image.element_handle(), readout.element_handle(), before[0], before[2]],
        timeout=deadline.ms(20), polling=100)

    after = (image.get_attribute("src"), image.evaluate(_IMAGE_DIGEST), readout.inner_text(),
             slider.locator(".widget-readout").inner_text())
    assert after[1] != before[1], "the PNG did not change"
    assert float(after[3]) > float(before[3]), (before[3], after[3])
    threshold_row = [line for line in after[2].splitlines() if line.startswith("threshold")][0]
    assert threshold_row != before[2].splitlines()[0]
