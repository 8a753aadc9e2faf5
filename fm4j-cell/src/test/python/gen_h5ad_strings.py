"""Writes h5ad/strings_layouts.h5ad: variable-length string arrays in every storage the reader
decodes itself, large enough to span many global heap collections and many chunks.

Run with Debian's interpreter from the repository root:

    /usr/bin/python3 fm4j-cell/src/test/python/gen_h5ad_strings.py

String i is label(i) below; H5adStringsTest recomputes it. obs/_index is contiguous (as anndata
writes it); uns holds the same strings chunked without a filter, chunked with gzip, chunked with
shuffle+gzip, and chunked with only the first chunk written (the rest read as empty strings).
"""
import os
import warnings

import anndata as ad
import h5py
import numpy as np
import pandas as pd

warnings.simplefilter("ignore")
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "flowmatch4j", "data", "h5ad")
N = 1000
CHUNK = 256


def label(i):
    return "" if i % 101 == 0 else f"c{i}-" + "\u00e9" * (i % 3) + "x" * (i % 23)


labels = np.array([label(i) for i in range(N)], dtype=object)
path = os.path.join(OUT, "strings_layouts.h5ad")
a = ad.AnnData(obs=pd.DataFrame(index=[f"cell{i}" for i in range(N)]), var=pd.DataFrame(index=["g0", "g1"]))
a.write_h5ad(path)
with h5py.File(path, "r+") as f:
    del f["obs/_index"]
    f["obs"].create_dataset("_index", data=labels, dtype=h5py.string_dtype())
    u = f["uns"]
    u.create_dataset("chunked_plain", data=labels, dtype=h5py.string_dtype(), chunks=(CHUNK,))
    u.create_dataset("chunked_gzip", data=labels, dtype=h5py.string_dtype(), chunks=(CHUNK,), compression="gzip")
    u.create_dataset("chunked_shuffle_gzip", data=labels, dtype=h5py.string_dtype(), chunks=(CHUNK,),
                     compression="gzip", shuffle=True)
    p = u.create_dataset("chunked_partial", shape=(N,), dtype=h5py.string_dtype(), chunks=(CHUNK,), compression="gzip")
    p[:CHUNK] = labels[:CHUNK]
    assert f["obs/_index"].chunks is None
print("wrote", os.path.abspath(path))
