#!/usr/bin/env python3
"""Writes a large synthetic classification table for measuring how loading scales (docs/results/data-loading):
ROWS rows (default 600,000) of NUMERIC Gaussian features x0.. (default 32, 5 decimals), a categorical column "site"
(five clinic names) and a string label (class_a, class_b, class_c, from the sign pattern of x0 and x1): about 185 MB
of CSV with the defaults.
  scripts/make-big-table.py OUT.csv [ROWS] [NUMERIC]"""
import random
import sys

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 600_000
numeric = int(sys.argv[3]) if len(sys.argv) > 3 else 32
sites = ["north", "south", "east", "west", "central"]
rng = random.Random(0)
with open(out, "w", encoding="utf-8") as f:
    f.write(",".join(f"x{j}" for j in range(numeric)) + ",site,label\n")
    for _ in range(rows):
        x = [rng.gauss(0.0, 1.0) for _ in range(numeric)]
        label = "class_a" if x[0] > 0 else ("class_b" if x[1] > 0 else "class_c")
        f.write(",".join(f"{v:.5f}" for v in x) + "," + rng.choice(sites) + "," + label + "\n")
