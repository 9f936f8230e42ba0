#!/usr/bin/env bash
# Runs every check and test suite, keeps going past failures, and ends with the one line CI reads:
# `N passed, N failed` (printed by scripts/summarize-results.mjs). Exit code 1 if anything failed.
#
#   bash scripts/test-all.sh                     # everything (npm test)
#   bash scripts/test-all.sh --only unit,sqlite  # some of: typecheck lint format unit sqlite postgres build e2e e2e-pg
#   bash scripts/test-all.sh --no-e2e-pg         # skip the second e2e run, on PostgreSQL (or TUOKE_E2E_PG=0)
#
# Suites: unit     vitest projects "unit:shared", "unit:web" (shared/src, web/src *.test.ts[x])
#         sqlite   vitest project "server" (server/src, server/test *.test.ts), TEST_ENGINE=sqlite
#         postgres vitest project "server", TEST_ENGINE=postgres TEST_DATABASE_URL=<admin url>
#         e2e      e2e/vitest.config.ts (e2e/**/*.e2e.ts): the app on SQLite, Debian's Chromium
#         e2e-pg   the same journeys with the app on a fresh PostgreSQL database
# Checks (one test each): typecheck, lint, format (prettier --check), build (web/dist, before e2e).
# Reports: .test-results/<suite>.json (vitest JSON), .test-results/manifest.tsv, logs.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
ROOT=$PWD
export NO_COLOR=1
# Tests choose their own databases; never the developer's.
unset DATABASE_URL

ALL=(typecheck lint format unit sqlite postgres build e2e e2e-pg)
SELECTED=" ${ALL[*]} "
E2E_PG=${TUOKE_E2E_PG:-1}
# Past this many seconds the e2e-pg run is skipped, to stay inside CI's 90-minute cap.
E2E_PG_DEADLINE=${TUOKE_E2E_PG_DEADLINE:-3600}

while (($#)); do
  case $1 in
    --only)
      SELECTED=" ${2//,/ } "
      shift 2
      ;;
    --only=*)
      SELECTED=" ${1#--only=} "
      SELECTED=${SELECTED//,/ }
      shift
      ;;
    --no-e2e-pg)
      E2E_PG=0
      shift
      ;;
    -h | --help)
      sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "test-all.sh: unknown argument $1 (see --help)" >&2
      exit 2
      ;;
  esac
done
[[ $E2E_PG == 1 ]] || SELECTED=${SELECTED/ e2e-pg / }
want() { [[ $SELECTED == *" $1 "* ]]; }

RESULTS=$ROOT/.test-results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
MANIFEST=$RESULTS/manifest.tsv
: >"$MANIFEST"
VITEST=(node "$ROOT/node_modules/vitest/vitest.mjs")
[[ -f $ROOT/node_modules/vitest/vitest.mjs ]] || VITEST=(npx --no-install vitest)

banner() { printf '\n==== %s ====\n' "$*"; }
note() { echo "[test-all] $*" >&2; }
# record KIND NAME EXIT SECONDS [NOTE]
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "${5:-}" >>"$MANIFEST"; }

