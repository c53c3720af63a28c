#!/usr/bin/env bash
# gate profile throughput and memory (issue 23: >= 100 MB/s, < 300 MB peak whatever the log's size).
# Writes an audit log of SIZE_MB (default 1024) in the log backend's format — audit.k8s.io/v1 events at Metadata
# level, one per line, stages RequestReceived/ResponseComplete (and ResponseStarted for watches), bound-token
# user.extra, Go's \u0026 escapes in requestURI — where SHARE of the requests are the profiled agent's (a node-scoped
# informer and a 30 s poller on 200 nodes) and the rest kubelets, controllers and other agents. Then runs
# `gate profile` on the plain file and on a gzip copy, RUNS times each, and prints the rate (MB of log per second)
# and the peak resident memory of each run (the child's own ru_maxrss).
# Uses the framework-dependent build unless GATE names a `gate` executable (e.g. the native one of scripts/test.sh).
# SHARE (default 0.02) is the agent's share of the requests: 0.5 measures the slow path (every second line read in full).
# Usage: bash bench/profile.sh [SIZE_MB=1024] [RUNS=3]        GATE=/path/to/gate SHARE=0.5 bash bench/profile.sh 2048
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${1:-1024}"
runs="${2:-3}"
if [[ -z "${GATE:-}" ]]; then
  dotnet build src/Gate.Cli -c Release -nologo -v quiet >/dev/null
  gate=(dotnet "$PWD/src/Gate.Cli/bin/Release/net10.0/gate.dll")
else
  gate=("$GATE")
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work/audit.log" "$size_mb" "${SHARE:-0.02}" <<'PY'
import random, sys, uuid
path, size, share = sys.argv[1], int(sys.argv[2]) * 2**20, float(sys.argv[3])
rnd = random.Random(23)
agent = "system:serviceaccount:telemetry:node-agent"
head = '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"%s","stage":"%s","requestURI":"%s","verb":"%s","user":'
user = ('{"username":"%s","uid":"6f1c7a52-3c1e-4f0e-9f5a-2b8e0c1d9a77","groups":["system:serviceaccounts","system:serviceaccounts:telemetry","system:authenticated"],'
        '"extra":{"authentication.kubernetes.io/credential-id":["JTI=%s"],"authentication.kubernetes.io/node-name":["%s"],'
        '"authentication.kubernetes.io/node-uid":["a1d3c9e0-0000-4000-8000-00000000%04d"],"authentication.kubernetes.io/pod-name":["%s"],'
        '"authentication.kubernetes.io/pod-uid":["c7d2a1b3-55e6-4f77-9a01-00000000%04d"]}}')
plain = '{"username":"%s","groups":["system:nodes","system:authenticated"]}'
tail = (',"sourceIPs":["%s"],"userAgent":"%s","objectRef":%s,'
        '"responseStatus":{"metadata":{},"code":200},"requestReceivedTimestamp":"%s","stageTimestamp":"%s",'
        '"annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"RBAC: allowed by ClusterRoleBinding \\"system:node\\" of ClusterRole \\"system:node\\" to Group \\"system:nodes\\""}}\n')
def obj(resource, name):
    return ('{"resource":"%s","namespace":"kube-system","name":"%s","apiVersion":"v1"}' % (resource, name) if name
            else '{"resource":"%s","apiVersion":"v1"}' % resource)
def ts(t):
    s = int(t); return "2026-11-30T%02d:%02d:%02d.%06dZ" % (10 + s // 3600 % 14, s // 60 % 60, s % 60, int((t - s) * 1e6))
written, t = 0, 0.0
suffix = "bcdfghjklmnpqrstvwxz2456789"
with open(path, "w") as out:
    while written < size:
        lines = []
        for _ in range(2000):
            t += 0.0004
            n = rnd.randrange(200)
            node = "node-%03d" % n
            if rnd.random() < share:
                pod = "node-agent-" + "".join(suffix[n // 27 ** i % 27] for i in range(5))
                kind = rnd.random()
                if kind < 0.5:
                    uri, verb, res, name = "/api/v1/pods?fieldSelector=spec.nodeName%%3D%s\\u0026limit=500\\u0026resourceVersion=0" % node, "list", "pods", ""
                elif kind < 0.8:
                    uri, verb, res, name = "/api/v1/pods?limit=500", "list", "pods", ""
                else:
                    uri, verb, res, name = "/api/v1/pods?allowWatchBookmarks=true\\u0026fieldSelector=spec.nodeName%%3D%s\\u0026resourceVersion=48213\\u0026watch=true" % node, "watch", "pods", ""
                who = user % (agent, uuid.UUID(int=rnd.getrandbits(128)), node, n, pod, n)
                stages = ["RequestReceived", "ResponseStarted", "ResponseComplete"] if verb == "watch" else ["RequestReceived", "ResponseComplete"]
                agentname = "node-agent/0.9.1"
            else:
                uri, verb, res, name = "/api/v1/namespaces/kube-system/pods/kube-proxy-%s/status?timeout=10s" % node, "patch", "pods", "kube-proxy-" + node
                who = plain % ("system:node:" + node)
                stages = ["RequestReceived", "ResponseComplete"]
                agentname = "kubelet/v1.33.1 (linux/amd64) kubernetes/8adc0f0"
            audit = str(uuid.UUID(int=rnd.getrandbits(128)))
            for stage in stages:
                lines.append(head % (audit, stage, uri, verb) + who + tail % ("10.244.%d.%d" % (n // 250, n % 250), agentname, obj(res, name), ts(t), ts(t + 0.01)))
        chunk = "".join(lines)
        out.write(chunk)
        written += len(chunk)
PY
gzip -1 -k "$work/audit.log"
python3 - "$work" "$runs" "${gate[@]}" <<'PY'
import os, statistics, subprocess, sys, time
work, runs, gate = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
TARGET_RATE, TARGET_MB = 100.0, 300.0
plain = os.path.join(work, "audit.log")
mb = os.path.getsize(plain) / 2**20
print(f"audit log {mb:.0f} MB ({os.path.getsize(plain + '.gz') / 2**20:.0f} MB gzip); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at start")
worst_rate, worst_mb = float("inf"), 0.0
for name in ("audit.log", "audit.log.gz"):
    rates, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen([*gate, "profile", "--audit-log", os.path.join(work, name), "--user",
                                  "system:serviceaccount:telemetry:node-agent", "-o", os.path.join(work, "out.yaml")],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"gate profile failed: {child.stderr.read().decode()[:500]}")
        rates.append(mb / wall)
        peaks.append(usage.ru_maxrss / 1024)
    rate, peak = statistics.median(rates), max(peaks)
    worst_rate, worst_mb = min(worst_rate, rate), max(worst_mb, peak)
    print(f"{name:<14} median {rate:6.0f} MB/s of log (runs: {', '.join(f'{r:.0f}' for r in rates)}), peak resident memory {peak:.0f} MB")
print(open(os.path.join(work, "out.yaml")).read().split("accessPatterns:")[1][:600])
print(f"slowest {worst_rate:.0f} MB/s (target {TARGET_RATE:.0f}), largest peak {worst_mb:.0f} MB (target < {TARGET_MB:.0f})")
sys.exit(0 if worst_rate >= TARGET_RATE and worst_mb < TARGET_MB else 1)
PY
