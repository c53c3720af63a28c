#!/usr/bin/env bash
# Whole-process ingestion of a large valid input (issue 4: any single input < 2 s and < 500 MB).
# Generates an MB-sized multi-document manifest (every corpus case repeated: DaemonSets, agent ConfigMaps, RBAC;
# thousands of workloads), runs `gate estimate FILE --format json` RUNS times and prints the median wall time,
# the user CPU time and the peak resident memory, with their ratios to the targets.
# Usage: bash bench/ingest.sh [MB=48] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
mb="${1:-48}" runs="${2:-3}"
command -v /usr/bin/time >/dev/null 2>&1 || [ -x /usr/bin/time ] || apt-get install -y time >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for project in src/Gate.Cli bench/Gate.Benchmarks; do dotnet build "$project" -c Release -nologo -v quiet >/dev/null; done
dotnet bench/Gate.Benchmarks/bin/Release/net10.0/Gate.Benchmarks.dll make-large-input "$mb" "$work/large.yaml"
echo "input: $(du -h "$work/large.yaml" | cut -f1), $(grep -c '^kind: DaemonSet' "$work/large.yaml") DaemonSets"
for i in $(seq 1 "$runs"); do
  /usr/bin/time -f "%e %U %M" -o "$work/time.$i" \
    dotnet src/Gate.Cli/bin/Release/net10.0/gate.dll estimate "$work/large.yaml" --format json -o "$work/out.json"
  echo "run $i: $(awk '{printf "%.2f s wall, %.2f s user, %.0f MB peak", $1, $2, $3/1024}' "$work/time.$i")"
done
cat "$work"/time.* | sort -n | awk -v n="$runs" '{w[NR]=$1; m[NR]=$3} END {
  med=w[int((n+1)/2)]; peak=0; for (i=1;i<=n;i++) if (m[i]>peak) peak=m[i];
  printf "median wall %.2f s (target 2 s, ratio %.2f); peak memory %.0f MB (target 500 MB, ratio %.2f)\n", med, med/2, peak/1024, peak/1024/500 }'
