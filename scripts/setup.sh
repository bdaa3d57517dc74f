#!/usr/bin/env bash
# Set up everything the project needs on a fresh Debian machine: a Python virtual environment with
# the generator and its test tools, the npm packages (Decap CMS and its local backend for /beheer/,
# the YAML library that defines the canonical file layout, axe-core for the accessibility tests, the
# Nu Html Checker (vnu-jar) and Lighthouse), Debian's Chromium for the browser tests and Java for the
# HTML checker.
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

# npm writes node_modules/.package-lock.json after every install; when it is missing or older than
# package-lock.json, the installed packages are not the pinned ones.
if [ -f package-lock.json ] && { [ ! -f node_modules/.package-lock.json ] ||
    [ package-lock.json -nt node_modules/.package-lock.json ] ||
    [ ! -f node_modules/decap-cms/dist/decap-cms.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; }; then
  echo "==> npm-pakketten installeren (package-lock.json: Decap CMS, decap-server, yaml, axe-core, vnu-jar, Lighthouse)"
  # --ignore-scripts: vnu-jar's install script would download a Java runtime from another host;
  # Debian's Java (below) runs the checker instead. No other package needs an install script.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi

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
