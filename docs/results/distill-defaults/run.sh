#!/usr/bin/env bash
# Chooses hydra distill's defaults for teachers the product did not train, on validation splits only:
# the target of the teachers' mean max-probability that sets T, and the optimiser steps per phase that set the epochs.
# Teachers: five networks of another recipe (wider, batch-normed, Adam 3e-3, batch 32) trained with the same
# --validation 0.2 split held out, exported to ONNX. Every distillation is evaluated on that held-out split.
#   docs/results/distill-defaults/run.sh [HYDRA_DLL] [OUT]
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
dll=${1:-$root/src/Hydra.Cli/bin/Release/net10.0/hydra.dll}
out=${2:-$root/runs/distill-defaults}
here=$root/docs/results/distill-defaults
hydra() { dotnet "$dll" "$@"; }
mkdir -p "$out"
"$root/scripts/make-sklearn-csvs.sh" >/dev/null
# scikit-learn's digits (8×8 images as 64 columns, 10 classes) as a CSV with a header and string labels.
if [[ ! -f "$root/data/csv/digits.csv" ]]; then
  python3 - "$root/data/sklearn/digits.csv.gz" "$root/data/csv/digits.csv" <<'PY'
import gzip, sys
rows = [line.strip().split(",") for line in gzip.open(sys.argv[1], "rt") if line.strip()]
with open(sys.argv[2], "w") as f:
    f.write(",".join([f"p{i}" for i in range(64)] + ["digit"]) + "\n")
    for r in rows:
        f.write(",".join(r[:64] + [f"digit_{int(float(r[64]))}"]) + "\n")
PY
fi
sets=("breast-cancer diagnosis $root/docs/results/distill-breast-cancer/teacher-arch.json"
      "wine cultivar $here/teacher-arch-wine.json"
      "digits digit $here/teacher-arch-digits.json")
for entry in "${sets[@]}"; do
  read -r name target arch <<<"$entry"
  data=(--dataset "$root/data/csv/$name.csv" --target "$target" --validation 0.2 --threads 1 --device cpu)
  if [[ ! -f "$out/$name-teachers/onnx/member-4.onnx" ]]; then
    hydra run "${data[@]}" --arch "$arch" --seed 100 --lr 3e-3 --batch-size 32 --member-epochs 30 --kd-epochs 1 \
      --hydra-phase1-epochs 1 --hydra-phase2-epochs 1 --no-hydra-plus -o "$out/$name-teachers" \
      > "$out/$name-teachers.log"
    hydra export --ensemble "$out/$name-teachers" --as-teachers -o "$out/$name-teachers/onnx" >> "$out/$name-teachers.log"
  fi
  rows=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['train_rows'])" "$out/$name-teachers/report.json")
  batches=$(( (rows + 127) / 128 ))
  epochs() { echo $(( ($1 + batches - 1) / batches )); }
  run() { # label, extra flags…
    local label=$1; shift
    [[ -f "$out/$name-$label/report.json" ]] && return 0
    echo "$(date -u +%T) $name $label" >&2
    hydra distill --teachers "$out/$name-teachers/onnx" "${data[@]}" --evaluate-on validation --no-hydra-plus "$@" \
      -o "$out/$name-$label" > "$out/$name-$label.log"
  }
  # Steps per phase at the protocol's T = 2, then the temperature at 240 steps; Hydra's phase 1 half as long.
  for steps in 120 240 480 960; do
    e=$(epochs "$steps"); run "S$steps" -T 2 --kd-epochs "$e" --hydra-phase1-epochs $(( e / 2 )) --hydra-phase2-epochs "$e"
  done
  e=$(epochs 240)
  for t in 1 3 5 8; do run "T$t" -T "$t" --kd-epochs "$e" --hydra-phase1-epochs $(( e / 2 )) --hydra-phase2-epochs "$e"; done
  # The chosen rule: 480 steps per phase, T from the teachers' confidence (no -T).
  e=$(epochs 480)
  run "auto" --kd-epochs "$e" --hydra-phase1-epochs $(( e / 2 )) --hydra-phase2-epochs "$e"
done
