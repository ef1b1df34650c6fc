#!/usr/bin/env bash
# Installs the Debian packages WardWatch needs, only those missing. Idempotent and fast when all are there.
#   ffmpeg                      camera ingest (one ffmpeg child per camera)
#   util-linux                  setpriv: the recorder's ffmpeg is stopped by the kernel when the JVM dies (Essential
#                               on Debian; listed for minimal images)
#   python3-onnx python3-numpy  our NanoDet TF.js -> ONNX converter (scripts/tfjs_to_onnx.py)
#   opencv-doc darknet          real footage and photos for the sample camera and the tests
#   python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-{good,bad}   the RTSP server used by tests
#   wrk                         HTTP load for the IOC endpoint benchmark (--bench: scripts/bench-ioc.sh)
#   chromium                    headless browser for the web console's end-to-end test (ConsoleEndToEndTest), driven
#                               by playwright-core from e2e/ (npm ci there when e2e/node_modules is missing)
#   openjdk-17-jdk-headless maven npm   the build and the model download, unless java, mvn and npm are on PATH
#                                       already (e.g. installed outside Debian's packages)
set -euo pipefail

packages=(ffmpeg util-linux python3-onnx python3-numpy opencv-doc darknet python3-gi gir1.2-gst-rtsp-server-1.0
          gstreamer1.0-plugins-good gstreamer1.0-plugins-bad chromium)
if [[ "${1:-}" == "--runtime" ]]; then
  # Running the sample needs less than testing does.
  packages=(ffmpeg util-linux python3-onnx python3-numpy opencv-doc darknet)
elif [[ "${1:-}" == "--bench" ]]; then
  packages+=(wrk)
fi

missing=()
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v npm >/dev/null || missing+=(npm)
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The console's e2e test drives the browser with playwright-core (no browser download: Debian's chromium is used).
e2e_deps() {
  [[ "${1:-}" == "--runtime" || "${1:-}" == "--bench" ]] && return 0
  local e2e
  e2e="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/e2e"
  if [[ -f "$e2e/package-lock.json" && ! -d "$e2e/node_modules/playwright-core" ]]; then
    echo "wardwatch: installing e2e/node_modules (npm ci)" >&2
    (cd "$e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/tmp/wardwatch-npm.log 2>&1) || {
      echo "wardwatch: npm ci in e2e/ failed, see /tmp/wardwatch-npm.log" >&2; tail -20 /tmp/wardwatch-npm.log >&2; exit 1; }
  fi
}

if [[ ${#missing[@]} -eq 0 ]]; then
  e2e_deps "${1:-}"
  exit 0
fi

echo "wardwatch: installing Debian packages: ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "wardwatch: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/wardwatch-apt.log 2>&1; then
  "${sudo_cmd[@]}" apt-get update -q >>/tmp/wardwatch-apt.log 2>&1
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/wardwatch-apt.log 2>&1 || {
    echo "wardwatch: apt-get install failed, see /tmp/wardwatch-apt.log" >&2; tail -20 /tmp/wardwatch-apt.log >&2; exit 1; }
fi
e2e_deps "${1:-}"
