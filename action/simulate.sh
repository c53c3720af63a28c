#!/usr/bin/env bash
# Unless GATE_HTML_REPORT is false, simulates the DaemonSets in GATE_PATHS on a cluster of GATE_HTML_NODES nodes
# (gate simulate --format html) and writes the page into the report folder for the upload step (output html-report).
# The page is an extra: inputs
# without a DaemonSet, or a simulation that cannot run, leave a notice and no page; they never fail the step (the
# check step judges the pull request). A harmful agent (exit 1) or an inconclusive rollout (4) still has its page.
set -euo pipefail
set -f
. "$(dirname "$0")/lib.sh"

html="${GATE_HTML_REPORT:-true}"
gate_require_bool html-report "$html"
if [ "$html" = false ]; then
  gate_output html-report ""
  exit 0
fi

out="$(gate_report_dir)"
mkdir -p "$out"
page="$out/gate-report.html"
rm -f "$page"

gate_read_paths
[ "${#paths[@]}" -gt 0 ] || gate_fail "input 'paths' is empty: give manifest files or folders, one per line"
nodes="${GATE_HTML_NODES:-1000}"
[[ "$nodes" =~ ^[1-9][0-9]{0,6}$ ]] || gate_fail "input 'html-report-nodes' must be a whole number of nodes, got '$nodes'"

code=0
gate simulate --nodes "$nodes" --format html --output "$page" -- "${paths[@]}" || code=$?
case "$code" in
  0 | 1 | 4)
    echo "gate: HTML report written ($nodes simulated nodes)"
    gate_output html-report "$page"
    ;;
  *)
    rm -f "$page"
    echo "::notice title=Gate::No HTML report: gate simulate exited $code (see above); the check is not affected."
    gate_output html-report ""
    ;;
esac
