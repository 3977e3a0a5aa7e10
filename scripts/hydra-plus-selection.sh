#!/usr/bin/env bash
# Chooses Hydra+'s settings on validation data only (docs/results/hydra-plus-selection/README.md):
# `hydra run --dataset fashion-mnist-selection` trains on Fashion-MNIST's training split less a seeded 10,000-row
# validation split and evaluates on that split and on OOD sets made from it (inverted, blur-shift, patches, gratings);
# the test set and the reported OOD sets (digits, noise) are never loaded.
#   scripts/hydra-plus-selection.sh BASE OUT NAME FLAGS...   # one candidate
# BASE holds members, kd and hydra from one `hydra run --dataset fashion-mnist-selection --no-hydra-plus` run; each
# candidate resumes them (copied into OUT/NAME) and trains only Hydra+ with FLAGS (give --threads 1 on a busy machine:
# two intra-op threads spin against other processes). A BASE without hydra/ makes each candidate train Hydra too, in
# the same process as Hydra+, so that their phase-2 times are comparable. HYDRA_BIN, when set, is the hydra executable
# to run (a copy of the build output, so that rebuilding the checkout does not change a candidate that is running).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base=$1; out=$2; name=$3; shift 3
folder="$out/$name"
mkdir -p "$folder"
for part in members kd hydra; do
  [[ -d "$folder/$part" || ! -d "$base/$part" ]] || cp -r "$base/$part" "$folder/$part"
done
rm -rf "$folder/hydra-plus"
echo "$(date -u +%H:%M:%S) candidate $name: $*" | tee -a "$out/selection.log"
hydra=${HYDRA_BIN:-$root/src/Hydra.Cli/bin/Release/net10.0/hydra}
nice -n 5 "$hydra" run --dataset fashion-mnist-selection --kd-epochs 1 \
  --output "$folder" "$@" > "$folder/run.log" 2>&1
echo "$(date -u +%H:%M:%S) candidate $name done (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/selection.log"
