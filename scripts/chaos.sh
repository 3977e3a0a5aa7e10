#!/usr/bin/env bash
# A chaos run (issue 16): a persistent Azurite on loopback, the Function App's dispatch and conversion played by the
# harness in tests/Hydra.Chaos, three `hydra worker` processes, seeded jobs and faults (SIGKILL, SIGTERM, storage
# outages, replayed blob events, malformed messages), then the invariants checked and printed as a table.
# Options go to the harness, e.g. scripts/chaos.sh --seed 7 --jobs 40 --minutes 30 --out runs/chaos-long
# (scripts/chaos.sh --help lists them). Exit code 0: every invariant holds; 1: one does not.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
scripts/setup.sh >/dev/null
# The workers come from the same Release build as the harness.
dotnet build tests/Hydra.Chaos/Hydra.Chaos.csproj -c Release -v quiet -nologo
exec dotnet tests/Hydra.Chaos/bin/Release/net10.0/Hydra.Chaos.dll "$@"
