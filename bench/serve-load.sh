#!/usr/bin/env bash
# Drives `gate serve` on loopback at 200 req/s for 30 s and prints p50/p99 (target p99 < 50 ms).
# Health comes from a real Prometheus on a loopback port (it scrapes itself; the API server signals have no data,
# so verdicts are inconclusive: the serving path, auth, JSON and the per-window cache are what is measured).
# It also prints what the serve process used (the figures behind deploy/hook's resource requests and limits): resident
# memory idle and at peak (VmHWM), and CPU time over the load (average cores).
# Usage: bash bench/serve-load.sh [rate=200] [seconds=30]; GATE_NATIVE=artifacts/native/gate measures the native build.
set -euo pipefail
cd "$(dirname "$0")/.."
rate="${1:-200}" seconds="${2:-30}"
command -v prometheus >/dev/null || bash scripts/install-test-deps.sh
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
prom_port="$(free_port)" serve_port="$(free_port)"
cat > "$work/prometheus.yml" <<YAML
global: {scrape_interval: 1s}
scrape_configs: [{job_name: prometheus, static_configs: [{targets: ["127.0.0.1:$prom_port"]}]}]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
pids+=($!)
head -c 24 /dev/urandom | base64 > "$work/token"
for project in src/Gate.Cli bench/Gate.Benchmarks; do dotnet build "$project" -c Release -nologo -v quiet >/dev/null; done
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$prom_port/-/ready" >/dev/null && break; sleep 0.5; done
gate_cmd=(dotnet src/Gate.Cli/bin/Release/net10.0/gate.dll)
if [ -n "${GATE_NATIVE:-}" ]; then gate_cmd=("$GATE_NATIVE"); fi
"${gate_cmd[@]}" serve --listen "127.0.0.1:$serve_port" \
  --prometheus "http://127.0.0.1:$prom_port" --token-file "$work/token" 2>"$work/serve.log" &
serve_pid=$!
pids+=("$serve_pid")
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$serve_port/healthz" >/dev/null && break; sleep 0.5; done
cpu_ticks() { awk '{print $14 + $15}' "/proc/$serve_pid/stat"; }
rss_kib() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$serve_pid/status"; }
idle_rss="$(rss_kib VmRSS)" ticks_before="$(cpu_ticks)" started="$(date +%s.%N)"
status=0
dotnet bench/Gate.Benchmarks/bin/Release/net10.0/Gate.Benchmarks.dll serve-load \
  "http://127.0.0.1:$serve_port/api/v1/analysis?namespace=kube-system&workload=agent" "$work/token" "$rate" "$seconds" || status=$?
ticks="$(( $(cpu_ticks) - ticks_before ))"
awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v s0="$started" -v s1="$(date +%s.%N)" -v idle="$idle_rss" -v peak="$(rss_kib VmHWM)" \
  'BEGIN { printf "serve process: idle RSS %d MiB, peak RSS %d MiB, CPU %.2f s over %.0f s = %.3f cores\n", idle / 1024, peak / 1024, t / hz, s1 - s0, t / hz / (s1 - s0) }'
exit "$status"
