#!/usr/bin/env bash
# Runs the shell job of docs/ci.md (the fenced block after `<!-- tested: shell job -->`) as a
# reader would, against tests/check/: a change that adds before it removes passes (0), one that
# removes first fails (1) naming each user and the mailbox, a broken change does not load (2).
# Its JUnit report validates against Jenkins' schema. Needs the native command built
# (LICENSELAB, default target/debug/licenselab) and xmllint. Called by ./dev test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LICENSELAB="${LICENSELAB:-$ROOT/target/debug/licenselab}"
[[ -x $LICENSELAB ]] || { echo "shell-job: $LICENSELAB is missing: cargo build -p licenselab-cli" >&2; exit 1; }
command -v xmllint >/dev/null || { echo "shell-job: xmllint is missing (Debian: libxml2-utils)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
awk '/<!-- tested: shell job -->/ {found=1; next} found && /^```sh$/ {inside=1; next} inside && /^```$/ {exit} inside {print}' \
  "$ROOT/docs/ci.md" >"$work/job.sh"
[[ -s $work/job.sh ]] || { echo "shell-job: docs/ci.md has no shell job block" >&2; exit 1; }

failures=0
# expect NAME CHANGES CODE TEXT...: runs the job; its exit code must be CODE and its output
# (standard output and error) contain each TEXT.
expect() {
  local name=$1 changes=$2 code=$3 status=0
  shift 3
  (cd "$work" && TENANT="$ROOT/tests/check/tenant.json" CHANGES="$ROOT/tests/check/$changes" \
    LICENSELAB="$LICENSELAB" bash job.sh >out.txt 2>&1) || status=$?
  if [[ $status != "$code" ]]; then
    echo "FAIL $name: exit $status, expected $code"; sed 's/^/    /' "$work/out.txt"; failures=$((failures + 1)); return
  fi
  for text in "$@"; do
    if ! grep -qF -- "$text" "$work/out.txt" "$work/licenselab-check.md"; then
      echo "FAIL $name: no '$text' in the output"; sed 's/^/    /' "$work/out.txt"; failures=$((failures + 1)); return
    fi
  done
  echo "ok   $name (exit $status)"
}

expect "adding before removing passes" changes-a1-to-a3-add-first.json 0 ": passed"
xmllint --noout --schema "$ROOT/tests/check/junit/junit-10.xsd" "$work/licenselab-check.xml" ||
  { echo "FAIL the JUnit report does not validate"; failures=$((failures + 1)); }
expect "removing first fails on the mailbox" changes-a1-to-a3.json 1 \
  "service-gap: alice loses Exchange Online mailbox after step 0 (removeMember)" \
  "service-gap: bob loses Exchange Online mailbox after step 1 (removeMember)" \
  "| service-gap | step 0 (removeMember) | alice |"
xmllint --noout --schema "$ROOT/tests/check/junit/junit-10.xsd" "$work/licenselab-check.xml" ||
  { echo "FAIL the JUnit report does not validate"; failures=$((failures + 1)); }
expect "a broken change does not load" changes-unknown-member.json 2 \
  "changes-unknown-member.json: line 11, column 17: steps[1].member: unknown member 'carol'"

((failures == 0)) || { echo "shell-job: $failures failed"; exit 1; }
