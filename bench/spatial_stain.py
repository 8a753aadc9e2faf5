"""Reinhard stain normalisation of the her2st sections, prototype for fm4j spatial.

Reinhard et al. (2001) colour transfer in CIELAB (D65): each section's image is mapped channel by
channel, ``lab' = (lab - m_s) / sd_s * sd_t + m_t``, where (m_s, sd_s) are the section's mean and sd
of L*, a*, b* over the pixels under its spots (the discs of one spot diameter around each centre,
i.e. tissue) and (m_t, sd_t) the target: the mean of the training sections' statistics, so the
held-out section's image enters only through its own colour statistics (no expression anywhere).

For each held-out section T of C2, C3, C4 writes ``OUT/T/<S>.h5ad`` (a copy of S's file whose
``metadata/image_file`` names the normalised PNG) and ``OUT/T/<S>_reinhard.png`` for every section S.

Usage: spatial_stain.py DATA_DIR OUT
"""
import shutil
import sys
from pathlib import Path

import h5py
import numpy as np
from PIL import Image

Image.MAX_IMAGE_PIXELS = None
SECTIONS = ["C2", "C3", "C4"]
# sRGB (linear) to XYZ, D65 white
M = np.array([[0.4124564, 0.3575761, 0.1804375],
              [0.2126729, 0.7151522, 0.0721750],
              [0.0193339, 0.1191920, 0.9503041]])
WHITE = np.array([0.95047, 1.0, 1.08883])
EPS = 216 / 24389
KAPPA = 24389 / 27


def rgb_to_lab(rgb):
    """rgb: (..., 3) in [0, 255] -> CIELAB (..., 3)."""
    c = rgb / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = lin @ M.T / WHITE
    f = np.where(xyz > EPS, np.cbrt(xyz), (KAPPA * xyz + 16) / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def lab_to_rgb(lab):
    """CIELAB (..., 3) -> rgb in [0, 255], clipped."""
    fy = (lab[..., 0] + 16) / 116
    fx = fy + lab[..., 1] / 500
    fz = fy - lab[..., 2] / 200
    f = np.stack([fx, fy, fz], -1)
    xyz = np.where(f ** 3 > EPS, f ** 3, (116 * f - 16) / KAPPA) * WHITE
    lin = xyz @ np.linalg.inv(M).T
    lin = np.clip(lin, 0, 1)
    c = np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)
    return np.clip(np.rint(c * 255), 0, 255)


def section(data_dir, s):
    """Image (H, W, 3) float, spot centres and diameter in image pixels."""
    with h5py.File(f"{data_dir}/{s}.h5ad") as f:
        xy = f["obsm/spatial"][()].astype(float)
        meta = f[f"uns/spatial/{s}/metadata"]
        image = meta["image_file"][()].decode()
        fullres = float(meta["fullres_width"][()])
        d = float(f[f"uns/spatial/{s}/scalefactors/spot_diameter_fullres"][()])
    img = np.asarray(Image.open(f"{data_dir}/{image}").convert("RGB"), dtype=np.float32)
    scale = img.shape[1] / fullres
    return img, xy * scale, d * scale


def tissue_stats(img, xy, d):
    """Mean and sd of L*, a*, b* over the pixels of the discs of diameter d around the centres."""
    h, w, _ = img.shape
    mask = np.zeros((h, w), bool)
    r = d / 2
    for cx, cy in xy:
        x0, x1 = int(max(0, cx - r)), int(min(w, cx + r + 1))
        y0, y1 = int(max(0, cy - r)), int(min(h, cy + r + 1))
        yy, xx = np.mgrid[y0:y1, x0:x1]
        mask[y0:y1, x0:x1] |= (xx + 0.5 - cx) ** 2 + (yy + 0.5 - cy) ** 2 <= r * r
    lab = rgb_to_lab(img[mask].astype(np.float64))
    return lab.mean(0), lab.std(0)


def transfer(img, src, dst, rows=512):
    out = np.empty(img.shape, np.uint8)
    for y in range(0, img.shape[0], rows):
        lab = rgb_to_lab(img[y:y + rows].astype(np.float64))
        lab = (lab - src[0]) / src[1] * dst[1] + dst[0]
        out[y:y + rows] = lab_to_rgb(lab).astype(np.uint8)
    return out


def main():
    data_dir, out = sys.argv[1], Path(sys.argv[2])
    secs = {s: section(data_dir, s) for s in SECTIONS}
    stats = {s: tissue_stats(*secs[s]) for s in SECTIONS}
    for s in SECTIONS:
        print(f"{s}: L*a*b* mean {np.round(stats[s][0], 2)}, sd {np.round(stats[s][1], 2)}")
    for test in SECTIONS:
        train = [s for s in SECTIONS if s != test]
        target = (np.mean([stats[s][0] for s in train], 0), np.mean([stats[s][1] for s in train], 0))
        fold = out / test
        fold.mkdir(parents=True, exist_ok=True)
        for s in SECTIONS:
            png = f"{s}_reinhard.png"
            Image.fromarray(transfer(secs[s][0], stats[s], target)).save(fold / png, compress_level=1)
            shutil.copy(f"{data_dir}/{s}.h5ad", fold / f"{s}.h5ad")
            with h5py.File(fold / f"{s}.h5ad", "r+") as f:
                meta = f[f"uns/spatial/{s}/metadata"]
                del meta["image_file"]
                meta["image_file"] = png
        print(f"fold {test}: target mean {np.round(target[0], 2)}, sd {np.round(target[1], 2)}", flush=True)


if __name__ == "__main__":
    main()
