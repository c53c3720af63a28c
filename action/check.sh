#!/usr/bin/env bash
# Runs `gate check` once per cluster size (each of GATE_NODES and GATE_PROFILE, or the default) and writes
# <label>.json, <label>.md and <label>.sarif per size into the report folder, plus runs.txt (labels, in order).
# A policy violation (exit 1) is recorded in the reports; bad input (2), environment (3) or inconclusive (4)
# fail the step here.
set -euo pipefail
set -f # inputs are paths and sizes, never globs
. "$(dirname "$0")/lib.sh"

out="$(gate_report_dir)"
mkdir -p "$out"
rm -f "$out"/*.json "$out"/*.md "$out"/*.sarif "$out/runs.txt"

gate_read_paths
[ "${#paths[@]}" -gt 0 ] || gate_fail "input 'paths' is empty: give manifest files or folders, one per line"

case "${GATE_FAIL_ON:-error}" in
  error | warning) fail_on="${GATE_FAIL_ON:-error}" ;;
  never) fail_on=error ;;
  *) gate_fail "input 'fail-on' must be error, warning or never, got '${GATE_FAIL_ON}'" ;;
esac

common=(--fail-on "$fail_on")
if [ -n "${GATE_POLICY:-}" ]; then common+=(--policy "$GATE_POLICY"); fi

labels=()
flags=()
values=()
IFS=$', \t\n' read -r -d '' -a nodes <<<"${GATE_NODES:-}" || true
for n in ${nodes[@]+"${nodes[@]}"}; do
  [[ "$n" =~ ^[1-9][0-9]{0,6}$ ]] || gate_fail "input 'nodes' must be whole numbers separated by spaces or commas, got '$n'"
  labels+=("nodes-$n")
  flags+=(--nodes)
  values+=("$n")
done
IFS=$',\n' read -r -d '' -a profiles <<<"${GATE_PROFILE:-}" || true
for p in ${profiles[@]+"${profiles[@]}"}; do
  p="${p#"${p%%[![:space:]]*}"}"
  p="${p%"${p##*[![:space:]]}"}"
  if [ -z "$p" ]; then continue; fi
  name="${p##*/}"
  name="${name%.*}"
  labels+=("profile-${name//[^A-Za-z0-9._-]/_}")
  flags+=(--profile)
  values+=("$p")
done
if [ "${#labels[@]}" -eq 0 ]; then
  labels=(default)
  flags=("")
  values=("")
fi

status=0
for i in "${!labels[@]}"; do
  label="${labels[$i]}"
  size=()
  if [ -n "${flags[$i]}" ]; then size=("${flags[$i]}" "${values[$i]}"); fi
  for format in json markdown sarif; do
    case "$format" in json) ext=json ;; markdown) ext=md ;; sarif) ext=sarif ;; esac
    code=0
    gate check ${size[@]+"${size[@]}"} "${common[@]}" --format "$format" --output "$out/$label.$ext" -- "${paths[@]}" || code=$?
    case "$code" in
      0) ;;
      1) status=1 ;;
      *) gate_fail "gate check failed for $label (exit $code); see the error above" "$code" ;;
    esac
  done
  echo "$label" >>"$out/runs.txt"
  echo "gate: $label checked ($([ -s "$out/$label.json" ] && echo "report written" || echo "no report"))"
done

gate_output report-dir "$out"
gate_output policy-exit "$status"
