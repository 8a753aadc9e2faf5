#!/usr/bin/env bash
# Feature extraction of fm4j spatial on a 10,000 x 10,000 H&E-like JPEG (made by bench/spatial_image.py
# with numpy and Pillow): seconds to read the image and to compute every spot's features (spots of
# 110 pixels on a 200-pixel grid, as Visium at full resolution). Goal: under 20 s in all.
set -euo pipefail
cd "$(dirname "$0")/.."
img="${TMPDIR:-/tmp}/fm4j_bench_he_10k.jpg"
[ -f "$img" ] || /usr/bin/python3 bench/spatial_image.py "$img" 10000
./fm4j bench spatial-features "$img"
