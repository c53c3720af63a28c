#!/usr/bin/env bash
# Wall time, peak memory (max RSS) and outcome of `gate simulate --with-gate` per cluster size, for a safe node-scoped
# agent (examples/fluent-bit-agent) and an O(N²) one (examples/otel-agent-quadratic: cluster-wide LISTs from every
# node). Goals (issue #28): the safe agent promoted at 15,000 nodes in < 60 simulated minutes, < 10 s wall and
# < 500 MB; at 100,000 nodes < 60 s wall and < 2 GB; the O(N²) agent rolled back at stage 1 at 100,000 nodes.
# Publishes the Release tool unless GATE names a built `gate` (the native one: GATE=artifacts/native/gate).
# Usage: bash bench/large-clusters.sh [sizes="1000 5000 15000 100000"]     TIMEOUT=600 per run (seconds)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="${1:-1000 5000 15000 100000}"
if [[ -z "${GATE:-}" ]]; then
  dotnet publish src/Gate.Cli -c Release -o artifacts/bench -nologo -v quiet >/dev/null
  GATE="$PWD/artifacts/bench/gate"
fi
python3 - "$GATE" "${TIMEOUT:-600}" $sizes <<'PY'
import json, os, subprocess, sys, time

# Popen reaps its child with os.waitpid; route that through os.wait4 to keep each child's own peak RSS (KB on Linux)
child_peak = {}
_waitpid = os.waitpid
def _wait4(pid, options):
    got, status, usage = os.wait4(pid, options)
    if got:
        child_peak[got] = usage.ru_maxrss
    return got, status
os.waitpid = _wait4
gate, limit, sizes = sys.argv[1], int(sys.argv[2]), [int(s) for s in sys.argv[3:]]
agents = (("safe node-scoped", "examples/fluent-bit-agent"), ("O(N^2) cluster-wide", "examples/otel-agent-quadratic"))
print(f"{'agent':<22} {'nodes':>8} {'wall s':>8} {'peak MB':>8} {'exit':>4}  outcome")
for label, path in agents:
    for nodes in sizes:
        # each run in its own process, its peak RSS read by os.wait4 (that child's own rusage)
        start = time.monotonic()
        child = subprocess.Popen([gate, "simulate", path, "--nodes", str(nodes), "--with-gate", "--format", "json"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            out, err = child.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            child.kill()
            out, err = "", ""
        wall = time.monotonic() - start
        code = "T/O" if wall >= limit else child.returncode
        peak = child_peak.get(child.pid, 0) / 1024
        outcome = f"killed after {limit} s"
        if out:
            try:
                run = json.loads(out)["workloads"][0]["withGate"]
                stage = f" at stage {run['detectedAtStage']}" if run.get("detectedAtStage") else ""
                outcome = f"{run['outcome']}{stage} after {run['durationSeconds'] / 60:.1f} simulated min"
            except (KeyError, IndexError, ValueError, TypeError):
                outcome = out.strip().splitlines()[-1][:80]
        elif code != "T/O":
            outcome = (err.strip().splitlines() or ["?"])[-1][:100]
        print(f"{label:<22} {nodes:>8,} {wall:>8.1f} {peak:>8.0f} {code!s:>4}  {outcome}", flush=True)
PY
