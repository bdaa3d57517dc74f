#!/usr/bin/env bash
# Set up everything the project needs on a fresh Debian machine: a Python virtual environment with
# the generator and its test tools, Debian's Chromium for the browser tests, Java for the HTML checker,
# and from npm: axe-core, the Nu Html Checker (vnu-jar) and Lighthouse.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> Python-omgeving maken (.venv)"
  "$PYTHON" -m venv .venv
fi
echo "==> Python-pakketten installeren (constraints.txt)"
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -c constraints.txt -e ".[test]"

if [ "${1:-}" = "--zonder-browser" ]; then
  exit 0
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "==> Chromium installeren (Debian-pakket)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

if ! command -v java >/dev/null 2>&1; then
  echo "==> Java installeren voor de HTML-controle (Debian-pakket)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq default-jre-headless >/dev/null
fi

# --ignore-scripts: vnu-jar's install script would download a Java runtime from another host;
# Debian's Java (above) runs the checker instead.
if [ -f package-lock.json ] && { [ ! -f node_modules/axe-core/axe.min.js ] \
    || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -f node_modules/lighthouse/package.json ]; }; then
  echo "==> axe-core, vnu-jar en Lighthouse installeren (npm)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
