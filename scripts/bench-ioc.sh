#!/usr/bin/env bash
# Benchmark of GET /api/v1/ioc (issue 6): starts `wardwatch serve` on the example config (the sample camera analysed
# live, so the server is as busy as in use), waits until the IOC snapshot has the camera's zones, then loads it with
# wrk and prints requests/s and latency percentiles against the targets (p99 < 10 ms, >= 5,000 requests/s).
#   ./scripts/bench-ioc.sh                 # 20 s, 1 wrk thread, 8 connections (a few dashboards polling flat out)
# Environment: IOC_PORT (default 18080), IOC_SECONDS (20), IOC_CONNECTIONS (8), IOC_THREADS (1),
# IOC_CAMERA=off: the camera's source points at a missing file, so nothing is analysed and the figures show the
# endpoint's own cost without the detector competing for the 2 cores.
# IOC_RATE=N: pace the load at about N requests/s (each connection waits connections/N s between requests, by
# wrk's delay() hook) to read the latency at the target rate; unset: as fast as wrk can (the throughput).
# Writes target/bench/bench-ioc-camera-{on,off}[-rateN].txt (wrk's output).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${IOC_PORT:-18080}"
seconds="${IOC_SECONDS:-20}"
connections="${IOC_CONNECTIONS:-8}"
threads="${IOC_THREADS:-1}"
out=target/bench
mkdir -p "$out/ioc-data"

./scripts/install-deps.sh --bench
./scripts/setup-models.sh
./scripts/make-sample.sh

# The example config on another port and data dir, so a running instance and its database are left alone.
config="$out/ioc-config.yaml"
source_expr="s#url: samples/street.mp4#url: samples/street.mp4#"
[[ "${IOC_CAMERA:-on}" == off ]] && source_expr="s#url: samples/street.mp4#url: $out/no-such-camera.mp4#"
sed -e "s/^  port: 8080/  port: $port/" -e "s#^  data_dir: data#  data_dir: $out/ioc-data#" -e "$source_expr" \
  config/wardwatch.yaml >"$config"

log="$out/ioc-serve.log"
./scripts/wardwatch serve --config "$config" >"$log" 2>&1 &
serve_pid=$!
cleanup() {
  if kill -0 "$serve_pid" 2>/dev/null; then
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

url="http://127.0.0.1:$port/api/v1/ioc"
for _ in $(seq 1 300); do
  if curl -fsS "$url" 2>/dev/null | grep -q '"zones":\[{'; then
    break
  fi
  kill -0 "$serve_pid" 2>/dev/null || { tail -30 "$log" >&2; echo "bench-ioc: server died" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$url" | grep -q '"zones":\[{' || { tail -30 "$log" >&2; echo "bench-ioc: no IOC snapshot" >&2; exit 1; }
echo "bench-ioc: $(curl -fsS "$url" | wc -c) bytes per answer; camera ${IOC_CAMERA:-on}; loading for ${seconds}s" >&2
sleep 5 # let the camera warm up (detector, JIT) so the load meets a busy server

result="$out/bench-ioc-camera-${IOC_CAMERA:-on}${IOC_RATE:+-rate$IOC_RATE}.txt"
script=()
if [[ -n "${IOC_RATE:-}" ]]; then
  delay_ms=$(( connections * 1000 / IOC_RATE ))
  printf 'function delay()\n  return %d\nend\n' "$delay_ms" >"$out/ioc-pace.lua"
  script=(-s "$out/ioc-pace.lua")
  echo "bench-ioc: paced at ~$IOC_RATE requests/s ($delay_ms ms between requests per connection)" >&2
fi
echo "wrk -t$threads -c$connections -d${seconds}s --latency ${script[*]} $url"
wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "${script[@]}" "$url" | tee "$result"

# What the traffic zones cost the analysis thread (mean ms per frame), from the server's own metrics.
curl -fsS "http://127.0.0.1:$port/metrics" >"$out/ioc-metrics.txt" || true
/usr/bin/python3 - "$out/ioc-metrics.txt" <<'PY'
import re, sys
m = {}
for line in open(sys.argv[1]):
    r = re.match(r'wardwatch_stage_time_seconds_(sum|count)\{.*stage="(traffic|detect)".*\} (\S+)', line)
    if r:
        m[(r.group(2), r.group(1))] = m.get((r.group(2), r.group(1)), 0) + float(r.group(3))
for stage in ("traffic", "detect"):
    n = m.get((stage, "count"), 0)
    if n:
        print(f"stage {stage}: {m[(stage, 'sum')] / n * 1000:.3f} ms mean over {n:.0f} frames")
PY

/usr/bin/python3 - "$result" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(v, unit):
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p = {q: ms(*re.search(rf"^\s+{q}%\s+([\d.]+)(us|ms|s)", text, re.M).groups()) for q in ("50", "90", "99")}
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"\nIOC endpoint: {rps:,.0f} requests/s, p50 {p['50']:.2f} ms, p90 {p['90']:.2f} ms, p99 {p['99']:.2f} ms"
      + (f", {errors.group(1)} non-2xx" if errors else ""))
ok = rps >= 5000 and p["99"] < 10
print("target (>= 5,000 requests/s, p99 < 10 ms):", "met" if ok else "NOT met")
PY
