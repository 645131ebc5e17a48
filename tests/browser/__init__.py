"""Helpers for the real-browser tests (``tests/test_browser.py``): a Jupyter server, headless
Debian Chromium driven by Playwright, and what a learner does in JupyterLab and Notebook 7."""
