#!/usr/bin/env bash
# The trainer image's build step without Docker: publishes `hydra` exactly as docker/trainer.Dockerfile does
# (scripts/publish-trainer.sh restore + publish), prints the size of the output, checks that every native library
# finds its dependencies, and runs the image's entry point with --help (`dotnet hydra.dll worker --help`).
#
#   scripts/publish-check.sh [cpu|cuda] [OUTPUT_DIR]     # default: cpu into a temporary folder
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
device="${1:-cpu}"
out="${2:-$(mktemp -d)/trainer-$device}"

log() { printf '[publish-check] %s\n' "$*"; }

"$root/scripts/publish-trainer.sh" restore "$device"
"$root/scripts/publish-trainer.sh" publish "$device" "$out"

log "output: $out"
log "size: $(du -sh "$out" | cut -f1) in $(find "$out" -type f | wc -l) files"
log "largest files:"
find "$out" -type f -printf '%s %P\n' | sort -rn | head -8 | awk '{ printf "  %8.1f MiB  %s\n", $1 / 1048576, $2 }'

# Native libraries whose dependencies the loader cannot find (libcuda comes from the GPU host's driver).
missing=$(find "$out" -name '*.so*' -type f -exec ldd {} \; 2>/dev/null | grep 'not found' | grep -v 'libcuda\.so' | sort -u || true)
if [[ -n "$missing" ]]; then
  log "native dependencies not found on this machine:"; echo "$missing"
fi

log "entry point: dotnet hydra.dll --help"
(cd "$out" && dotnet hydra.dll --help)
log "entry point: dotnet hydra.dll worker --help"
help=$(cd "$out" && dotnet hydra.dll worker --help)
echo "$help"
# An unknown command also prints the root help and exits 0, so look for the worker command's own usage line.
if ! grep -qE '^ +hydra worker( |$)' <<<"$help"; then
  log "FAIL: the published hydra has no 'worker' command"
  exit 1
fi
log "ok"
