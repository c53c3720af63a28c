#!/usr/bin/env bash
# Installs gate into $RUNNER_TEMP/gate-tool and puts it on the PATH of later steps.
#   GATE_BINARY_URL + GATE_BINARY_SHA256 set: downloads that native gate executable (no .NET needed), checks its
#     SHA-256 before it is ever run, and installs it. https:// (or file:// for a binary already on the runner).
#   GATE_VERSION, GATE_PACKAGE_SOURCE set: `dotnet tool install Gate.Tool` from that feed/folder ONLY (a nuget.config
#     with <clear/>: no other feed can answer for Gate.Tool — no dependency confusion); only GATE_VERSION: the
#     default public feed.
#   neither set: `dotnet pack` the Action's own repository checkout and install that package.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tool_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/gate-tool"
version="${GATE_VERSION:-}"
source="${GATE_PACKAGE_SOURCE:-}"
binary_url="${GATE_BINARY_URL:-}"
binary_sha="${GATE_BINARY_SHA256:-}"

if [ -n "$binary_url" ] || [ -n "$binary_sha" ]; then
  case "$binary_url" in
    https://* | file://*) ;;
    *) gate_fail "input 'binary-url' must be an https:// (or file://) URL of a gate executable, got '$binary_url'" ;;
  esac
  [[ "$binary_sha" =~ ^[0-9a-fA-F]{64}$ ]] || gate_fail "input 'binary-sha256' must be the 64 hex digits of the SHA-256 of the file at binary-url"
fi

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

# Writes a nuget.config at $1 whose only package source is $2 (<clear/> drops every inherited feed).
only_source() {
  local escaped
  escaped="$(printf '%s' "$2" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g')"
  cat >"$1" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="gate-source" value="$escaped" />
  </packageSources>
</configuration>
CONFIG
}

if [ -n "$version" ] && ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
  gate_fail "input 'version' must be a version such as 0.1.0, got '$version'"
fi

if [ -x "$tool_dir/gate" ] || [ -x "$tool_dir/gate.exe" ]; then
  echo "gate: already installed in $tool_dir"
elif [ -n "$binary_url" ]; then
  mkdir -p "$tool_dir"
  download="$tool_dir/gate.download"
  echo "gate: downloading the native gate"
  curl --fail --silent --show-error --location --proto '=https,file' --retry 3 --output "$download" -- "$binary_url" \
    || gate_fail "could not download binary-url $binary_url" 3
  actual="$(sha256_of "$download")"
  if [ "${actual,,}" != "${binary_sha,,}" ]; then
    rm -f "$download"
    gate_fail "the file at binary-url has SHA-256 $actual, not binary-sha256 $binary_sha: not installed" 3
  fi
  chmod 0755 "$download"
  mv "$download" "$tool_dir/gate"
elif [ -n "$version" ] || [ -n "$source" ]; then
  args=(tool install Gate.Tool --tool-path "$tool_dir")
  if [ -n "$version" ]; then args+=(--version "$version"); fi
  if [ -n "$source" ]; then
    config_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/gate-nuget"
    rm -rf "$config_dir" && mkdir -p "$config_dir"
    only_source "$config_dir/nuget.config" "$source"
    args+=(--configfile "$config_dir/nuget.config")
  fi
  echo "gate: installing Gate.Tool ${version:-(latest)} ${source:+from the given package source only}"
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
  only_source "$packages/nuget.config" "$packages"
  dotnet tool install Gate.Tool --tool-path "$tool_dir" --version "$built" --configfile "$packages/nuget.config"
fi

if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$tool_dir" >>"$GITHUB_PATH"
fi
"$tool_dir/gate" --version
