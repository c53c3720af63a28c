#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK: a real Prometheus server (tests start it on a loopback port).
set -euo pipefail
if command -v prometheus >/dev/null 2>&1 || [ -x "${GATE_PROMETHEUS:-/nonexistent}" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "error: prometheus is not installed and this is not root (install it: apt-get install -y prometheus, or set GATE_PROMETHEUS=/path/to/prometheus)" >&2
  exit 3
fi
echo "== installing prometheus (apt)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
# The package starts a system service on :9090 where an init system exists; tests use their own loopback port.
if command -v systemctl >/dev/null 2>&1; then systemctl stop prometheus >/dev/null 2>&1 || true; fi
command -v prometheus >/dev/null
