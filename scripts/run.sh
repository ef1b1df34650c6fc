#!/usr/bin/env bash
# Runs WardWatch on the example config: a sample street camera looping as if live, the embedded database in
# data/, the API on :8080. Installs what is missing first (Debian packages, the model, the sample video).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/install-deps.sh --runtime
scripts/setup-models.sh
scripts/make-sample.sh
exec scripts/wardwatch serve --config config/wardwatch.yaml "$@"
