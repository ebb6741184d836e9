#!/usr/bin/env bash
# Runs every test of TeamsKiCoach on a fresh Debian machine. It expects the .NET SDK named in global.json to be
# installed (and on PATH); everything else it installs first:
#   - Debian packages: chromium (the browser for the Agents Playground scenarios), postgresql (the storage tests),
#     fonts-dejavu-core (the pulse chart's labels), nodejs and npm when node is missing (the Agents Playground, the
#     card validator)
#   - npm packages in tests/e2e (Agents Playground, adaptivecards, playwright-core)
#   - NuGet packages (dotnet restore)
# then the three xunit rings (rules; bot turns and services on SQLite; the host over HTTP, PostgreSQL, card and
# package checks, Bicep, the delivery engine) and the end-to-end scenarios in the Agents Playground. Ends with
# one line "tests: N passed, M failed".
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

step() { printf '\n== %s\n' "$*"; }

step "Debian packages"
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
# The pulse chart (ScottPlot on SkiaSharp) draws its labels with a system font.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "chromium: $(chromium --version 2>/dev/null || echo missing)"
echo "node: $(node --version 2>/dev/null || echo missing)"

step "npm packages (tests/e2e)"
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)

step "PostgreSQL on 127.0.0.1:5432"
pg_version="$(ls /etc/postgresql | sort -V | tail -n 1)"
started_postgres=0
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  $sudo_cmd pg_ctlcluster "$pg_version" main start
  started_postgres=1
fi
stop_postgres() { if [ "$started_postgres" = 1 ]; then $sudo_cmd pg_ctlcluster "$pg_version" main stop || true; fi; }
trap stop_postgres EXIT
run_psql() { if [ -n "$sudo_cmd" ]; then sudo -u postgres psql -qtAc "$1"; else su postgres -c "psql -qtAc \"$1\""; fi; }
for _ in $(seq 1 30); do
  if run_psql "SELECT 1" >/dev/null 2>&1; then break; fi
  sleep 1
done
if [ "$(run_psql "SELECT 1 FROM pg_roles WHERE rolname='coach'")" != "1" ]; then
  run_psql "CREATE USER coach WITH PASSWORD 'coach' CREATEDB;"
fi
export COACH_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=coach;Password=coach;Database=postgres"

step "Build"
dotnet build TeamsKiCoach.sln -c Release -nologo -v q

# The three rings one after another, so that the timing-sensitive engine tests of the last one do not share the
# two cores with another test run.
results="$(mktemp -d)"
xunit_status=0
: > "$results/xunit.log"
for ring in Rules Bot Integration; do
  case "$ring" in
    Rules) step "xunit, rules ring: the coaching rules as plain facts, no I/O" ;;
    Bot) step "xunit, bot ring: turns through the TestAdapter and the coaching services on SQLite" ;;
    Integration) step "xunit, integration ring: the host over HTTP, PostgreSQL, the card and package checks, Bicep, the delivery engine" ;;
  esac
  set +e
  dotnet test "tests/TeamsKiCoach.$ring.Tests" -c Release --no-build -nologo --logger "console;verbosity=minimal" 2>&1 | tee -a "$results/xunit.log"
  ring_status=${PIPESTATUS[0]}
  set -e
  if [ "$ring_status" -ne 0 ]; then xunit_status=$ring_status; fi
done

step "xunit: three hosts on one PostgreSQL over a simulated month (alone on the machine)"
set +e
COACH_TEST_SCALE_OUT=1 dotnet test tests/TeamsKiCoach.Integration.Tests -c Release --no-build -nologo --filter "FullyQualifiedName~ScaleOutTests" \
  --logger "console;verbosity=normal" 2>&1 | tee "$results/scale-out.log"
scale_status=${PIPESTATUS[0]}
set -e
# Its counts ("Passed: 1", "Failed: 0") join the suite's for the summary line.
grep -E "^\s+(Passed|Failed): +[0-9]+\s*$" "$results/scale-out.log" >> "$results/xunit.log" || true
if [ "$scale_status" -ne 0 ]; then xunit_status=$scale_status; fi

step "End-to-end: Agents Playground in headless Chromium"
set +e
node tests/e2e/run-scenarios.mjs 2>&1 | tee "$results/e2e.log"
e2e_status=${PIPESTATUS[0]}
set -e

sum_of() { grep -oE "$1: +[0-9]+" "$2" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s + 0 }'; }
xunit_passed=$(sum_of Passed "$results/xunit.log")
xunit_failed=$(sum_of Failed "$results/xunit.log")
e2e_passed=$(sed -nE 's/^e2e: ([0-9]+) passed, ([0-9]+) failed$/\1/p' "$results/e2e.log" | tail -n 1)
e2e_failed=$(sed -nE 's/^e2e: ([0-9]+) passed, ([0-9]+) failed$/\2/p' "$results/e2e.log" | tail -n 1)
passed=$(( ${xunit_passed:-0} + ${e2e_passed:-0} ))
failed=$(( ${xunit_failed:-0} + ${e2e_failed:-0} ))
if [ "$xunit_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$e2e_status" -ne 0 ] && [ "${e2e_failed:-0}" -eq 0 ]; then failed=$((failed + 1)); fi

# The names of the failed tests once more, beside the summary, so that a log read from its end names them.
failed_names="$( { grep -hE '^\s+Failed [A-Za-z_][A-Za-z0-9_.]*' "$results/xunit.log" "$results/scale-out.log" | sed -E 's/^\s+Failed /xunit: /; s/ \[[^]]*\]$//'; \
  grep -hE '^FAIL ' "$results/e2e.log" | sed -E 's/^FAIL ([^ ]+).*/e2e: \1/'; } | sort -u || true)"
echo
if [ -n "$failed_names" ]; then
  echo "failed:"
  echo "$failed_names" | sed 's/^/  /'
fi
echo "tests: $passed passed, $failed failed"
if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
