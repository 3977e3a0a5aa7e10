#!/usr/bin/env bash
# Publishes the trainer (`hydra`, src/Hydra.Cli) exactly as the trainer image does: framework-dependent for
# linux-x64, Release, with the libtorch variant chosen by TorchDevice (cpu: TorchSharp-cpu, cuda:
# TorchSharp-cuda-linux, which needs nuget.org in full: several GB of CUDA libraries). docker/trainer.Dockerfile
# runs both steps; scripts/publish-check.sh runs them here.
#
#   scripts/publish-trainer.sh restore cpu|cuda            # restore only (the image's cached package layer)
#   scripts/publish-trainer.sh publish cpu|cuda OUTPUT_DIR  # restore if needed, then publish into OUTPUT_DIR
set -euo pipefail

usage() { echo "usage: $0 restore cpu|cuda | publish cpu|cuda OUTPUT_DIR" >&2; exit 2; }
step="${1:-}"; device="${2:-}"
[[ "$device" == "cpu" || "$device" == "cuda" ]] || usage
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
project="$root/src/Hydra.Cli/Hydra.Cli.csproj"
# Only linux-x64 native assets (libtorch, ONNX Runtime, SkiaSharp) go into the output.
common=(-r linux-x64 -p:TorchDevice="$device")

case "$step" in
  restore)
    dotnet restore "$project" "${common[@]}"
    ;;
  publish)
    out="${3:-}"; [[ -n "$out" ]] || usage
    dotnet publish "$project" -c Release --self-contained false "${common[@]}" -o "$out"
    ;;
  *) usage ;;
esac
