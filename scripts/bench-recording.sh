#!/usr/bin/env bash
# Benchmark recording (issue 7): CPU and disk write rate per recorded 720p25 (and 1080p25) camera served by the local
# GStreamer RTSP server, recorded by the real SegmentRecorder (ffmpeg -c copy, SHA-256, ffprobe, H2), nothing else.
# Then the alternative the issue asks to compare: a copy output added to the analysis ffmpeg (fps=5, scaled, raw
# BGR) versus the analysis ffmpeg alone, each for the same seconds, CPU from /usr/bin/time.
#   ./scripts/bench-recording.sh                 # 60 s measured per step
#   BENCH_SECONDS=30 BENCH_CAMERAS=2 ./scripts/bench-recording.sh
# Writes target/bench/bench-recording-*.json. See docs/PERFORMANCE.md, "Recording (issue 7)".
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${BENCH_PORT:-8556}"
seconds="${BENCH_SECONDS:-60}"
cameras="${BENCH_CAMERAS:-1}"
out=target/bench
mkdir -p "$out"
./scripts/make-sample.sh >/dev/null

server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Camera-like streams (no B-frames, keyframe every 2 s) as Annex-B H.264 for the RTSP server.
for size in 720 1080; do
  clip="$out/street-${size}p25.h264"
  if [[ ! -s "$clip" || samples/street.mp4 -nt "$clip" ]]; then
    echo "bench-recording: encoding $clip" >&2
    ffmpeg -hide_banner -loglevel error -y -i samples/street.mp4 -vf "scale=-2:$size,fps=25" -pix_fmt yuv420p \
      -c:v libx264 -bf 0 -g 50 -preset veryfast -an "$clip.tmp.mp4"
    ffmpeg -hide_banner -loglevel error -y -i "$clip.tmp.mp4" -c copy -bsf:v h264_mp4toannexb -f h264 "$clip.tmp"
    mv -f "$clip.tmp" "$clip"
    rm -f "$clip.tmp.mp4"
  fi
done

streams=()
for ((i = 1; i <= cameras; i++)); do
  streams+=(--stream "c720_$i=$out/street-720p25.h264" --stream "c1080_$i=$out/street-1080p25.h264")
done
server_log="$out/rtsp-server-recording.log"
/usr/bin/python3 scripts/rtsp_server.py --port "$port" --bind 127.0.0.1 "${streams[@]}" >"$server_log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q '^READY ' "$server_log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$server_log" >&2; echo "bench-recording: RTSP server died" >&2; exit 1; }
  sleep 0.1
done
grep -q '^READY ' "$server_log" || { echo "bench-recording: RTSP server not ready" >&2; exit 1; }

for size in 720 1080; do
  urls=()
  for ((i = 1; i <= cameras; i++)); do
    urls+=(--url "rtsp://127.0.0.1:$port/c${size}_$i")
  done
  echo "bench-recording: ${size}p25 x $cameras, record only, ${seconds} s" >&2
  ./scripts/wardwatch bench-recording "${urls[@]}" --seconds "$seconds" --warmup 25 \
    --json "$out/bench-recording-${size}p.json"
done

# The alternative: one ffmpeg for analysis and recording. CPU of each variant over the same wall time; the
# difference is what the copy output costs inside the analysis process.
url="rtsp://127.0.0.1:$port/c720_1"
tmp="$out/recording-alt"
rm -rf "$tmp" && mkdir -p "$tmp"
analysis=(-hide_banner -loglevel error -nostdin -rtsp_transport tcp -i "$url"
  -map 0:v:0 -vf fps=5,scale=640:360 -f rawvideo -pix_fmt bgr24 -y /dev/null)
copy=(-map 0:v:0 -c copy -f segment -segment_time 10 -segment_format mpegts -reset_timestamps 1
  "$tmp/seg-%06d.ts")
measure() { # label, ffmpeg args...; prints "label user+sys seconds over wall seconds"
  local label=$1; shift
  /usr/bin/time -f "%U %S %e" -o "$tmp/time.txt" timeout -s INT "$seconds" ffmpeg "$@" || true
  # The last line: /usr/bin/time first says that timeout's INT made the command exit non-zero.
  read -r user sys wall < <(tail -1 "$tmp/time.txt")
  python3 -c "u,s,w=$user,$sys,$wall; print(f'$label: {100*(u+s)/w:.2f}% of one core ({u+s:.2f} s CPU over {w:.1f} s)')"
}
echo "bench-recording: one ffmpeg vs two, 720p25, ${seconds} s each" >&2
{
  measure "analysis ffmpeg alone (fps=5, 640x360 BGR)" "${analysis[@]}"
  measure "analysis ffmpeg + copy segment output" "${analysis[@]}" "${copy[@]}"
  rm -f "$tmp"/seg-*.ts
  measure "recording ffmpeg alone (-c copy segments)" -hide_banner -loglevel error -nostdin -rtsp_transport tcp \
    -i "$url" "${copy[@]}"
} | tee "$out/bench-recording-alternative.txt"
