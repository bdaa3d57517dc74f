#!/usr/bin/env bash
# Set up (if needed), build and serve the site on http://127.0.0.1:8000 with live reload.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --zonder-browser
exec .venv/bin/gereedschapskist serve "$@"
