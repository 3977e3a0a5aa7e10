#!/usr/bin/env python3
"""How closely do two ensembles trained alike agree on which inputs are most uncertain, and how closely does a
distilled student follow its own ensemble against another one? The reference that hydra-method §5's rank-fidelity
targets lack: the epistemic Spearman of one ensemble against another of the same architecture, data and recipe with
other seeds, on the test rows and on each OOD set.

Everything goes through the product: `hydra data write-sets` writes the sets as .npy, `hydra export` makes each
ensemble and student an ONNX graph, `hydra score` scores every row with ONNX Runtime, and this script ranks the
epistemic column (Spearman with average ranks for ties; no NumPy needed).

  scripts/ensemble-agreement.py --dataset fashion-mnist --work /tmp/agree \
      --ensembles runs/a/set-0 runs/a/set-1 runs/a/set-2 \
      --student "Hydra+=runs/a/set-0/hydra-plus,runs/a/set-1/hydra-plus,runs/a/set-2/hydra-plus"

Student k is compared with ensemble k (its own) and with ensemble k+1 (another one); a student needs more than one
head (KD's epistemic uncertainty is zero). HYDRA (environment) names the hydra executable (default: ./hydra).
"""
import argparse
import csv
import itertools
import os
import subprocess
import sys


def run(*args):
    result = subprocess.run(list(args), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({result.returncode}):\n{result.stderr}")


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(ra)
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    var = sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb)
    return cov / var ** 0.5


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--work", required=True, help="folder for the .npy sets, ONNX exports and scores")
    parser.add_argument("--ensembles", nargs="+", required=True, help="run folders holding members/0..M-1")
    parser.add_argument("--student", action="append", default=[], help="NAME=checkpoint0,checkpoint1,… (one per "
                        "ensemble, in the same order)")
    parser.add_argument("--svg", help="also draw the table's means (bars) and sets (dots) as an SVG here")
    parser.add_argument("--title", default="", help="the SVG's title")
    args = parser.parse_args()
    hydra = os.environ.get("HYDRA", "./hydra")
    sets_dir = os.path.join(args.work, "sets")
    run(hydra, "data", "write-sets", args.dataset, "-o", sets_dir)
    sets = ["test"] + sorted(f[:-4] for f in os.listdir(sets_dir)
                             if f.endswith(".npy") and f not in ("test.npy", "test-labels.npy", "test-targets.npy"))

    def scored(name, export_args):
        folder = os.path.join(args.work, name)
        if not os.path.exists(os.path.join(folder, "model.onnx")):
            run(hydra, "export", *export_args, "-o", folder)
        columns = {}
        for s in sets:
            out = os.path.join(args.work, f"{name}.{s}.csv")
            if not os.path.exists(out):
                run(hydra, "score", "-m", folder, "-i", os.path.join(sets_dir, s + ".npy"), "-o", out)
            with open(out) as f:
                columns[s] = [float(row["epistemic"]) for row in csv.DictReader(f)]
        return columns

    ensembles = [scored(f"ensemble-{k}", ["-e", e]) for k, e in enumerate(args.ensembles)]
    students = []
    for spec in args.student:
        name, folders = spec.split("=", 1)
        folders = folders.split(",")
        if len(folders) != len(ensembles):
            sys.exit(f"--student {name}: {len(folders)} checkpoints for {len(ensembles)} ensembles")
        slug = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in name.replace("+", "plus"))
        students.append((name, [scored(f"{slug}-{k}", ["-c", c]) for k, c in enumerate(folders)]))

    def cell(values):
        return f"{sum(values) / len(values):.3f} ({' / '.join(f'{v:.3f}' for v in values)})"

    n = len(ensembles)
    groups = {}
    for s in sets:
        groups[s] = [("ensemble vs another ensemble",
                      [spearman(ensembles[a][s], ensembles[b][s]) for a, b in itertools.combinations(range(n), 2)])]
        groups[s] += [(f"{name} vs its own ensemble", [spearman(ensembles[k][s], scores[k][s]) for k in range(n)])
                      for name, scores in students]
    if args.svg:
        draw(args.svg, args.title, groups)
    header = ["set", "ensemble vs another ensemble (each pair)"]
    for name, _ in students:
        header += [f"{name} vs its own ensemble", f"{name} vs the next set's ensemble"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for s in sets:
        row = [s, cell([spearman(ensembles[a][s], ensembles[b][s]) for a, b in itertools.combinations(range(n), 2)])]
        for _, scores in students:
            row.append(cell([spearman(ensembles[k][s], scores[k][s]) for k in range(n)]))
            row.append(cell([spearman(ensembles[(k + 1) % n][s], scores[k][s]) for k in range(n)]))
        print("| " + " | ".join(row) + " |")


COLOURS = ["#7f7f7f", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]


def draw(out, title, groups):
    """Bars: the mean epistemic Spearman per set and comparison; dots: each pair or seed set. No plotting library."""
    bars = len(next(iter(groups.values())))
    bar, gap, top, left, plot_h = 26, 30, 50, 50, 300
    plot_w = len(groups) * (bars * bar + gap) + gap
    width, height = left + plot_w + 20, top + plot_h + 60 + 18 * bars

    def y(v):
        return top + plot_h - max(0.0, v) * plot_h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
             'font-size="12">', f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="24" font-size="14">{title}</text>']
    for tick in range(0, 11, 2):
        v = tick / 10
        parts.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{left + plot_w}" y2="{y(v):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:.1f}</text>')
    parts.append(f'<text transform="translate(14,{top + plot_h / 2}) rotate(-90)" text-anchor="middle">'
                 'epistemic Spearman</text>')
    for g, (name, comparisons) in enumerate(groups.items()):
        x0 = left + gap + g * (bars * bar + gap)
        for b, (_, values) in enumerate(comparisons):
            mean = sum(values) / len(values)
            x = x0 + b * bar
            colour = COLOURS[b % len(COLOURS)]
            parts.append(f'<rect x="{x + 2}" y="{y(mean):.1f}" width="{bar - 4}" height="{y(0) - y(mean):.1f}" '
                         f'fill="{colour}" fill-opacity="0.75"/>')
            for v in values:
                parts.append(f'<circle cx="{x + bar / 2}" cy="{y(v):.1f}" r="2.5" fill="black"/>')
        parts.append(f'<text x="{x0 + bars * bar / 2}" y="{top + plot_h + 18}" text-anchor="middle">{name}</text>')
    for b, (label, _) in enumerate(next(iter(groups.values()))):
        ly = top + plot_h + 40 + 18 * b
        parts.append(f'<rect x="{left}" y="{ly - 10}" width="12" height="12" fill="{COLOURS[b % len(COLOURS)]}"/>')
        parts.append(f'<text x="{left + 18}" y="{ly}">{label}</text>')
    parts.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(parts) + "\n")


if __name__ == "__main__":
    main()
