"""Writes the golden version-1 checkpoint that org.flowmatch4j.nn.CheckpointTest must still load.

Run with /usr/bin/python3 (standard library only):
    /usr/bin/python3 fm4j-core/src/test/python/gen_checkpoint_v1.py
Version 1 of the format (see docs/checkpoint-format.md): magic "FM4JCKPT", int32 version 1,
int32 header size, UTF-8 "key=value\n" header, int32 tensor count, then per tensor an int32-length
UTF-8 name, int32 rows, int32 cols and rows*cols little-endian float32. No sections, no checksum.
It holds a 2 -> 3 -> 2 SELU MLP with time as a raw input column; element k of tensor j (counting
all tensors in order) is 0.01 * (k + 1) * (-1) ** j.
"""
import os
import struct

out = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "flowmatch4j", "nn",
                   "checkpoint_v1.fm4j")
header = {
    "model.architecture": "mlp",
    "model.inputDim": "2",
    "model.condDim": "0",
    "model.outputDim": "2",
    "model.width": "3",
    "model.depth": "1",
    "model.activation": "SELU",
    "model.timeEncoding": "RAW",
    "model.timeEmbeddingDim": "0",
    "model.seed": "7",
    "provenance.note": "golden file of format version 1",
}
tensors = [("layers.0.weight", 3, 3), ("layers.0.bias", 1, 3),
           ("layers.1.weight", 2, 3), ("layers.1.bias", 1, 2)]

h = "".join(f"{k}={v}\n" for k, v in header.items()).encode("utf-8")
buf = bytearray(b"FM4JCKPT")
buf += struct.pack("<ii", 1, len(h)) + h
buf += struct.pack("<i", len(tensors))
for j, (name, rows, cols) in enumerate(tensors):
    nb = name.encode("utf-8")
    buf += struct.pack("<i", len(nb)) + nb + struct.pack("<ii", rows, cols)
    sign = -1.0 if j % 2 else 1.0
    buf += struct.pack("<%df" % (rows * cols), *[sign * 0.01 * (k + 1) for k in range(rows * cols)])
with open(out, "wb") as f:
    f.write(buf)
print("wrote", os.path.normpath(out), len(buf), "bytes")
