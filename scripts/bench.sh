#!/usr/bin/env bash
# Benchmark: 720p 25 fps RTSP cameras (a local GStreamer server looping the sample) analysed at 5 fps by the whole
# system in one JVM; 1, 2, 4... cameras until one step has a backlog. Prints a table and a verdict against the
# targets and writes target/bench/bench.json; then one camera again while evidence packages are written (issue 5),
# to target/bench/bench-evidence.json; then GET /api/v1/ioc under wrk (issue 6, scripts/bench-ioc.sh; BENCH_IOC=0
# skips it); push latency (BENCH_PUSH=0 skips it); privacy masking (BENCH_PRIVACY=0 skips it). See
# docs/PERFORMANCE.md.
#   ./scripts/bench.sh                               # --cameras 1,2,4,6 --seconds 30
#   ./scripts/bench.sh --cameras 1,2,4 --seconds 30  # any option of `wardwatch bench`
# Environment: BENCH_PORT (default 8554).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${BENCH_PORT:-8554}"
out=target/bench
clip="$out/street-720p25.h264"

./scripts/install-deps.sh
./scripts/setup-models.sh
./scripts/make-sample.sh

mkdir -p "$out"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -f "$clip.tmp.mp4" "$clip.tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A 720p 25 fps camera-like stream (no B-frames, keyframe every 2 s) as Annex-B H.264 for the RTSP server.
if [[ ! -s "$clip" || samples/street.mp4 -nt "$clip" ]]; then
  echo "bench: encoding $clip" >&2
  ffmpeg -hide_banner -loglevel error -y -i samples/street.mp4 -vf scale=1280:720,fps=25 -pix_fmt yuv420p \
    -c:v libx264 -bf 0 -g 50 -preset veryfast -an "$clip.tmp.mp4"
  ffmpeg -hide_banner -loglevel error -y -i "$clip.tmp.mp4" -c copy -bsf:v h264_mp4toannexb -f h264 "$clip.tmp"
  mv -f "$clip.tmp" "$clip"
fi

# As many streams as the largest step needs: cam1..camN, all the same clip.
args=("$@")
cameras=""
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --cameras) cameras="${args[i + 1]:-}" ;;
    --cameras=*) cameras="${args[i]#--cameras=}" ;;
  esac
done
if [[ -z "$cameras" ]]; then
  cameras="1,2,4,6"
  args+=(--cameras "$cameras")
fi
most=$(tr ',' '\n' <<<"$cameras" | sort -n | tail -1)
streams=()
for ((i = 1; i <= most; i++)); do
  streams+=(--stream "cam$i=$clip")
done

server_log="$out/rtsp-server.log"
/usr/bin/python3 scripts/rtsp_server.py --port "$port" --bind 127.0.0.1 "${streams[@]}" >"$server_log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q '^READY ' "$server_log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$server_log" >&2; echo "bench: RTSP server died" >&2; exit 1; }
  sleep 0.1
done
grep -q '^READY ' "$server_log" || { cat "$server_log" >&2; echo "bench: RTSP server not ready" >&2; exit 1; }
echo "bench: $(grep '^READY ' "$server_log") serving $most stream(s) of $clip" >&2

./scripts/wardwatch bench --rtsp-base "rtsp://127.0.0.1:$port/" --json "$out/bench.json" \
  "${args[@]}"

# Issue 5: evidence while a camera runs. One camera with its frame ring on, one red-light package (10 s 720p clip,
# pictures, plate read, signature, row) every 2 s; compare its drops with the 1-camera step above.
# BENCH_EVIDENCE=0 skips it.
if [[ "${BENCH_EVIDENCE:-1}" != 0 && " ${args[*]} " != *" --evidence-every"* ]]; then
  seconds=30
  for ((i = 0; i < ${#args[@]}; i++)); do
    [[ "${args[i]}" == --seconds ]] && seconds="${args[i + 1]:-30}"
  done
  echo >&2
  echo "bench: evidence under load" >&2
  ./scripts/wardwatch bench --rtsp-base "rtsp://127.0.0.1:$port/" --json "$out/bench-evidence.json" \
    --cameras 1 --seconds "$seconds" --evidence-every 2 --evidence-clip "$clip"
fi

# Issue 6: the IOC endpoint's throughput and latency with wrk, with the sample camera analysed meanwhile and without.
if [[ "${BENCH_IOC:-1}" != 0 ]]; then
  cleanup # the RTSP server is no longer needed: free its CPU for the measurement
  echo >&2
  echo "bench: IOC endpoint (camera analysed meanwhile)" >&2
  ./scripts/bench-ioc.sh
  echo >&2
  echo "bench: IOC endpoint (no camera)" >&2
  IOC_CAMERA=off ./scripts/bench-ioc.sh
fi

# Issue 6: push latency, event bus -> signed webhook at a local receiver and -> MQTT subscriber on a local broker
# (the command starts both). BENCH_PUSH=0 skips it.
if [[ "${BENCH_PUSH:-1}" != 0 ]]; then
  echo >&2
  echo "bench: push latency" >&2
  ./scripts/wardwatch bench-push --messages 200 --rate 20
  # End to end: the sample camera's own warnings, from the frame that made them to receiver and subscriber.
  echo >&2
  echo "bench: push latency from the frame (whole system, ${BENCH_PUSH_LIVE_SECONDS:-130} s)" >&2
  ./scripts/wardwatch bench-push --live "${BENCH_PUSH_LIVE_SECONDS:-130}"
fi

# Privacy masking: ms per 640x480 picture by stage, seconds per 10 s clip with regions on every frame and on every
# 2nd, and the every-2nd-frame coverage (no camera needed). BENCH_PRIVACY=0 skips it.
if [[ "${BENCH_PRIVACY:-1}" != 0 ]]; then
  echo >&2
  echo "bench: privacy masking" >&2
  ./scripts/wardwatch bench-privacy --json "$out/bench-privacy.json"
fi
