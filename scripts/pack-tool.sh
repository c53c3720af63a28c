#!/usr/bin/env bash
# Packs Gate.Tool as .NET 10 RID-specific tool packages (docs/startup.md), into OUT (default artifacts/packages):
#   Gate.Tool.<rid>.<version>.nupkg  the native (ahead-of-time compiled) gate for this machine's RID
#   Gate.Tool.any.<version>.nupkg    the framework-dependent gate, for every other platform with a .NET 10 runtime
#   Gate.Tool.<version>.nupkg        the package users install: it names the two above, and `dotnet tool install`
#                                    picks the native one on its RID and the `any` one elsewhere
# Native AOT does not cross-compile between operating systems, so the RID is this machine's (linux-x64 or
# linux-arm64). Install: dotnet tool install Gate.Tool --tool-path DIR --configfile <nuget.config with only OUT>.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mkdir -p "${1:-artifacts/packages}" && cd "${1:-artifacts/packages}" && pwd)"
case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64 | arm64) rid=linux-arm64 ;; *) echo "pack-tool: no native build for $(uname -m)" >&2; exit 2 ;; esac
common=(-c Release -nologo -v quiet -p:GateToolPackage=true -p:GateToolRid="$rid" -o "$out")
echo "== Gate.Tool.$rid (native, a few minutes)"
dotnet pack src/Gate.Cli "${common[@]}" -r "$rid" -p:PublishAot=true
echo "== Gate.Tool.any (framework-dependent)"
dotnet pack src/Gate.Cli "${common[@]}" -r any
echo "== Gate.Tool (the package users install)"
dotnet pack src/Gate.Cli "${common[@]}" -p:PublishAot=true
ls -1 "$out"/Gate.Tool.*.nupkg
