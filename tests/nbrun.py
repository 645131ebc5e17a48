"""Run a course notebook once, in a scratch folder, and ask its kernel questions afterwards.

Notebooks teach; tests test (DESIGN.md). A notebook's cells hold no ``assert`` and no answer
key: a test executes the notebook with nbclient, keeps the kernel alive, and then asserts on
the kernel's state and on what the run printed::

    @pytest.fixture(scope="module")
    def nb13(tmp_path_factory):
        with NotebookRun("13_experiments_for_models", tmp_path_factory.mktemp("nb13")) as run:
            yield run

    def test_the_sample_size_the_notebook_quotes_is_the_package_s(nb13):
        assert nb13.value("n_per_arm") == pytest.approx(mm.sample_size(...))

The notebook runs in ``workdir`` (a temporary folder), never in the checkout, so nothing it
writes can change the repository.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.util import run_sync

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


class NotebookRun:
    """Execute ``notebooks/<stem>.ipynb`` top to bottom; query the live kernel afterwards."""

    def __init__(self, stem: str, workdir: Path, *, timeout: int | None = None):
        self.stem = stem
        self.path = NOTEBOOKS / f"{stem}.ipynb"
        self.nb = nbformat.read(self.path, as_version=4)
        os.environ.setdefault("MPLBACKEND", "Agg")
        self.client = NotebookClient(self.nb, timeout=timeout, kernel_name="python3",
                                     resources={"metadata": {"path": str(workdir)}},
                                     allow_errors=False)

    def __enter__(self) -> "NotebookRun":
        self.client.execute(cleanup_kc=False)
        return self

    def __exit__(self, *exc) -> None:
        self.client._cleanup_kernel()

    # ------------------------------------------------------------------ what the kernel holds
    def run(self, code: str) -> str:
        """Run ``code`` in the notebook's kernel; return what it printed (stdout)."""
        printed: list[str] = []
        errors: list[str] = []

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream" and content.get("name") == "stdout":
                printed.append(content["text"])
            elif kind == "error":
                errors.append("\n".join(content.get("traceback", [])) or content.get("evalue", ""))

        run_sync(self.client.kc.execute_interactive)(code, output_hook=hook, timeout=120, store_history=False)
        if errors:
            raise AssertionError(f"{self.stem}: the check raised in the kernel:\n" + "\n".join(errors))
        return "".join(printed)

    def value(self, expression: str):
        """The value of a Python expression in the kernel, through JSON (numbers become floats)."""
        code = ("import json as _nbrun_json, numpy as _nbrun_np\n"
                f"print(_nbrun_json.dumps({expression}, default=lambda o: o.tolist() "
                "if hasattr(o, 'tolist') else float(o)))")
        return json.loads(self.run(code).strip().splitlines()[-1])

    # ------------------------------------------------------------------ what the run showed
    def cells(self, cell_type: str = "code"):
        return [c for c in self.nb.cells if c.cell_type == cell_type]

    def output_text(self) -> str:
        """Everything the run printed or displayed as text, cell after cell."""
        parts = []
        for cell in self.cells("code"):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream":
                    parts.append(out.get("text", ""))
                elif "data" in out:
                    parts.append(out["data"].get("text/plain", ""))
                    parts.append(out["data"].get("text/markdown", ""))
                    parts.append(re.sub(r"<[^>]+>", " ", out["data"].get("text/html", "")))
        return "\n".join(parts)

    def markdown_text(self) -> str:
        return "\n".join(c.source for c in self.cells("markdown"))
