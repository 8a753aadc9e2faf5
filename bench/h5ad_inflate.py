"""The CPU time zlib alone needs to inflate every chunk of an .h5ad file (a floor, not a benchmark).

    /usr/bin/python3 bench/h5ad_bench.py generate DIR
    /usr/bin/python3 bench/h5ad_inflate.py DIR/gzip.h5ad [REPEAT]

Reads the stored bytes of every chunk of every chunked dataset with h5py's read_direct_chunk, then
inflates them all with zlib.decompress (the system zlib, which h5py and the JDK's Inflater both
use) and prints the chunks, their compressed and inflated megabytes and the least process CPU time
over REPEAT passes (default 5). Any reader of the file, on any number of cores, spends at least
this CPU time on it.
"""
import sys
import time

import h5py
import zlib


def main(path, repeat):
    raw = []

    def visit(_, obj):
        if isinstance(obj, h5py.Dataset) and obj.chunks and obj.compression == "gzip":
            for i in range(obj.id.get_num_chunks()):
                raw.append(obj.id.read_direct_chunk(obj.id.get_chunk_info(i).chunk_offset)[1])

    with h5py.File(path, "r") as f:
        f.visititems(visit)
    best = float("inf")
    inflated = 0
    for _ in range(repeat):
        c0 = time.process_time()
        inflated = sum(len(zlib.decompress(b)) for b in raw)
        best = min(best, time.process_time() - c0)
    print(f"{len(raw)} chunks, {sum(map(len, raw)) / 1e6:.1f} MB stored, {inflated / 1e6:.1f} MB inflated: "
          f"{best * 1e3:.0f} ms of CPU (least of {repeat})")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
