# Two commands for a newcomer:  `make lab` (start the course)  and  `make test` (run every test).
# Both create ./.venv on first use and install what they need into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Colab's own versions: ipywidgets 7.7.1, ipykernel 6.17, IPython 7.34, matplotlib 3.10 (Python as
# this machine has it). Every notebook and the widget tests run a second time in an environment
# that has them. The stamp's name carries a checksum of the pins: changing a pin, like changing
# pyproject.toml, rebuilds that environment from scratch.
VENV7       := .venv-ipywidgets7
COLAB_PINS  := ipywidgets==7.7.1 ipykernel==6.17.1 ipython==7.34.0 matplotlib==3.10.*
VENV7_STAMP := $(VENV7)/.installed-$(shell printf '%s' '$(COLAB_PINS)' | cksum | cut -d' ' -f1)
# Quiet the debugger warning of ipykernel's kernels (nbval, the browser tests).
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# The test run fails if it changed any file of the checkout (conftest.py).
export MLMETRICS_CHECK_CHECKOUT := 1

.PHONY: lab test test-main test-colab test-widgets7 test-browser bench clean system-packages

# Debian packages, installed with apt when missing and possible (else one line says what to run):
# bubblewrap is the drill grader's sandbox; chromium runs the browser tests; a Java runtime runs
# the Spark tests. `make lab` needs only the sandbox.
SYSTEM_PACKAGES      := bwrap:bubblewrap
TEST_SYSTEM_PACKAGES := $(SYSTEM_PACKAGES) chromium:chromium java:default-jre-headless

system-packages:
	@tools/ensure-system-packages.sh $(TEST_SYSTEM_PACKAGES)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.lab-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(VENV7_STAMP): pyproject.toml
	rm -rf $(VENV7)
	$(PYTHON) -m venv $(VENV7)
	$(VENV7)/bin/python -m pip install --quiet --upgrade pip
	$(VENV7)/bin/python -m pip install --quiet -e . $(foreach pin,$(COLAB_PINS),'$(pin)') nbval pytest
	touch $@

lab: $(VENV)/.lab-installed
	@tools/ensure-system-packages.sh $(SYSTEM_PACKAGES)
	@echo "The course opens on a working copy in ./mlmetrics-course (your edits stay there)."
	@echo "The command line is in .venv: run 'source .venv/bin/activate', then 'mlmetrics-edu --help'."
	$(BIN)/mlmetrics-edu lab

# Everything: the main suite (which includes the real-browser tests in JupyterLab and Notebook 7,
# tests/test_browser.py), then every notebook and the widget tests in the Colab-pinned environment.
# Both always run; the target fails if either failed.
test: system-packages $(VENV)/.test-installed $(VENV)/.lab-installed $(VENV7_STAMP)
	@status=0; \
	$(MAKE) --no-print-directory test-main || status=1; \
	$(MAKE) --no-print-directory test-colab || status=1; \
	exit $$status

test-main: system-packages $(VENV)/.test-installed $(VENV)/.lab-installed
	$(BIN)/python -m pytest -q

test-colab: $(VENV7_STAMP)
	$(VENV7)/bin/python -m pytest -q -o addopts="--doctest-modules -p no:cacheprovider --nbval-lax --nbval-current-env" \
		tests/test_widget_*.py mlmetrics_edu/widgets notebooks

test-widgets7: $(VENV7_STAMP)
	$(VENV7)/bin/python -m pytest -q -o addopts="--doctest-modules -p no:cacheprovider" tests/test_widget_*.py mlmetrics_edu/widgets

# The course in a real browser alone (JupyterLab and Notebook 7 in headless Debian Chromium via
# Playwright; `make test` runs these too). Installs chromium with apt when missing and it can.
test-browser: $(VENV)/.test-installed $(VENV)/.lab-installed
	$(BIN)/python -m pytest -q -o addopts="--doctest-modules -p no:cacheprovider" tests/test_browser.py tests/browser

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
	rm -rf $(VENV) $(VENV7) build *.egg-info test-artifacts
