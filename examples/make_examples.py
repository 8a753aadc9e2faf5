"""Writes the example data in this folder from DeepRUOT's mouse_hematopoiesis.csv.

    python3 examples/make_examples.py PATH/TO/mouse_hematopoiesis.csv

The source file (10,998 cells, columns samples, x1, x2) is
https://github.com/zhenyiizhang/DeepRUOT/blob/29e94d6684baf64963d16265214a788e4244f85e/data/mouse_hematopoiesis.csv
(MIT licence, see LICENSE-DeepRUOT.txt); its SHA-256 is checked first. Standard library only; the
subsample is drawn with a fixed seed, so the output is the same on every run.

- mouse_hematopoiesis.csv: 1,000 cells of each of the three time points (rows kept whole, in
  their original order)
- hematopoiesis_t0.csv, hematopoiesis_t2.csv: x1, x2 of 300 of those cells at time 0 and at time 2,
  two point clouds for `fm4j distance`
"""
import csv
import hashlib
import os
import random
import sys

SOURCE_SHA256 = "be4360cd67e76205501de63124379be5c82506748e018197a3fdb4dbb1c7ca2f"
PER_TIME = 1000
PER_CLOUD = 300
HERE = os.path.dirname(os.path.abspath(__file__))


def main(path):
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if digest != SOURCE_SHA256:
        sys.exit(f"{path}: SHA-256 {digest}, expected {SOURCE_SHA256} (not the DeepRUOT file)")
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    if header != ["samples", "x1", "x2"]:
        sys.exit(f"{path}: header {header}, expected samples, x1, x2")
    rng = random.Random(18)
    kept = []
    by_time = {}
    for t in sorted({r[0] for r in data}, key=float):
        idx = [i for i, r in enumerate(data) if r[0] == t]
        chosen = sorted(rng.sample(idx, PER_TIME))
        kept.extend(chosen)
        by_time[t] = chosen
    kept.sort()
    write("mouse_hematopoiesis.csv", header, [data[i] for i in kept])
    times = sorted(by_time, key=float)
    for t, name in ((times[0], "hematopoiesis_t0.csv"), (times[-1], "hematopoiesis_t2.csv")):
        cloud = sorted(rng.sample(by_time[t], PER_CLOUD))
        write(name, header[1:], [data[i][1:] for i in cloud])


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print("wrote", name, len(rows), "rows")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
