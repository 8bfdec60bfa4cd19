"""Per-node cost of a scalar graph: build a chain of n multiplications, back-propagate, free it.

    y = x · w · w · … · w      (n multiplications; x and w are scalars that require grad)

This is the worst case for a numpy-backed engine: every node does almost no arithmetic, so
the time is the engine's own per-operation overhead (making a tensor and a graph node, then
the bookkeeping of the backward pass). Compared, in interleaved blocks:

- ``bplib``: ``bplib.Tensor`` 0-d float64 tensors;
- ``torch``: PyTorch 0-d float64 tensors on the CPU, if PyTorch is importable;
- ``micrograd-style``: for context, the ``Value`` class below, a reference re-implementation
  written for this benchmark after the design of Karpathy's micrograd (each result keeps its
  operands and a closure that propagates the gradient; its topological sort is made iterative
  here, since a recursive one cannot walk 10⁵ nodes). It is not micrograd's code.

Each timed block builds one graph, runs backward and drops the graph. The garbage collector
stays enabled (its work during the build is part of the cost). ``gc.collect()`` runs after
every block, timed apart, so that no candidate leaves cyclic garbage for the next one to pay
for: bplib's and PyTorch's graphs are freed by reference counting when dropped, but
micrograd-style closures make reference cycles, which only the collector frees. That
collection is reported separately, and added to micrograd-style's time per node (less the
cost of a collection with no garbage, the one after a bplib block).

Target (issue 5): bplib ≤ 0.6× PyTorch's time per node, at n = 10⁵.

Run from the repository root:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/scalar_chain.py
"""

from __future__ import annotations

import argparse
import gc
import itertools
import time

import numpy as np

import _common
from _common import quartiles, ratio_summary

torch = _common.import_torch()

import bplib   # noqa: E402

W = 1.0000001  # the multiplier: w^n stays near 1 for n = 10⁵


# --- a micrograd-style scalar, for context (reference re-implementation, see the docstring) ---

class Value:
    """A scalar that remembers how it was computed: micrograd's design, re-implemented."""

    def __init__(self, data, children=()):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(children)

    def __mul__(self, other):
        out = Value(self.data * other.data, (self, other))

        def _backward():                      # a closure over out: a reference cycle
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def backward(self):
        order, visited, stack = [], set(), [(self, False)]
        while stack:                          # depth-first post-order, with an explicit stack
            v, expanded = stack.pop()
            if expanded:
                order.append(v)
            elif v not in visited:
                visited.add(v)
                stack.append((v, True))
                stack.extend((c, False) for c in v._prev if c not in visited)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


# --- one chain per library -------------------------------------------------------------------

def chain_bplib(n):
    x = bplib.Tensor(1.0, requires_grad=True)
    w = bplib.Tensor(W, requires_grad=True)
    y = x
    for _ in range(n):
        y = y * w
    y.backward()
    return float(x.grad), float(w.grad)


def chain_torch(n):
    x = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    w = torch.tensor(W, dtype=torch.float64, requires_grad=True)
    y = x
    for _ in range(n):
        y = y * w
    y.backward()
    return float(x.grad), float(w.grad)


def chain_micrograd(n):
    x, w = Value(1.0), Value(W)
    y = x
    for _ in range(n):
        y = y * w
    y.backward()
    return float(x.grad), float(w.grad)


def check(n: int, chains: dict) -> None:
    expected = (W ** n, n * W ** (n - 1))
    for name, chain in chains.items():
        np.testing.assert_allclose(chain(n), expected, rtol=1e-9, err_msg=name)
    print(f"  check: {', '.join(chains)} agree on ∂y/∂x = w^n and ∂y/∂w = n·w^(n−1) (n = {n})")


def run(n: int, rounds: int, chains: dict) -> dict:
    names = list(chains)
    for name in names:                         # warm up
        chains[name](min(n, 1000))
    gc.collect()
    times = {name: [] for name in names}
    collect = {name: [] for name in names}
    clock = time.perf_counter
    orders = list(itertools.permutations(names))   # all orders in turn, as _common.interleaved
    for r in range(rounds):
        for name in orders[r % len(orders)]:
            chain = chains[name]
            start = clock()
            chain(n)                           # build, backward; the graph is dropped on return
            middle = clock()
            gc.collect()
            end = clock()
            times[name].append((middle - start) / n)
            collect[name].append(end - middle)
    print(f"\n== chain of n = {n:,} multiplications: {rounds} interleaved rounds, one graph per block ==")
    print("  time per node (build + backward + free), median [IQR]; then gc.collect() (median):")
    for name in names:
        q1, q2, q3 = quartiles(times[name])
        print(f"    {name:16s} {q2 * 1e6:7.2f} µs  [{q1 * 1e6:.2f} – {q3 * 1e6:.2f}]   "
              f"gc.collect() {quartiles(collect[name])[1] * 1e3:6.1f} ms")
    result = {"n": n, **{name: quartiles(times[name])[1] for name in names}}
    if "micrograd-style" in times:
        extra = quartiles(collect["micrograd-style"])[1] - quartiles(collect["bplib"])[1]
        total = result["micrograd-style"] + extra / n
        print(f"    micrograd-style with the collection of its cycles: {total * 1e6:.2f} µs per node")
        result["micrograd-style"] = total
    if "torch" in times:
        r, r1, r3 = ratio_summary(times["bplib"], times["torch"])
        met = "met" if r <= 0.6 else "NOT met"
        print(f"  bplib / torch: {r:.3f}× (IQR of the per-round ratios {r1:.3f}–{r3:.3f}); "
              f"target ≤ 0.60×: {met}")
        result["ratio"] = (r, r1, r3)
    if "micrograd-style" in times:
        print(f"  bplib / micrograd-style (with its collection): "
              f"{result['bplib'] / result['micrograd-style']:.3f}×")
    _common.flush()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=21, help="interleaved rounds (default 21)")
    parser.add_argument("--no-micrograd", action="store_true", help="skip the micrograd-style class")
    args = parser.parse_args()
    _common.print_machine(torch)
    chains = {"bplib": chain_bplib}
    if torch is not None:
        torch.set_num_threads(1)
        chains["torch"] = chain_torch
        print("  torch.get_num_threads() = 1 (scalar ops do not use threads)")
    else:
        print("torch     : not importable; skipped (optional: pip install torch==2.13.0)")
    if not args.no_micrograd:
        chains["micrograd-style"] = chain_micrograd
    print(f"  gc thresholds {gc.get_threshold()}, enabled during the timing")
    check(1000, chains)
    for n in args.sizes:
        run(n, args.rounds, chains)


if __name__ == "__main__":
    main()
