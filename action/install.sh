#!/usr/bin/env bash
# Installs the gate dotnet tool into $RUNNER_TEMP/gate-tool and puts it on the PATH of later steps.
#   GATE_VERSION, GATE_PACKAGE_SOURCE set: `dotnet tool install Gate.Tool` from that feed/folder (or nuget.org).
#   neither set: `dotnet pack` the Action's own repository checkout and install that package.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tool_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/gate-tool"
version="${GATE_VERSION:-}"
source="${GATE_PACKAGE_SOURCE:-}"

if [ -n "$version" ] && ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
  gate_fail "input 'version' must be a version such as 0.1.0, got '$version'"
fi

if [ -x "$tool_dir/gate" ] || [ -x "$tool_dir/gate.exe" ]; then
  echo "gate: already installed in $tool_dir"
elif [ -n "$version" ] || [ -n "$source" ]; then
  args=(tool install Gate.Tool --tool-path "$tool_dir")
  if [ -n "$version" ]; then args+=(--version "$version"); fi
  if [ -n "$source" ]; then args+=(--add-source "$source"); fi
  echo "gate: installing Gate.Tool ${version:-(latest)} ${source:+from the given package source}"
  dotnet "${args[@]}"
else
  repo="$(cd "$(dirname "$0")/.." && pwd)"
  project="$repo/src/Gate.Cli/Gate.Cli.csproj"
  [ -f "$project" ] || gate_fail "no version or package-source given, and the Action's checkout has no $project to build" 3
  packages="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/gate-packages"
  rm -rf "$packages" && mkdir -p "$packages"
  echo "gate: building the tool from the Action's repository"
  dotnet pack "$project" -c Release -o "$packages" -nologo -v quiet
  nupkg="$(find "$packages" -maxdepth 1 -name 'Gate.Tool.*.nupkg' ! -name '*.symbols.nupkg' | head -n 1)"
  [ -n "$nupkg" ] || gate_fail "dotnet pack produced no Gate.Tool package" 3
  built="${nupkg##*/Gate.Tool.}"
  built="${built%.nupkg}"
  # Only the freshly built package: another feed's Gate.Tool of the same version must not be picked.
  cat >"$packages/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="gate-local" value="$packages" />
  </packageSources>
</configuration>
CONFIG
  dotnet tool install Gate.Tool --tool-path "$tool_dir" --version "$built" --configfile "$packages/nuget.config"
fi

if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$tool_dir" >>"$GITHUB_PATH"
fi
"$tool_dir/gate" --version
