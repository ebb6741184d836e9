#!/usr/bin/env bash
# The proof in one run: message turns of the real host against a bare echo bot on the same adapter
# (throughput, p50/p99 latency, host CPU, idle and peak memory), then delivery fan-out through the real engine
# against the simulated Bot Connector's ceiling of 50 requests/s (N = 1,000). Arguments go to the host benchmark.
# Exits non-zero when a target of either part is not met, after both have printed their tables.
set -uo pipefail
cd "$(dirname "$0")/.."

dotnet build -c Release tests/TeamsKiCoach.HostBench/TeamsKiCoach.HostBench.csproj -v quiet -nologo || exit 2
dotnet build -c Release tests/TeamsKiCoach.Benchmarks/TeamsKiCoach.Benchmarks.csproj -v quiet -nologo || exit 2

echo "== message turns"
dotnet run -c Release --no-build --project tests/TeamsKiCoach.HostBench -- "$@"
turns=$?

echo
echo "== delivery fan-out"
dotnet run -c Release --no-build --project tests/TeamsKiCoach.Benchmarks -- fanout --quick
fanout=$?

echo
echo "message turns: $([ $turns -eq 0 ] && echo 'targets met' || echo 'targets NOT met'); fan-out: $([ $fanout -eq 0 ] && echo 'targets met' || echo 'targets NOT met')"
[ $turns -eq 0 ] && [ $fanout -eq 0 ]
