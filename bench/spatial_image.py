"""Writes an H&E-like RGB JPEG of N x N pixels: pink eosin background with purple haematoxylin blobs."""
import sys

import numpy as np
from PIL import Image

out, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(0)
img = np.empty((n, n, 3), dtype=np.uint8)
img[..., 0] = 230
img[..., 1] = 170
img[..., 2] = 200
for _ in range(n * n // 4000):
    x, y = rng.integers(0, n - 8, size=2)
    img[y:y + 8, x:x + 8] = (90, 60, 150)
img = np.clip(img.astype(np.int16) + rng.integers(-20, 20, size=(n, n, 1)), 0, 255).astype(np.uint8)
Image.fromarray(img).save(out, quality=90)
