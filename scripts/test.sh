#!/usr/bin/env bash
# Runs the whole test suite with real parts: installs what is missing first (ffmpeg, the GStreamer RTSP server,
# Debian's sample photos and footage, the model), then Maven's tests in one JVM.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/install-deps.sh
scripts/setup-models.sh
scripts/make-sample.sh   # the end-to-end test streams the sample camera over RTSP
exec mvn -B test "$@"
