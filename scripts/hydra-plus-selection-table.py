#!/usr/bin/env python3
"""Prints the selection table (markdown) from the candidates' report.json files under OUT.

Usage: scripts/hydra-plus-selection-table.py OUT NAME...   (candidates in the order given)
Every figure is a validation figure: "test" is the held-out validation split of Fashion-MNIST's training data.
"""
import json
import os
import sys

# The validation OOD sets, in column order; "strokes" was added on 2026-12-03 (reports before it lack it, and their
# tables have four columns).
ALL_SETS = ["inverted", "blur-shift", "patches", "gratings", "strokes"]
SETS = ALL_SETS


def cpu_ratio(cpu):
    if "hydra_plus_phase_2" in cpu and "hydra_phase_2" in cpu:
        return f'{cpu["hydra_plus_phase_2"] / cpu["hydra_phase_2"]:.2f}'
    return "–"


def row(out, name):
    path = os.path.join(out, name, "report.json")
    if not os.path.exists(path):
        return None
    report = json.load(open(path))
    models, fidelity, cost = report["models"], report["fidelity"], report["cost"]
    ensemble = models["ensemble"]

    def targets(model):
        m = models[model]
        return (100 * (ensemble["accuracy"] - m["accuracy"]), m["nll"] / ensemble["nll"],
                100 * (m["ece"] - ensemble["ece"]))

    plus = fidelity["hydra_plus"]
    spearman = [plus[s]["epistemic_spearman"] for s in SETS]
    seconds = cost["seconds"]
    card = json.load(open(os.path.join(out, name, "hydra-plus", "model.json")))
    gap, nll, ece = targets("hydra_plus")
    return {
        "name": name,
        "settings": card["training"].get("off_manifold", ""),
        # Hydra+'s own epochs where the report has them (older reports give Hydra's).
        "epochs": report["settings"].get("hydra_plus_epochs", report["settings"].get("hydra_epochs", "")),
        "gap": gap, "nll": nll, "ece": ece,
        "test": plus["test"]["epistemic_spearman"],
        "sets": spearman, "mean": sum(spearman) / len(spearman), "min": min(spearman),
        "p2": cost["samples_per_second"]["hydra_plus_phase_2"],
        "ratio": seconds["hydra_plus_phase_2"] / seconds["hydra_phase_2"],
        # Phase 2 over phase 1 (same epochs in both models), Hydra+'s over Hydra's: a cost ratio that the machine's
        # load, which differs between processes, largely cancels from.
        # (Hydra+ started from the trained Hydra has no phase 1: "–".)
        "normalised": (seconds["hydra_plus_phase_2"] / seconds["hydra_plus_phase_1"])
        / (seconds["hydra_phase_2"] / seconds["hydra_phase_1"]) if "hydra_plus_phase_1" in seconds else None,
        # Processor seconds, where Hydra trained in the same process (a base without hydra/): the other processes on
        # the shared machine move them far less than wall seconds.
        "cpu": cpu_ratio(cost.get("cpu_seconds") or {}),
        "hydra_sets": [fidelity["hydra"][s]["epistemic_spearman"] for s in SETS],
    }


def main():
    global SETS
    out, names = sys.argv[1], sys.argv[2:]
    first = next(os.path.join(out, n, "report.json") for n in names
                 if os.path.exists(os.path.join(out, n, "report.json")))
    SETS = [s for s in ALL_SETS if s in json.load(open(first))["fidelity"]["hydra_plus"]]
    rows = [r for r in (row(out, n) for n in names) if r]
    print("| candidate | Hydra+ settings | phase-2 samples/s | phase-2 s / Hydra's | load-normalised "
          "| phase-2 CPU s / Hydra's | acc gap (pts) | NLL ratio "
          "| ECE − ens (pts) | ep. Spearman val | " + " | ".join(SETS) + " | mean OOD | min OOD |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|" + "---:|" * len(SETS) + "---:|---:|")
    for r in rows:
        cells = [r["name"], f'{r["settings"]} (epochs {r["epochs"]})', f'{r["p2"]:,.0f}', f'{r["ratio"]:.2f}',
                 "–" if r["normalised"] is None else f'{r["normalised"]:.2f}', r["cpu"], f'{r["gap"]:.2f}', f'{r["nll"]:.4f}', f'{r["ece"]:.2f}',
                 f'{r["test"]:.4f}']
        cells += [f"{v:.4f}" for v in r["sets"]] + [f'{r["mean"]:.4f}', f'{r["min"]:.4f}']
        print("| " + " | ".join(cells) + " |")
    if rows:
        h = rows[0]["hydra_sets"]
        print("| plain Hydra (same members) | – | – | 1.00 | 1.00 | 1.00 | | | | | " + " | ".join(f"{v:.4f}" for v in h)
              + f" | {sum(h) / len(h):.4f} | {min(h):.4f} |")


if __name__ == "__main__":
    main()
