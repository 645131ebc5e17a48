# Two commands for a newcomer:  `make lab` (start the course)  and  `make test` (run every test).
# Both create ./.venv on first use and install what they need into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Colab ships ipywidgets 7.7.1: the widget tests run a second time in an environment that has it.
VENV7  := .venv-ipywidgets7

.PHONY: lab test test-widgets7 test-browser bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.lab-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(VENV7)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV7)
	$(VENV7)/bin/python -m pip install --quiet --upgrade pip
	$(VENV7)/bin/python -m pip install --quiet -e . 'ipywidgets==7.7.1' pytest
	touch $@

lab: $(VENV)/.lab-installed
	@echo "The course opens on a working copy in ./mlmetrics-course (your edits stay there)."
	@echo "The command line is in .venv: run 'source .venv/bin/activate', then 'mlmetrics-edu --help'."
	$(BIN)/mlmetrics-edu lab

test: $(VENV)/.test-installed $(VENV7)/.installed
	$(BIN)/python -m pytest -q
	$(MAKE) --no-print-directory test-widgets7

test-widgets7: $(VENV7)/.installed
	$(VENV7)/bin/python -m pytest -q -o addopts="--doctest-modules -p no:cacheprovider" tests/test_widgets.py tests/test_widget_*.py mlmetrics_edu/widgets

# Optional: the course in a real browser (JupyterLab + headless Chromium via Playwright).
# Needs Debian's chromium at /usr/bin/chromium (apt-get install chromium); skipped without it.
test-browser: $(VENV)/.test-installed $(VENV)/.lab-installed
	$(BIN)/python -m pip install --quiet playwright
	$(BIN)/python -m pytest -q -o addopts="-p no:cacheprovider" tests/test_browser.py

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/bench_metrics.py
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_drills.py
	$(BIN)/python benchmarks/bench_generation.py
	$(BIN)/python benchmarks/bench_significance.py
	$(BIN)/python benchmarks/bench_fairness.py
	$(BIN)/python benchmarks/bench_clustering.py
	$(BIN)/python benchmarks/bench_monitoring.py

clean:
	rm -rf $(VENV) $(VENV7) build *.egg-info
