#!/usr/bin/env bash
# The proof of the turn targets (issue 20) in one run: a seeded team (2,000 backlog entries in about 600 patterns,
# a year of weekly pulses, pilots, open prompts) on SQLite and on PostgreSQL; every typed command and the card
# actions that read, open loop at 500 turns/s (p50/p99) and closed loop with 50 concurrent (turns/s); the card
# actions that write at 100/s; each storage optimisation off next to the default; the reads during a
# 10,000-prompt fan-out; the idle working set beside the echo bots. Exits non-zero when a target is not met.
#   tests/bench.sh            the full run
#   tests/bench.sh --quick    SQLite only, default configuration, shorter rows, no fan-out (about 3 minutes)
# Other arguments go to the benchmark (tests/TeamsKiCoach.HostBench/Program.cs lists them). PostgreSQL is taken from
# COACH_BENCH_POSTGRES or Host=127.0.0.1;Port=5432;Username=coach;Password=coach (a database of its own, dropped after).
set -uo pipefail
cd "$(dirname "$0")/.."

dotnet build -c Release tests/TeamsKiCoach.HostBench/TeamsKiCoach.HostBench.csproj -v quiet -nologo || exit 2
dotnet run -c Release --no-build --project tests/TeamsKiCoach.HostBench -- "$@"
