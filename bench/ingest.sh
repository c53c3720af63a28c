#!/usr/bin/env bash
# Whole-process bounds of one input (issue 4: any single input in < 2 s and < 500 MB).
# Writes the input shapes of bench/Gate.Benchmarks/InputShapes.cs — valid inputs at the limits Gate accepts (1,000
# workloads; 48 MB of dashboards ConfigMaps) and bad inputs just under the 50 MB size limit (dense documents, a
# million-entry sequence or mapping, JSON values, empty documents, nesting, one huge value, an error or invalid UTF-8
# at the very end) — runs `gate estimate FILE --format json` on each RUNS times, checks the exit code (0 valid, 2 bad)
# and prints per shape the median wall time and the peak resident memory, then the worst ratios to the targets.
# Publishes the native executable (as scripts/test.sh builds it; a few minutes on 2 cores) unless GATE names a built
# `gate` executable.
# Usage: bash bench/ingest.sh [RUNS=3]        GATE=/path/to/gate bash bench/ingest.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
if [[ -z "${GATE:-}" ]]; then
  dotnet publish src/Gate.Cli -c Release -r linux-x64 -p:PublishAot=true -o artifacts/native -nologo -v quiet >/dev/null
  GATE="$PWD/artifacts/native/gate"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build bench/Gate.Benchmarks -c Release -nologo -v quiet >/dev/null
dotnet bench/Gate.Benchmarks/bin/Release/net10.0/Gate.Benchmarks.dll make-inputs "$work/inputs" >"$work/shapes.txt"
python3 - "$GATE" "$runs" "$work" <<'PY'
import os, statistics, subprocess, sys, time
gate, runs, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
TARGET_S, TARGET_MB = 2.0, 500.0
print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at start (wall times grow with load)")
print(f"{'input':<28} {'MB':>5} {'exit':>4} {'median s':>9} {'peak MB':>8}  first line of standard error")
worst_s, worst_mb, wrong = 0.0, 0.0, 0
for line in open(os.path.join(work, "shapes.txt")):
    name, kind = line.split()
    path = os.path.join(work, "inputs", name)
    walls, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        with open(os.path.join(work, "stderr.txt"), "wb") as err:
            child = subprocess.Popen([gate, "estimate", path, "--format", "json"], stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(child.pid, 0)  # this child's own peak resident memory
        walls.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        returncode = os.waitstatus_to_exitcode(status)
    expected = 0 if kind == "valid" else 2
    ok = returncode == expected
    wrong += not ok
    wall, peak = statistics.median(walls), max(peaks)
    worst_s, worst_mb = max(worst_s, wall), max(worst_mb, peak)
    message = open(os.path.join(work, "stderr.txt"), errors="replace").read().strip().splitlines()
    print(f"{name:<28} {os.path.getsize(path) / 2**20:5.1f} {returncode:>4}{'' if ok else '!'} {wall:9.2f} {peak:8.0f}  {(message[0] if message else '')[:110]}")
print(f"worst median wall {worst_s:.2f} s (target {TARGET_S:.0f} s, ratio {worst_s / TARGET_S:.2f}); "
      f"worst peak memory {worst_mb:.0f} MB (target {TARGET_MB:.0f} MB, ratio {worst_mb / TARGET_MB:.2f}); {wrong} unexpected exit codes")
sys.exit(1 if wrong else 0)
PY
