"""Writes checksummed.h5ad and checksummed_chunks.json, the fixture of the corrupted-chunk test.

Run with Debian's interpreter from the repository root:

    /usr/bin/python3 fm4j-cell/src/test/python/gen_checksum_fixture.py

Needs python3-anndata (0.8), python3-h5py, python3-numpy. The file is a small dense AnnData
whose X and layers are chunked with the filter pipelines whose checksums the reader verifies:

- X: shuffle + deflate + Fletcher-32 (Fletcher-32 covers the compressed bytes)
- layers/deflate: deflate only (zlib's Adler-32 covers the uncompressed bytes)
- layers/shuffle_deflate: shuffle + deflate
- layers/fletcher: Fletcher-32 only (no compression)

Every array holds the same values, X[i, j] = sin(i + 7 j) (float32), so a test can recompute them.
checksummed_chunks.json lists, per dataset, the byte offset and size of each stored chunk in the
file (h5py's get_chunk_info), where the test flips single bits.
"""
import json
import os
import warnings

import anndata as ad
import h5py
import numpy as np
import pandas as pd

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "flowmatch4j", "data", "h5ad")
warnings.simplefilter("ignore")

N, M = 40, 24
X = np.array([[np.sin(i + 7 * j) for j in range(M)] for i in range(N)], dtype=np.float32)

path = os.path.join(OUT, "checksummed.h5ad")
a = ad.AnnData(
    X=np.zeros((N, M), dtype=np.float32),
    obs=pd.DataFrame(index=[f"cell{i}" for i in range(N)]),
    var=pd.DataFrame(index=[f"gene{j}" for j in range(M)]),
)
a.write_h5ad(path)

PIPELINES = {
    "X": dict(shuffle=True, compression="gzip", compression_opts=6, fletcher32=True),
    "layers/deflate": dict(compression="gzip", compression_opts=6),
    "layers/shuffle_deflate": dict(shuffle=True, compression="gzip", compression_opts=6),
    "layers/fletcher": dict(fletcher32=True),
}
with h5py.File(path, "r+") as f:
    attrs = dict(f["X"].attrs)
    del f["X"]
    for key, filters in PIPELINES.items():
        d = f.create_dataset(key, data=X, chunks=(10, 12), **filters)
        for k, v in attrs.items():
            d.attrs[k] = v

chunks = {}
with h5py.File(path, "r") as f:
    for key in PIPELINES:
        d = f[key]
        assert np.array_equal(d[()], X)
        infos = [d.id.get_chunk_info(i) for i in range(d.id.get_num_chunks())]
        chunks[key] = [{"offset": int(c.byte_offset), "size": int(c.size)} for c in infos]
with open(os.path.join(OUT, "checksummed_chunks.json"), "w") as out:
    json.dump(chunks, out, indent=1)
    out.write("\n")
print("wrote", path, {k: len(v) for k, v in chunks.items()})
