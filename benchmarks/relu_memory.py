"""Peak extra memory of forward + backward through ReLU, relative to the input's size.

    x (n float64 values, requires grad)  →  y = relu(x)  →  y.sum().backward()  →  x.grad

What must exist at the peak: the output y (8n bytes), the mask x > 0 (n bytes, numpy bools)
and the gradient x.grad (8n bytes): 17n bytes, 2.125× the input's 8n. An explicit Jacobian
would be n² values (chapter 10); the vector-Jacobian product keeps the memory O(n).

Measured with ``tracemalloc``, which numpy reports its array buffers to, from after the input
is made until after the backward pass; the input itself is not counted. Checked at several n
to show the ratio is constant (O(n)), and, at the largest n, against the growth of the
process's peak resident memory (``resource.getrusage``) in a fresh child process.

Target (issue 5): at n = 10⁷, peak extra ≤ 3× the input.

Run from the repository root:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/relu_memory.py
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import tracemalloc

import numpy as np

import _common
from bplib import Tensor

TARGET = 3.0


def make_input(n: int) -> np.ndarray:
    return np.random.default_rng(0).standard_normal(n)


def forward_backward(x: np.ndarray, upstream: np.ndarray | None) -> Tensor:
    t = Tensor(x, requires_grad=True)      # wraps x, no copy
    y = t.relu()
    if upstream is None:
        y.sum().backward()                 # the usual way: a scalar loss
    else:
        y.backward(upstream)               # an upstream gradient that already exists
    return t


def traced_peak(n: int, with_upstream: bool) -> tuple[int, int]:
    """(peak extra bytes, input bytes) during forward + backward, by tracemalloc."""
    x = make_input(n)
    upstream = np.ones(n) if with_upstream else None
    gc.collect()
    tracemalloc.start()
    try:
        t = forward_backward(x, upstream)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    expected = (x > 0) * (1.0 if upstream is None else upstream)
    assert t.grad.shape == x.shape and np.array_equal(t.grad, expected)
    return peak, x.nbytes


def rss_child(n: int) -> None:
    """In a child process: growth of the peak RSS (ru_maxrss, KiB on Linux) over the step."""
    x = make_input(n)
    x[:] += 0.0                            # touch every page
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    forward_backward(x, None)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"extra": (after - before) * 1024, "input": x.nbytes}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10**5, 10**6, 10**7])
    parser.add_argument("--rss-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child(args.rss_child)
        return
    _common.print_machine()
    # First, while this process is still small: a child inherits its parent's peak RSS.
    n = max(args.sizes)
    out = subprocess.run([sys.executable, __file__, "--rss-child", str(n)], capture_output=True,
                         text=True, check=True).stdout
    rss = json.loads(out)
    print("\npeak extra memory during forward + backward through ReLU (tracemalloc), ÷ input size:")
    print(f"  {'n':>12s}  {'input':>9s}  {'y.sum().backward()':>20s}  {'y.backward(g), g given':>24s}")
    ratios = {}
    for n in args.sizes:
        peak, size = traced_peak(n, with_upstream=False)
        peak_g, _ = traced_peak(n, with_upstream=True)
        ratios[n] = peak / size
        print(f"  {n:12,d}  {size / 2**20:6.1f} MiB  {peak / 2**20:9.1f} MiB = {peak / size:5.3f}×  "
              f"{peak_g / 2**20:11.1f} MiB = {peak_g / size:5.3f}×")
    spread = max(ratios.values()) - min(ratios.values())
    print(f"  the ratio varies by {spread:.3f} over n = {min(ratios):,}…{max(ratios):,}: O(n)")
    print(f"  cross-check, growth of the peak RSS in a fresh process at n = {n:,}: "
          f"{rss['extra'] / 2**20:.1f} MiB = {rss['extra'] / rss['input']:.3f}× the input")
    ratio = ratios[n]
    met = "met" if ratio <= TARGET else "NOT met"
    print(f"\nat n = {n:,}: peak extra {ratio:.3f}× the input; target ≤ {TARGET:.0f}×: {met}")


if __name__ == "__main__":
    main()
