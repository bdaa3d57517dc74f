#!/usr/bin/env bash
# Set up (if needed) and run every test: unit, build, CLI and real-browser tests.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k zoeken`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "==> Tests draaien"
exec .venv/bin/python -m pytest "$@"
