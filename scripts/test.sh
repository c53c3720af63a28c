#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine that has only the .NET SDK.
# It installs what the tests need (Prometheus, for the health-signal tests against a real server; headless Chromium,
# for the HTML report rendered in a real browser; a C toolchain for
# the native build), builds with warnings as errors, packs and installs the native gate tool, runs every test project and prints
# one closing line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

export CI="${CI:-true}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash scripts/install-test-deps.sh

echo "== build (warnings are errors)"
dotnet build Gate.sln -c Release -nologo -v quiet

# The native (ahead-of-time compiled) gate, as users install it: the RID-specific tool packages, installed with
# `dotnet tool install` from that folder only. tests/Gate.Native.Tests runs it as a process beside the managed build.
case "$(uname -m)" in x86_64 | aarch64 | arm64) native=1 ;; *) native=0 ;; esac
if [ "$native" = 1 ]; then
  rm -rf artifacts/packages artifacts/tool artifacts/tool-packages
  bash scripts/pack-tool.sh artifacts/packages
  printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><clear /><add key="gate" value="%s" /></packageSources></configuration>\n' \
    "$PWD/artifacts/packages" > artifacts/packages/nuget.config
  version="$(ls artifacts/packages | sed -nE 's/^Gate\.Tool\.([0-9][^/]*)\.nupkg$/\1/p' | head -1)"
  # A private package cache: the global one may hold an older build of the same version.
  NUGET_PACKAGES="$PWD/artifacts/tool-packages" \
    dotnet tool install Gate.Tool --version "$version" --tool-path artifacts/tool --configfile artifacts/packages/nuget.config
  export GATE_NATIVE="$PWD/artifacts/tool/gate" GATE_TOOL_PACKAGES="$PWD/artifacts/packages"
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
echo "== test"
status=0
# One test assembly at a time (-m:1): several suites drive CPU-heavy simulations and real Prometheus servers that
# scrape every second, and on a 2-core CI machine running them side by side starves the loopback targets.
dotnet test Gate.sln -c Release --no-build --nologo -v quiet -m:1 \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" 2>&1 | tee "$results/log.txt" || status=$?

passed=0 failed=0
while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  grep -hoE '(Passed|Failed)!.*Failed: +[0-9]+, Passed: +[0-9]+' "$results/log.txt" \
    | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+).*/\2 \1/')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a test host that crashed counts as a failure
echo "$passed passed, $failed failed"
exit "$status"
