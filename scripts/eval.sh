#!/usr/bin/env bash
# Evaluation on the real data in ../shared/data (never copied into the repository; not part of the tests).
# Prints detection precision / recall / AP50 on scenes-vn and writes the same numbers to target/eval/.
# WARDWATCH_DATA overrides where the data lives (e.g. when running from a git worktree elsewhere).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DATA="${WARDWATCH_DATA:-../shared/data}"
CONFIG="config/wardwatch.yaml"
OUT="target/eval"

die() { echo "eval: ERROR: $*" >&2; exit 1; }

[[ -d "$DATA" ]] || die "no evaluation data at $DATA (expected ../shared/data beside the repository; set WARDWATCH_DATA to point elsewhere)"
SCENES="$DATA/scenes-vn"
for p in "$SCENES/images" "$SCENES/labels" "$SCENES/classes.txt"; do
    [[ -e "$p" ]] || die "$p is missing: $SCENES should hold images/, labels/ and classes.txt"
done

./scripts/setup-models.sh
mkdir -p "$OUT"

echo "== detection on scenes-vn (car, motorbike) =="
./scripts/wardwatch eval-detection --config "$CONFIG" \
    --images "$SCENES/images" --labels "$SCENES/labels" --classes "$SCENES/classes.txt" \
    --json "$OUT/detection-scenes-vn.json"

# scenes-vn labels trucks and buses "car" too: the same run with our bus/truck detections counted as car.
echo
echo "== detection on scenes-vn, bus and truck detections counted as car =="
./scripts/wardwatch eval-detection --config "$CONFIG" --vehicles-as-car --worst 0 \
    --images "$SCENES/images" --labels "$SCENES/labels" --classes "$SCENES/classes.txt" \
    --json "$OUT/detection-scenes-vn-vehicles-as-car.json"

# --- replay counts on car-detection.mp4 ---
# (to be written: replay $DATA/video/car-detection.mp4 and compare the counts with a hand count)