# ---------------------------------------------------------------- system packages
ensure_system_packages() {
  local missing=()
  if want e2e || want e2e-pg; then
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  fi
  # The CJK font: screenshots in the browser, and server-rendered PDFs (quotes) in the server suites.
  if want e2e || want e2e-pg || want sqlite || want postgres; then
    [[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || missing+=(fonts-wqy-microhei)
  fi
  if want postgres || want e2e-pg; then
    compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
  fi
  ((${#missing[@]})) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    note "MISSING system packages: ${missing[*]} (not root, so not installing them)."
    [[ " ${missing[*]} " == *" chromium "* ]] && note "  without chromium the e2e suites fail."
    [[ " ${missing[*]} " == *" fonts-wqy-microhei "* ]] && note "  without the font, Chinese text in screenshots is boxes."
    [[ " ${missing[*]} " == *" postgresql "* ]] &&
      note "  without postgresql the postgres and e2e-pg suites fail, unless TEST_DATABASE_URL or port 5432 gives a server."
    note "  install with: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    return 0
  fi
  banner "installing ${missing[*]} (apt-get)"
  local start=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq >"$RESULTS/apt.log" 2>&1 &&
    apt-get install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}" >>"$RESULTS/apt.log" 2>&1; then
    note "installed ${missing[*]} in $((SECONDS - start)) s"
  else
    note "apt-get failed (log: $RESULTS/apt.log):"
    tail -n 20 "$RESULTS/apt.log" >&2
  fi
}

# ---------------------------------------------------------------- runners
# run_check NAME COMMAND...
run_check() {
  local name=$1 start=$SECONDS rc
  shift
  banner "check: $name ($*)"
  timeout -k 30 "${CHECK_TIMEOUT:-900}" "$@"
  rc=$?
  ((rc == 124)) && note "$name timed out"
  record check "$name" "$rc" $((SECONDS - start))
  return "$rc"
}

# run_vitest NAME TIMEOUT_S [env(1) args: -u VAR first, then VAR=value ...] -- VITEST ARGS...
run_vitest() {
  local name=$1 limit=$2 start=$SECONDS rc envs=()
  shift 2
  while (($#)) && [[ $1 != -- ]]; do
    envs+=("$1")
    shift
  done
  shift
  banner "suite: $name"
  env "${envs[@]}" timeout -k 30 "$limit" "${VITEST[@]}" run "$@" --passWithNoTests \
    --reporter=default --reporter=json --outputFile="$RESULTS/$name.json"
  rc=$?
  local msg=""
  ((rc == 124 || rc == 137)) && msg="timed out after ${limit} s"
  record suite "$name" "$rc" $((SECONDS - start)) "$msg"
}

PG_READY=0
PG_TRIED=0
E2E_PG_DB=""
# shellcheck source=scripts/ensure-postgres.sh
source "$ROOT/scripts/ensure-postgres.sh"

need_postgres() {
  if ((!PG_TRIED)); then
    PG_TRIED=1
    banner "PostgreSQL for tests"
    if ensure_postgres; then PG_READY=1; else note "no PostgreSQL could be had: the PostgreSQL suites count as failed"; fi
  fi
  ((PG_READY))
}

CLEANED=0
cleanup() {
  ((CLEANED)) && return
  CLEANED=1
  if [[ -n $E2E_PG_DB ]]; then
    node "$ROOT/scripts/pg-db.mjs" drop "$TEST_DATABASE_URL" "$E2E_PG_DB" || true
  fi
  stop_test_postgres
}
trap cleanup EXIT
trap 'note "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- the run
ensure_system_packages

want typecheck && run_check typecheck npm run --silent typecheck
want lint && run_check lint npm run --silent lint
want format && run_check format npm run --silent format:check

want unit && run_vitest unit 900 -- --project 'unit:*'

want sqlite && run_vitest sqlite 1200 -u TEST_DATABASE_URL TEST_ENGINE=sqlite -- --project server

if want postgres; then
  if need_postgres; then
    run_vitest postgres 1500 TEST_ENGINE=postgres "TEST_DATABASE_URL=$TEST_DATABASE_URL" -- --project server
  else
    record suite postgres 1 0 "no PostgreSQL server"
  fi
fi

BUILD_OK=1
if want build || want e2e || want e2e-pg; then
  run_check build npm run --silent build || BUILD_OK=0
fi

E2E_ARGS=(--config e2e/vitest.config.ts)
if want e2e; then
  if ((BUILD_OK)); then
    run_vitest e2e 1500 -u E2E_DATABASE_URL -- "${E2E_ARGS[@]}"
  else
    record suite e2e 1 0 "not run: build failed"
  fi
fi

if want e2e-pg; then
  if ((SECONDS > E2E_PG_DEADLINE)); then
    note "e2e-pg skipped: ${SECONDS} s already spent (limit TUOKE_E2E_PG_DEADLINE=$E2E_PG_DEADLINE)"
    record skipped e2e-pg 0 0 "skipped: over the time budget"
  elif ((!BUILD_OK)); then
    record suite e2e-pg 1 0 "not run: build failed"
  elif ! need_postgres; then
    record suite e2e-pg 1 0 "no PostgreSQL server"
  else
    E2E_PG_DB=tuoke_e2e_$$
    if url=$(node "$ROOT/scripts/pg-db.mjs" create "$TEST_DATABASE_URL" "$E2E_PG_DB"); then
      run_vitest e2e-pg 1500 "E2E_DATABASE_URL=$url" -- "${E2E_ARGS[@]}"
    else
      record suite e2e-pg 1 0 "could not create database $E2E_PG_DB"
    fi
  fi
fi

cleanup
node "$ROOT/scripts/summarize-results.mjs" "$RESULTS"
