#!/usr/bin/env bash
# shellcheck disable=SC2317  # trap handlers are invoked indirectly
# Tests that need real system services: a throwaway PostgreSQL 15 cluster and system Chromium.
#   1. vitest (vitest.postgres.config.ts) with AIVA_TEST_DATABASE_URL  -> database aiva_test
#   2. playwright (playwright.config.ts) with AIVA_E2E_DATABASE_URL    -> database aiva_e2e
# Extra arguments are passed to `playwright test`. Both suites run; the script exits with
# the first failing suite's exit code. The cluster is stopped and deleted on exit.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

log() { echo "test-e2e: $*" >&2; }

log "ensuring system chromium"
chromium_path=$(bash "$root/scripts/ensure-chromium.sh")
# For playwright.config.ts: launchOptions.executablePath (Playwright's own browsers aren't downloaded).
export AIVA_CHROMIUM_PATH="$chromium_path" CHROMIUM_PATH="$chromium_path"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/aiva-e2e.XXXXXX")
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  bash "$root/scripts/pg-server.sh" stop "$tmpdir" || log "warning: failed to stop postgres in $tmpdir"
  rm -rf -- "$tmpdir"
  exit "$rc"
}
child=""
on_signal() {
  if [[ -n "$child" ]]; then
    # the child leads its own process group (setsid): stop npx and everything it spawned
    kill -TERM -- "-$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# Run a test command in the background (own process group) and wait, so INT/TERM are
# handled promptly and reach the whole tree.
run() {
  if command -v setsid >/dev/null 2>&1; then
    setsid "$@" </dev/null &
  else
    "$@" </dev/null &
  fi
  child=$!
  local rc=0
  wait "$child" || rc=$?
  child=""
  return "$rc"
}

log "starting postgres"
pg_out=$(bash "$root/scripts/pg-server.sh" start "$tmpdir")
AIVA_TEST_DATABASE_URL=$(printf '%s\n' "$pg_out" | sed -n 's/^DATABASE_URL=//p' | tail -n 1)
[[ -n "$AIVA_TEST_DATABASE_URL" ]] || { log "pg-server.sh printed no DATABASE_URL"; exit 1; }
export AIVA_TEST_DATABASE_URL

# Second database in the same cluster for the browser tests.
PGOPTIONS='-c client_min_messages=warning' psql "$AIVA_TEST_DATABASE_URL" -XAtq -v ON_ERROR_STOP=1 -c 'DROP DATABASE IF EXISTS aiva_e2e' -c 'CREATE DATABASE aiva_e2e'
export AIVA_E2E_DATABASE_URL="${AIVA_TEST_DATABASE_URL%/*}/aiva_e2e"
log "AIVA_TEST_DATABASE_URL=$AIVA_TEST_DATABASE_URL"
log "AIVA_E2E_DATABASE_URL=$AIVA_E2E_DATABASE_URL"

# The IMAP/SMTP suites (vitest and Playwright) start real Dovecot + Postfix servers
# through scripts/mail-servers.sh, which installs the Debian packages when missing.
export AIVA_TEST_MAIL_SERVERS=1

status=0
log "running: npx vitest run --config vitest.postgres.config.ts"
run npx --no-install vitest run --config vitest.postgres.config.ts || { rc=$?; log "vitest (postgres) failed with exit code $rc"; [[ $status -ne 0 ]] || status=$rc; }

log "running: npx playwright test $*"
run npx --no-install playwright test "$@" || { rc=$?; log "playwright failed with exit code $rc"; [[ $status -ne 0 ]] || status=$rc; }

if [[ $status -eq 0 ]]; then log "all e2e suites passed"; else log "FAILED (exit $status)"; fi
exit "$status"
