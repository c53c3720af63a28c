#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK: a real Prometheus server (tests start it on a loopback port) and
# a C compiler/linker for the native (ahead-of-time) build of the gate (clang, or gcc which the SDK also accepts), and
# kubectl (its built-in `kubectl kustomize` renders deploy/hook in the tests; Debian's package is kubernetes-client), and
# headless Chromium (renders the HTML report in tests/Gate.Cli.Tests/Html; Debian's package is chromium).
set -euo pipefail
packages=()
if ! command -v prometheus >/dev/null 2>&1 && [ ! -x "${GATE_PROMETHEUS:-/nonexistent}" ]; then packages+=(prometheus); fi
if ! command -v kubectl >/dev/null 2>&1; then packages+=(kubernetes-client); fi
if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then packages+=(clang); fi
if ! command -v chromium >/dev/null 2>&1 && [ ! -x "${GATE_CHROMIUM:-/nonexistent}" ]; then packages+=(chromium); fi
if [ "${#packages[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "error: ${packages[*]} not installed and this is not root (apt-get install -y ${packages[*]}; or set GATE_PROMETHEUS=/path/to/prometheus)" >&2
  exit 3
fi
echo "== installing ${packages[*]} (apt)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
# The package starts a system service on :9090 where an init system exists; tests use their own loopback port.
if command -v systemctl >/dev/null 2>&1; then systemctl stop prometheus >/dev/null 2>&1 || true; fi
if [[ " ${packages[*]} " == *" prometheus "* ]]; then command -v prometheus >/dev/null; fi
