"""Build hook: ship the drills, the answers, the question bank and the course inside the wheel.

``drills/`` (stubs, specs, the question bank), ``answers/`` (reference answers, model answers)
and ``notebooks/`` live at the top of the repository, where learners and instructors read
them; a pip-installed package finds them under ``mlmetrics_edu/_content``.
Everything else about the project is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CONTENT = ("drills", "answers", "notebooks")


class BuildWithDrills(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "mlmetrics_edu" / "_content"
        for folder in CONTENT:
            shutil.copytree(folder, target / folder, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"))


setup(cmdclass={"build_py": BuildWithDrills})
