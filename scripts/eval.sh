#!/usr/bin/env bash
# Evaluation on the real data in ../shared/data (never copied into the repository; not part of the tests).
# Prints detection precision / recall / AP50 and signal-state accuracy on scenes-vn and plate-reading accuracy on
# plates-vn, and writes the same numbers to target/eval/.
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

# Issue 3's protocol: the live detection path (riders merged into their motorbikes), car = car + bus + truck
# (scenes-vn labels every four-wheeler "car"), AP50 and recall per class, ms per frame.
echo "== detection on scenes-vn (car, motorbike) =="
./scripts/wardwatch eval-detection --config "$CONFIG" \
    --images "$SCENES/images" --labels "$SCENES/labels" --classes "$SCENES/classes.txt" \
    --json "$OUT/detection-scenes-vn.json"

# What the rider merge brings: the same run with only the merge switched off.
echo
echo "== detection on scenes-vn without the rider merge =="
./scripts/wardwatch eval-detection --config "$CONFIG" --no-merge --worst 0 \
    --images "$SCENES/images" --labels "$SCENES/labels" --classes "$SCENES/classes.txt" \
    --json "$OUT/detection-scenes-vn-no-merge.json"

# Issue 4's protocol: every crop of plates-vn read on one thread; exact match ignoring '-', '.' and spaces for one-
# and two-line plates, character error rate, remaining confusions, most confident disagreements, ms per plate.
PLATES="$DATA/plates-vn"
for p in "$PLATES/images" "$PLATES/labels.csv"; do
    [[ -e "$p" ]] || die "$p is missing: $PLATES should hold images/ and labels.csv"
done
echo
echo "== plate reading on plates-vn =="
./scripts/wardwatch eval-plates --images "$PLATES/images" --labels "$PLATES/labels.csv" --json "$OUT/plates.json"

# Issue 5's protocol: every red_light, yellow_light and green_light box of scenes-vn classified on its own by the
# colour-and-brightness signal classifier (no debouncing: one frame each); confusion matrix with unknown, accuracy per
# class, ms per classification.
echo
echo "== signal state on the light boxes of scenes-vn =="
./scripts/wardwatch eval-signals \
    --images "$SCENES/images" --labels "$SCENES/labels" --classes "$SCENES/classes.txt" --json "$OUT/signals.json"

# --- replay counts on car-detection.mp4 ---
# Hand count (watched frame by frame at 2 fps, 2026-11-22): four cars cross the lane's mid-height line, two moving
# up the image (at ~5 s and ~15 s) and two moving down (at ~15 s and ~25 s). scripts/eval/car-detection.yaml
# draws the line left to right across y=216, so "in" = moving up, "out" = moving down.
VIDEO="$DATA/video/car-detection.mp4"
[[ -f "$VIDEO" ]] || die "$VIDEO is missing"
HAND_IN=2
HAND_OUT=2
echo
echo "== replay counts on car-detection.mp4 vs a hand count =="
./scripts/wardwatch replay "$VIDEO" --config scripts/eval/car-detection.yaml --out "$OUT/replay-car-detection" \
    > "$OUT/replay-car-detection.log"
/usr/bin/python3 - "$OUT/replay-car-detection/counts.json" "$HAND_IN" "$HAND_OUT" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
hand = {"in": int(sys.argv[2]), "out": int(sys.argv[3])}
vehicles = {"car", "truck", "bus"}
counted = {d: sum(t["count"] for t in result["totals"] if t["direction"] == d and t["class"] in vehicles)
           for d in hand}
print(f"{'direction':<10} {'hand':>5} {'replay':>7} {'error':>6}")
for d in ("in", "out"):
    print(f"{d:<10} {hand[d]:>5} {counted[d]:>7} {counted[d] - hand[d]:>+6}")
total_hand, total = sum(hand.values()), sum(counted.values())
print(f"{'total':<10} {total_hand:>5} {total:>7} {total - total_hand:>+6}")
print(f"replay: {result['frames']} frames in {result['seconds']} s ({result['framesPerSecond']} frames/s)")
others = [t for t in result["totals"] if t["class"] not in vehicles]
if others:
    print("other classes counted:", ", ".join(f"{t['class']} {t['direction']} {t['count']}" for t in others))
PY

# --- congestion and public-order warnings (issue 6) ---
# replay runs the traffic zones of each camera and writes warnings.json beside counts.json; the warnings are printed
# with their time in the clip. Two clips: the example camera's sample under config/wardwatch.yaml's road thresholds
# (light traffic and a busy pavement: vtest.avi's pedestrians), and car-detection.mp4 under the same thresholds.
print_warnings() {
  /usr/bin/python3 - "$1" <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))
for l in w["levels"]:
    m = l["metrics"]
    print(f"  {l['stream']:>8}  level   {l['zone']:<8} -> {l['level']:<10} vehicles {m['occupancy']}, "
          f"stationary {m['stationaryShare']}, speed {m['speedPx']} px/s")
for x in w["warnings"]:
    m = x["metrics"]
    extra = f"level {x['level']}" if x["level"] else f"people {m['people']}" + (f", rise {m['rise']}" if "rise" in m else "")
    print(f"  {x['stream']:>8}  {x['kind']:<10} {x['state']:<8} {x['zone']:<8} {extra}")
raised = [x for x in w["warnings"] if x["state"] == "raised"]
print(f"  {len(raised)} raised: " + (", ".join(f"{k} {sum(1 for x in raised if x['kind'] == k)}"
      for k in ("congestion", "crowd", "surge")) if raised else "none") + f"; {len(w['levels'])} level changes")
PY
}
echo
echo "== warnings: replay of samples/street.mp4 under config/wardwatch.yaml =="
./scripts/wardwatch replay samples/street.mp4 --config config/wardwatch.yaml --camera sample_street \
    --start 2026-11-22T01:00:00Z --out "$OUT/replay-street" > "$OUT/replay-street.log"
print_warnings "$OUT/replay-street/warnings.json"
echo
echo "== warnings: replay of car-detection.mp4 under the same thresholds =="
./scripts/wardwatch replay "$VIDEO" --config scripts/eval/car-detection.yaml --start 2026-11-22T01:00:00Z \
    --out "$OUT/replay-car-detection-warnings" > "$OUT/replay-car-detection-warnings.log"
print_warnings "$OUT/replay-car-detection-warnings/warnings.json"
