#!/usr/bin/env bash
# Helpers shared by the Action's scripts. Inputs arrive only as environment variables (never interpolated into
# shell by the workflow); anything echoed into a workflow command is escaped first.

# Escapes text for the message part of a workflow command (GitHub rules: % CR LF).
gate_escape() {
  local s=$1
  s=${s//'%'/%25}
  s=${s//$'\r'/%0D}
  s=${s//$'\n'/%0A}
  printf '%s' "$s"
}

# Prints an ::error:: annotation titled Gate and exits with the given code (default 2: bad input).
gate_fail() {
  printf '::error title=Gate::%s\n' "$(gate_escape "$1")"
  exit "${2:-2}"
}

# Appends one step output in the delimiter form, so a value can never inject another output.
gate_output() {
  local name=$1 value=$2 delimiter
  delimiter="gate_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  if [ -z "${GITHUB_OUTPUT:-}" ]; then
    return 0
  fi
  printf '%s<<%s\n%s\n%s\n' "$name" "$delimiter" "$value" "$delimiter" >>"$GITHUB_OUTPUT"
}

# Fails unless input $1 (value $2) is true or false. Call it as a statement, not in $(...): it must exit the script.
gate_require_bool() {
  case "$2" in
    true | false) ;;
    *) gate_fail "input '$1' must be true or false, got '$2'" ;;
  esac
}

# The folder the reports of this step are written to.
gate_report_dir() {
  printf '%s' "${GATE_REPORT_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/gate/reports}"
}

# Reads GATE_PATHS (one path per line, blank lines ignored, surrounding blanks trimmed) into the array `paths`.
gate_read_paths() {
  local line
  paths=()
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    if [ -n "$line" ]; then paths+=("$line"); fi
  done <<<"${GATE_PATHS:-}"
}
