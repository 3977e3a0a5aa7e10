#!/usr/bin/env python3
"""Prints the reported-protocol table of docs/results (hydra-method §4, §5) over seed sets: for each column, the mean
± sample std of each figure, its value per set, and in how many sets its target is met.
  scripts/hydra-plus-protocol-summary.py LABEL=[MODEL@]SET,SET,... [LABEL=...]
SET is a run folder holding report.json; MODEL is hydra_plus (the default) or hydra. Example:
  scripts/hydra-plus-protocol-summary.py "Hydra+=runs/cnn/set-0,runs/cnn/set-1" "Hydra=hydra@runs/cnn/set-0,runs/cnn/set-1"
"""
import json
import statistics
import sys


def figures(report, model):
    """(name, target text, met(value) or None, value) for one model of one report."""
    ens, own = report["models"]["ensemble"], report["models"][model]
    fid, ood = report["fidelity"][model], report["ood"]
    kd_best = {s: max(ood[s]["kd"]["auroc_total"], ood[s]["kd"]["auroc_epistemic"]) for s in ood}
    rows = [(f"epistemic Spearman, {s}", "≥ 0.9" if s != "test" else "≥ 0.95",
             (lambda v: v >= 0.9) if s != "test" else (lambda v: v >= 0.95), fid[s]["epistemic_spearman"], "{:.3f}")
            for s in [*ood, "test"]]
    rows += [
        ("accuracy gap (points)", "≤ 0.5", lambda v: v <= 0.5, 100 * (ens["accuracy"] - own["accuracy"]), "{:.2f}"),
        ("NLL / ensemble", "≤ 1.05", lambda v: v <= 1.05, own["nll"] / ens["nll"], "{:.3f}"),
        ("ECE − ensemble (points)", "≤ +0.5", lambda v: v <= 0.5, 100 * (own["ece"] - ens["ece"]), "{:+.2f}"),
    ]
    rows += [(f"AUROC by epistemic, {s} (% of ensemble)", "≥ 97", lambda v: v >= 97,
              100 * ood[s][model]["auroc_epistemic"] / ood[s]["ensemble"]["auroc_epistemic"], "{:.1f}") for s in ood]
    rows += [(f"AUROC by epistemic − KD's best, {s}", "> 0", lambda v: v > 0,
              ood[s][model]["auroc_epistemic"] - kd_best[s], "{:+.3f}") for s in ood]
    cost = report["cost"]
    phase = "hydra_plus_phase_2" if model == "hydra_plus" else "hydra_phase_2"
    for kind, key in (("CPU", "cpu_seconds"), ("wall", "seconds")):
        if phase in cost.get(key, {}) and "hydra_phase_2" in cost.get(key, {}):
            rows.append((f"phase-2 {kind} s / Hydra's phase 2", "≤ 1.5", lambda v: v <= 1.5,
                         cost[key][phase] / cost[key]["hydra_phase_2"], "{:.2f}"))
    rows.append(("phase-2 samples/s", "–", None, cost["samples_per_second"][phase], "{:,.0f}"))
    return rows


def column(spec):
    label, _, rest = spec.partition("=")
    model, _, paths = rest.rpartition("@")
    model = model or "hydra_plus"
    reports = []
    for path in paths.split(","):
        with open(f"{path}/report.json", encoding="utf-8") as f:
            reports.append(json.load(f))
    return label, [figures(r, model) for r in reports]


def cell(values, met, fmt):
    mean = statistics.mean(values)
    spread = f" ± {fmt.format(statistics.stdev(values)).lstrip('+')}" if len(values) > 1 else ""
    sets = " / ".join(fmt.format(v) for v in values)
    hits = "" if met is None else f", {sum(map(met, values))}/{len(values)}"
    return f"{fmt.format(mean)}{spread} ({sets}){hits}"


def main(specs):
    if not specs:
        sys.exit(__doc__)
    columns = [column(s) for s in specs]
    names = [(name, target) for name, target, *_ in columns[0][1][0]]
    print("| figure | target | " + " | ".join(label for label, _ in columns) + " |")
    print("|---|---|" + "---|" * len(columns))
    for i, (name, target) in enumerate(names):
        cells = []
        for _, sets in columns:
            found = [s[i] for s in sets if i < len(s) and s[i][0] == name]
            cells.append(cell([f[3] for f in found], found[0][2], found[0][4]) if len(found) == len(sets) else "–")
        print(f"| {name} | {target} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
