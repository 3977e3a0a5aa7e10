#!/usr/bin/env python3
"""Prints the selection tables of README.md from the runs of run.sh (validation figures only)."""
import json, re, sys
from pathlib import Path

out = Path(sys.argv[1] if len(sys.argv) > 1 else "runs/distill-defaults")
print("| set | run | epochs (KD, Hydra) | T | teachers' mean max-p at T | Hydra NLL | KD NLL | "
      "KL(teachers ‖ Hydra) | Hydra epistemic Spearman | Hydra ECE |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
for report in sorted(out.glob("*-*/report.json")):
    run = report.parent.name
    if run.endswith("-teachers"):
        continue
    name, label = run.rsplit("-", 1)
    r = json.loads(report.read_text())
    log = (out / f"{run}.log").read_text()
    p = re.search(r"([0-9.]+) at T = ([0-9.]+) \(", log)
    fid = r["fidelity"]["hydra"]["test"]
    s = r["settings"]
    print(f"| {name} | {label} | {s['kd_epochs']}, {s['hydra_epochs']} | {s['temperature']} | {p.group(1)} | "
          f"{r['models']['hydra']['nll']:.4f} | {r['models']['kd']['nll']:.4f} | {fid['kl_to_ensemble']:.4f} | "
          f"{fid['epistemic_spearman']:.3f} | {r['models']['hydra']['ece']:.4f} |")
