#!/usr/bin/env bash
# Publishes the reports check.sh wrote: `gate github report` (sticky comment, check run, job summary, workflow
# annotations, SARIF, outputs verdict and max-safe-nodes), then fails the step on a policy violation unless
# fail-on is 'never'. A refused comment or check run (fork PRs) only degrades; it never fails the step.
set -euo pipefail
set -f
. "$(dirname "$0")/lib.sh"

dir="$(gate_report_dir)"
[ -s "$dir/runs.txt" ] || gate_fail "no reports in $dir: the check step did not run" 3

args=(github report)
while IFS= read -r label; do
  if [ -n "$label" ]; then args+=(--report "$dir/$label.json"); fi
done <"$dir/runs.txt"

comment="${GATE_COMMENT:-true}"
check_run="${GATE_CHECK_RUN:-true}"
annotations="${GATE_ANNOTATIONS:-true}"
gate_require_bool comment "$comment"
gate_require_bool check-run "$check_run"
gate_require_bool annotations "$annotations"

sarif="${GATE_SARIF:-}"
if [ -z "$sarif" ]; then sarif="$dir/gate.sarif"; fi
args+=(
  --comment "$comment"
  --check-run "$check_run"
  --annotations "$annotations"
  --check-name "${GATE_CHECK_NAME:-Gate}"
  --sarif-output "$sarif"
  --markdown-output "$dir/report.md"
)
if [ -n "${GATE_COMMENT_KEY:-}" ]; then args+=(--comment-key "$GATE_COMMENT_KEY"); fi

code=0
gate "${args[@]}" || code=$?

if [ -n "${GATE_HTML_REPORT_URL:-}" ]; then
  link="Charts of the DaemonSets without and with Gate (gate simulate): [gate-report.html]($GATE_HTML_REPORT_URL), a workflow artifact."
  printf '\n%s\n' "$link" >>"$dir/report.md"
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then printf '\n%s\n' "$link" >>"$GITHUB_STEP_SUMMARY"; fi
fi

gate_output report "$dir/report.md"
gate_output report-dir "$dir"

case "$code" in
  0) echo "gate: passed" ;;
  1)
    if [ "${GATE_FAIL_ON:-error}" = never ]; then
      echo "::notice title=Gate::The policy check failed; fail-on is 'never', so the step passes."
    else
      echo "::error title=Gate::The DaemonSet cost policy check failed: see the job summary."
      exit 1
    fi
    ;;
  *) exit "$code" ;;
esac
