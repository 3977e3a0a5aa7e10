#!/usr/bin/env bash
# The whole test suite, as CI runs it: set-up (idempotent), a warning-free Release build, the formatting check, every
# test project.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"
scripts/setup.sh
# The tests that read the real scikit-learn files find them here (setup.sh unpacked them).
export HYDRA_SKLEARN_DATA="${HYDRA_SKLEARN_DATA:-$root/data/sklearn}"
# Warnings are errors through Directory.Build.props (TreatWarningsAsErrors). Not `-warnaserror` on the command line: that
# would also reach the WorkerExtensions project the Functions SDK generates and restores in obj/ (its WebJobs
# dependencies raise NU1603 on this feed), which is not our code.
dotnet build HydraFunctions.sln -c Release
# Formatting and code style as .editorconfig states them (whitespace, usings, naming, analyzers): a file that
# `dotnet format` would change fails the run, as it fails CI.
dotnet format HydraFunctions.sln --verify-no-changes --no-restore
dotnet test HydraFunctions.sln -c Release --no-build "$@"
