#!/usr/bin/env python3
"""Draws Hydra+'s off-manifold rank fidelity, digits against noise, one point per recipe and seed set, as an SVG.

Usage: scripts/hydra-plus-tradeoff-plot.py OUT.svg LABEL=FOLDER[,FOLDER...] ...
Each FOLDER holds one seed set's report.json (hydra run); LABEL names the recipe in the legend. The dashed lines are
hydra-method §5's target (epistemic Spearman >= 0.9 on each OOD set); plain Hydra of the first folder of the first
recipe is drawn as a grey cross per set for reference. No plotting library: the SVG is written by hand.
"""
import json
import os
import sys

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"]
LOW, HIGH = 0.1, 1.0
SIZE, MARGIN = 420, 60


def spearman(folder, model, ood):
    report = json.load(open(os.path.join(folder, "report.json")))
    return report["fidelity"][model][ood]["epistemic_spearman"]


def main():
    out, specs = sys.argv[1], sys.argv[2:]
    recipes = []
    for spec in specs:
        label, folders = spec.split("=", 1)
        recipes.append((label, folders.split(",")))

    def x(v):
        return MARGIN + (v - LOW) / (HIGH - LOW) * SIZE

    def y(v):
        return MARGIN + SIZE - (v - LOW) / (HIGH - LOW) * SIZE

    width, height = SIZE + 2 * MARGIN + 230, SIZE + 2 * MARGIN
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<rect x="{MARGIN}" y="{MARGIN}" width="{SIZE}" height="{SIZE}" fill="none" stroke="black"/>']
    tick = LOW
    while tick <= HIGH + 1e-9:
        parts.append(f'<line x1="{x(tick):.1f}" y1="{MARGIN + SIZE}" x2="{x(tick):.1f}" y2="{MARGIN + SIZE + 5}" '
                     'stroke="black"/>')
        parts.append(f'<text x="{x(tick):.1f}" y="{MARGIN + SIZE + 18}" text-anchor="middle">{tick:.1f}</text>')
        parts.append(f'<line x1="{MARGIN - 5}" y1="{y(tick):.1f}" x2="{MARGIN}" y2="{y(tick):.1f}" stroke="black"/>')
        parts.append(f'<text x="{MARGIN - 8}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.1f}</text>')
        tick += 0.1
    parts.append(f'<line x1="{x(0.9):.1f}" y1="{MARGIN}" x2="{x(0.9):.1f}" y2="{MARGIN + SIZE}" stroke="grey" '
                 'stroke-dasharray="4 3"/>')
    parts.append(f'<line x1="{MARGIN}" y1="{y(0.9):.1f}" x2="{MARGIN + SIZE}" y2="{y(0.9):.1f}" stroke="grey" '
                 'stroke-dasharray="4 3"/>')
    parts.append(f'<text x="{MARGIN + SIZE / 2}" y="{MARGIN + SIZE + 40}" text-anchor="middle">'
                 'epistemic Spearman vs ensemble, digits</text>')
    parts.append(f'<text transform="translate(18,{MARGIN + SIZE / 2}) rotate(-90)" text-anchor="middle">'
                 'epistemic Spearman vs ensemble, noise</text>')
    parts.append(f'<text x="{MARGIN}" y="30" font-size="14">Hydra+ off the manifold: one point per seed set '
                 '(target: upper right of the dashed lines)</text>')
    legend_y = MARGIN + 10
    for folder in recipes[0][1]:
        hx, hy = x(spearman(folder, "hydra", "digits")), y(spearman(folder, "hydra", "noise"))
        parts.append(f'<path d="M{hx - 5:.1f},{hy - 5:.1f} L{hx + 5:.1f},{hy + 5:.1f} M{hx - 5:.1f},{hy + 5:.1f} '
                     f'L{hx + 5:.1f},{hy - 5:.1f}" stroke="grey" stroke-width="2"/>')
    parts.append(f'<text x="{MARGIN + SIZE + 30}" y="{legend_y}" fill="grey">× plain Hydra</text>')
    for index, (label, folders) in enumerate(recipes):
        colour = COLOURS[index % len(COLOURS)]
        points = [(spearman(f, "hydra_plus", "digits"), spearman(f, "hydra_plus", "noise")) for f in folders]
        for dx, dy in points:
            parts.append(f'<circle cx="{x(dx):.1f}" cy="{y(dy):.1f}" r="5" fill="{colour}" fill-opacity="0.8"/>')
        mx = sum(p[0] for p in points) / len(points)
        my = sum(p[1] for p in points) / len(points)
        parts.append(f'<rect x="{x(mx) - 6:.1f}" y="{y(my) - 6:.1f}" width="12" height="12" fill="none" '
                     f'stroke="{colour}" stroke-width="2"/>')
        legend_y += 20
        parts.append(f'<circle cx="{MARGIN + SIZE + 36}" cy="{legend_y - 4}" r="5" fill="{colour}"/>')
        parts.append(f'<text x="{MARGIN + SIZE + 48}" y="{legend_y}">{label} ({mx:.3f}, {my:.3f})</text>')
    parts.append(f'<text x="{MARGIN + SIZE + 30}" y="{legend_y + 24}" fill="grey">□ mean of the sets</text>')
    parts.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(parts) + "\n")


if __name__ == "__main__":
    main()
