#!/usr/bin/env bash
# Start-up time of `gate estimate <corpus case> --profile large` as a whole process (target: median < 150 ms wall).
# Publishes the tool (Release, as `dotnet pack` ships it) and the native executable (NATIVE=0 skips it) unless GATE
# names built `gate` executables, runs each command
# 3 times to warm the disk cache, then RUNS times, and prints median / p90 / min wall time, median CPU time (user+sys
# of the process: less sensitive to a busy machine than wall time) and the ratio of the median to the 150 ms target.
# Several executables (GATE="a/gate b/gate") are measured interleaved, run by run, so a changing machine load hits
# them alike.
# Usage: bash bench/startup.sh [case=node-exporter] [runs=30]       GATE="/path/a/gate /path/b/gate" bash bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
case_name="${1:-node-exporter}" runs="${2:-30}"
corpus="${CORPUS:-tests/corpus/reference}"
if [[ -z "${GATE:-}" ]]; then
  dotnet publish src/Gate.Cli -c Release -o artifacts/startup -nologo -v quiet >/dev/null
  GATE="$PWD/artifacts/startup/gate"
  if [[ "${NATIVE:-1}" == "1" ]]; then
    # The native (ahead-of-time compiled) executable, as scripts/test.sh builds it; a few minutes on 2 cores.
    dotnet publish src/Gate.Cli -c Release -r linux-x64 -p:PublishAot=true -o artifacts/native -nologo -v quiet >/dev/null
    GATE="$GATE $PWD/artifacts/native/gate"
  fi
fi
python3 - "$corpus/$case_name" "$runs" $GATE <<'PY'
import os, resource, statistics, subprocess, sys, time
case, runs, gates = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
TARGET_MS = 150.0
commands = (("--version", ["--version"]), (f"estimate {os.path.basename(case)} --profile large", ["estimate", case, "--profile", "large"]))

def run(gate, args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([gate, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"{gate} {' '.join(args)} exited {done.returncode}: {done.stderr.decode().strip()}")
    return wall, (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000

print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at start (wall times grow with load)")
for name, args in commands:
    samples = {g: [] for g in gates}
    for g in gates:
        for _ in range(3):
            run(g, args)
    for _ in range(runs):
        for g in gates:
            samples[g].append(run(g, args))
    for g in gates:
        walls = sorted(w for w, _ in samples[g])
        median = statistics.median(walls)
        p90 = walls[min(len(walls) - 1, int(0.9 * len(walls)))]
        cpu = statistics.median(c for _, c in samples[g])
        print(f"{g}\n  gate {name:40s} median {median:6.1f} ms  p90 {p90:6.1f}  min {walls[0]:6.1f}  cpu {cpu:6.1f} ms  "
              f"median/150ms {median / TARGET_MS:4.2f}")
print(f"load average {os.getloadavg()[0]:.1f} at end")
PY
