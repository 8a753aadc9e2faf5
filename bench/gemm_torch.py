"""The same three products as GemmLayouts.java in PyTorch: best of 7 blocks of 20, in ms."""
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]))
x, w, dy = torch.randn(1024, 512), torch.randn(512, 512), torch.randn(1024, 512)


def best(f):
    for _ in range(30):
        f()
    b = 1e9
    for _ in range(7):
        t0 = time.perf_counter()
        for _ in range(20):
            f()
        b = min(b, (time.perf_counter() - t0) / 20)
    return b * 1e3


print("AB %.3f" % best(lambda: x @ w))
print("ABt %.3f" % best(lambda: dy @ w.t()))
print("AtB %.3f" % best(lambda: x.t() @ dy))
