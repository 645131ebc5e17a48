#!/usr/bin/env bash
# Install the Debian packages the course and the tests need, when they are missing and we can.
#
#   tools/ensure-system-packages.sh COMMAND:PACKAGE ...
#
# For each pair, when COMMAND is not on the PATH, PACKAGE is installed with apt-get (as root, or
# with passwordless sudo). When it cannot be installed here (not Debian, no root, no network), one
# line says what is missing, what does without it, and the command to run; the exit status is
# still 0, so `make lab` opens the course and `make test` runs (the tests that need the package
# skip and say why). Examples:
#   bwrap:bubblewrap                  the drill grader's operating-system sandbox
#   chromium:chromium                 the browser tests (JupyterLab and Notebook 7)
#   java:default-jre-headless         the Spark tests (PySpark needs a Java runtime)
set -u
missing_cmds=(); missing_pkgs=()
for pair in "$@"; do
  cmd=${pair%%:*}; pkg=${pair#*:}
  command -v "$cmd" >/dev/null 2>&1 || { missing_cmds+=("$cmd"); missing_pkgs+=("$pkg"); }
done
[ ${#missing_pkgs[@]} -eq 0 ] && exit 0

why() {
  case "$1" in
    bubblewrap) echo "the drill grader's sandbox (without it, drills run with resource limits only and 'drill grade' refuses a class unless --allow-weak-sandbox)";;
    chromium) echo "the browser tests (they skip without it)";;
    default-jre-headless) echo "the Spark tests (they skip without it)";;
    *) echo "$1";;
  esac
}

sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; fi
fi
if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || [ -n "$sudo" ]; }; then
  echo "Installing ${missing_pkgs[*]} (Debian packages) ..."
  export DEBIAN_FRONTEND=noninteractive
  if $sudo apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}" >/tmp/mlmetrics-apt.log 2>&1 \
     || { $sudo apt-get update -qq >>/tmp/mlmetrics-apt.log 2>&1 \
          && $sudo apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}" >>/tmp/mlmetrics-apt.log 2>&1; }; then
    exit 0
  fi
  echo "Could not install ${missing_pkgs[*]} with apt-get (see /tmp/mlmetrics-apt.log)."
fi
for i in "${!missing_pkgs[@]}"; do
  command -v "${missing_cmds[$i]}" >/dev/null 2>&1 && continue
  echo "mlmetrics-edu: ${missing_pkgs[$i]} is missing, needed for $(why "${missing_pkgs[$i]}"); install it with: sudo apt-get install ${missing_pkgs[$i]}"
done
exit 0
