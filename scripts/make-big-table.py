#!/usr/bin/env python3
"""Writes a large synthetic classification table for measuring how loading scales (docs/results/data-loading):
ROWS rows (default 1,000,000) of 20 numeric features x0..x19 (Gaussian, 5 decimals) and a string label (class_a,
class_b, class_c, from the sign pattern of x0 and x1), about 200 MB of CSV.
  scripts/make-big-table.py OUT.csv [ROWS]"""
import random
import sys

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
rng = random.Random(0)
with open(out, "w", encoding="utf-8") as f:
    f.write(",".join(f"x{j}" for j in range(20)) + ",label\n")
    for _ in range(rows):
        x = [rng.gauss(0.0, 1.0) for _ in range(20)]
        label = "class_a" if x[0] > 0 else ("class_b" if x[1] > 0 else "class_c")
        f.write(",".join(f"{v:.5f}" for v in x) + "," + label + "\n")
