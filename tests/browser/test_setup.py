"""The browser tests' set-up: Chromium is found, installed with apt when it can be, or skipped with
the reason; readout numbers are compared to the digits they show. No browser is started here."""

import subprocess
from types import SimpleNamespace

from browser import jupyter
from browser.jupyter import find_or_install_chromium, numbers_in, shows


def _runner(calls, returncode=0, creates=None):
    def run(command, **kwargs):
        calls.append(command)
        if creates is not None and command[-1] == "chromium" and returncode == 0:
            creates.write_text("#!/bin/sh\n")
        return SimpleNamespace(returncode=returncode, stdout="", stderr="E: Unable to locate package chromium")
    return run


def test_an_installed_chromium_is_used_as_it_is(tmp_path):
    exe = tmp_path / "chromium"
    exe.write_text("")
    calls = []
    assert find_or_install_chromium(exe, run=_runner(calls)) == (exe, None)
    assert calls == []


def test_a_missing_chromium_is_installed_with_apt_as_root(tmp_path, monkeypatch):
    exe, calls = tmp_path / "chromium", []
    monkeypatch.setattr(jupyter.shutil, "which", lambda name: "/usr/bin/apt-get" if name == "apt-get" else None)
    monkeypatch.setattr(jupyter.os, "geteuid", lambda: 0)
    assert find_or_install_chromium(exe, run=_runner(calls, creates=exe)) == (exe, None)
    assert calls[0] == ["/usr/bin/apt-get", "update"]  # update first, then install
    assert calls[1][:3] == ["/usr/bin/apt-get", "install", "-y"] and calls[1][-1] == "chromium"


def test_without_root_or_apt_the_reason_is_given_and_nothing_runs(tmp_path, monkeypatch):
    exe, calls = tmp_path / "chromium", []
    monkeypatch.setattr(jupyter.shutil, "which", lambda name: "/usr/bin/apt-get")
    monkeypatch.setattr(jupyter.os, "geteuid", lambda: 1000)
    path, why = find_or_install_chromium(exe, run=_runner(calls))
    assert path is None and "needs root" in why and calls == []
    monkeypatch.setattr(jupyter.shutil, "which", lambda name: None)
    monkeypatch.setattr(jupyter.os, "geteuid", lambda: 0)
    path, why = find_or_install_chromium(exe, run=_runner(calls))
    assert path is None and "no apt-get" in why and calls == []


def test_a_failed_apt_install_says_why(tmp_path, monkeypatch):
    exe, calls = tmp_path / "chromium", []
    monkeypatch.setattr(jupyter.shutil, "which", lambda name: "/usr/bin/apt-get")
    monkeypatch.setattr(jupyter.os, "geteuid", lambda: 0)
    path, why = find_or_install_chromium(exe, run=_runner(calls, returncode=100))
    assert path is None and "exit 100" in why and "Unable to locate package" in why

    def timeout(command, **kwargs):
        raise subprocess.TimeoutExpired(command, 600)
    path, why = find_or_install_chromium(exe, run=timeout)
    assert path is None and "timed out" in why


def test_readout_numbers_are_compared_to_the_digits_shown():
    assert numbers_in("TP / FP  1,581 / 6,810.3") == [(1581.0, 0.5), (6810.3, 0.05)]
    assert shows("0.2500", 0.25004) and not shows("0.2500", 0.2501)
    assert shows("$41,234", 41234.4) and not shows("$41,234", 41235)
    assert shows("2.55e+05", 255_000) and shows("0.013 (exactly 0.0129201592)", 0.01292015921)
    assert shows("−0.1827", -0.18271) and not shows("0.1827", -0.1827)
