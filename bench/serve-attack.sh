#!/usr/bin/env bash
# Peak memory of `gate serve` under two attacks (issue #21), each against a fresh server:
#  1. oversized answer: a Prometheus stand-in answers every query with a 200 MiB body; one authenticated analysis.
#  2. unauthenticated body: 20 POSTs of a 28 MiB JSON object each, without a token (expected: 401, or 413 past the cap).
# Prints the server's peak RSS (VmHWM) after each. Usage: bash bench/serve-attack.sh [path/to/gate.dll]
set -euo pipefail
cd "$(dirname "$0")/.."
gate="${1:-src/Gate.Cli/bin/Release/net10.0/gate.dll}"
[ -f "$gate" ] || dotnet build src/Gate.Cli -c Release -nologo -v quiet >/dev/null
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
prom_port="$(free_port)"
cat > "$work/prom.py" <<'PY'
import http.server, sys
SIZE = 200 * 1024 * 1024
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        body = b"Prometheus Server is Ready.\n"
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        head = b'{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":['
        chunk = b'[1767225600,"1"],' * 4096
        self.send_response(200); self.send_header("Content-Type", "application/json"); self.send_header("Connection", "close"); self.end_headers()
        try:
            self.wfile.write(head); sent = len(head)
            while sent < SIZE:
                self.wfile.write(chunk); sent += len(chunk)
            self.wfile.write(b'[1767225600,"1"]]}]}}')
        except (BrokenPipeError, ConnectionResetError):
            pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$work/prom.py" "$prom_port" & pids+=($!)
head -c 32 /dev/urandom | base64 | tr -d '\n' > "$work/token"; chmod 600 "$work/token"
token="$(cat "$work/token")"
# A JSON object whose one string is 28 MiB: a parser run before the token check has to hold all of it.
{ printf '{"namespace":"'; head -c $((28 * 1024 * 1024)) /dev/zero | tr '\0' 'a'; printf '","workload":"b"}'; } > "$work/body"
start_serve() {
  serve_port="$(free_port)"
  dotnet "$gate" serve --listen "127.0.0.1:$serve_port" --prometheus "http://127.0.0.1:$prom_port" --token-file "$work/token" 2>"$work/serve.log" &
  serve_pid=$!; pids+=($serve_pid)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$serve_port/healthz" >/dev/null && return; sleep 0.5; done
  echo "gate serve did not start:"; cat "$work/serve.log"; exit 1
}
peak() { awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' "/proc/$serve_pid/status"; }
start_serve
echo "idle: $(peak)"
curl -s -m 60 -H "Authorization: Bearer $token" "http://127.0.0.1:$serve_port/api/v1/analysis?namespace=a&workload=b" | head -c 300 || true; echo
sleep 20
echo "oversized answer (200 MiB), 20 s later: peak $(peak)"
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
start_serve
for _ in $(seq 1 20); do curl -s -m 60 -o /dev/null -w '%{http_code} ' -X POST -H 'Content-Type: application/json' --data-binary @"$work/body" "http://127.0.0.1:$serve_port/api/v1/analysis" || true; done; echo
echo "unauthenticated 28 MiB bodies x20: peak $(peak)"
