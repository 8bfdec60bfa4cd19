"""One training step of a 2-layer MLP: bplib autograd vs hand-written numpy (vs PyTorch CPU).

The step (DESIGN.md, "What we measure"): scores = ReLU(X·W1 + b1)·W2 + b2, the numerically
stable softmax cross-entropy (mean over the batch), the backward pass, and an in-place SGD
update of W1, b1, W2, b2. Three implementations of the same step:

- ``numpy``: written directly in numpy, the backward pass by hand: the floor for any
  numpy-backed engine (the same arithmetic, with no graph and no Python bookkeeping);
- ``bplib``: ``bplib.Tensor`` operators, ``bplib.functional.cross_entropy``, ``loss.backward()``
  and ``bplib.optim.SGD``, as chapter 11 trains;
- ``torch``: the same with PyTorch on the CPU (``torch.optim.SGD``), if PyTorch is importable.

Sizes: digits (batch 128, 64→128→10, float64, 1 thread) and MNIST (batch 256, 784→512→10,
float32, 2 threads). Targets (issue 5): bplib ≤ 1.20× numpy at digits size, ≤ 1.08× at MNIST size.

First all three are checked to compute the same loss, gradients and updated parameters; then
they are timed in interleaved blocks and the medians are printed. glibc's malloc thresholds are
fixed first, so that the times do not depend on the allocator's history (see README.md).

Run from the repository root (unset OpenBLAS's core-type overrides for benchmarks only):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/mlp_step.py
"""

from __future__ import annotations

import argparse
import contextlib

import numpy as np

import _common
from _common import interleaved, quartiles, ratio_summary

torch = _common.import_torch()   # optional; imported before threadpoolctl limits its OpenMP pool

import bplib                                   # noqa: E402
from bplib.functional import cross_entropy     # noqa: E402
from bplib.optim import SGD                    # noqa: E402

SIZES = {
    #        batch, D_in, hidden, classes, dtype, threads, target ratio
    "digits": (128, 64, 128, 10, np.float64, 1, 1.20),
    "mnist": (256, 784, 512, 10, np.float32, 2, 1.08),
}
LR = 0.01


# --- the three implementations of one step ----------------------------------------------------

def numpy_loss_and_grads(W1, b1, W2, b2, X, y):
    """Forward and backward by hand; returns the loss and (dW1, db1, dW2, db2)."""
    n = X.shape[0]
    rows = np.arange(n)
    h = X @ W1 + b1                              # (N, H) hidden pre-activations
    a = np.maximum(h, 0)                         # ReLU
    s = a @ W2 + b2                              # (N, C) scores
    shifted = s - s.max(axis=1, keepdims=True)   # stable softmax: subtract the row maximum
    e = np.exp(shifted)
    sums = e.sum(axis=1, keepdims=True)
    loss = (np.log(sums[:, 0]) - shifted[rows, y]).mean()
    ds = e / sums                                # softmax(s) ...
    ds[rows, y] -= 1                             # ... − onehot(y)
    ds /= n                                      # mean over the batch
    dW2 = a.T @ ds
    db2 = ds.sum(axis=0)
    da = ds @ W2.T
    dh = da * (h > 0)                            # ReLU'(h), 0 at h = 0
    dW1 = X.T @ dh
    db1 = dh.sum(axis=0)
    return loss, (dW1, db1, dW2, db2)


def numpy_step(W1, b1, W2, b2, X, y):
    """One training step: forward, backward by hand, in-place SGD update; returns the loss."""
    loss, (dW1, db1, dW2, db2) = numpy_loss_and_grads(W1, b1, W2, b2, X, y)
    W1 -= LR * dW1                               # in-place SGD update
    b1 -= LR * db1
    W2 -= LR * dW2
    b2 -= LR * db2
    return loss


def make_numpy_step(params, X, y):
    W1, b1, W2, b2 = params
    return lambda: numpy_step(W1, b1, W2, b2, X, y)


def make_bplib_step(params, X, y):
    W1, b1, W2, b2 = weights = [bplib.Tensor(p, requires_grad=True) for p in params]   # no copy
    opt = SGD(weights, lr=LR)

    def step():
        opt.zero_grad()
        h = (bplib.Tensor(X) @ W1 + b1).relu()
        loss = cross_entropy(h @ W2 + b2, y)
        loss.backward()
        opt.step()
        return loss
    return step, weights


def make_torch_step(params, X, y):
    W1, b1, W2, b2 = weights = [torch.from_numpy(p).requires_grad_() for p in params]   # no copy
    opt = torch.optim.SGD(weights, lr=LR)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    cross_entropy_t = torch.nn.functional.cross_entropy

    def step():
        opt.zero_grad()
        h = torch.relu(Xt @ W1 + b1)
        loss = cross_entropy_t(h @ W2 + b2, yt)
        loss.backward()
        opt.step()
        return loss
    return step, weights


# --- setup, check, timing ---------------------------------------------------------------------

def make_problem(n, d, hidden, classes, dtype, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((n, d)).astype(dtype)        # like pixel intensities in [0, 1]
    y = rng.integers(0, classes, n)               # int64 labels
    params = [
        (rng.standard_normal((d, hidden)) * np.sqrt(2.0 / d)).astype(dtype),
        (0.01 * rng.standard_normal(hidden)).astype(dtype),
        (rng.standard_normal((hidden, classes)) * np.sqrt(1.0 / hidden)).astype(dtype),
        (0.01 * rng.standard_normal(classes)).astype(dtype),
    ]
    return X, y, params


def check_same_step(X, y, params, dtype) -> None:
    """Assert that numpy, bplib and torch give the same loss, gradients and updated parameters."""
    rtol, atol = (1e-10, 1e-12) if dtype == np.float64 else (2e-4, 1e-6)
    loss_np, grads_np = numpy_loss_and_grads(*params, X, y)
    updated_np = [p - LR * g for p, g in zip(params, grads_np)]

    candidates = {"bplib": make_bplib_step}
    if torch is not None:
        candidates["torch"] = make_torch_step
    for name, make in candidates.items():
        copies = [p.copy() for p in params]
        step, weights = make(copies, X, y)
        loss = step().item()
        np.testing.assert_allclose(loss, loss_np, rtol=rtol, err_msg=f"{name}: loss")
        for label, w, g, new in zip(("W1", "b1", "W2", "b2"), weights, grads_np, updated_np):
            grad = w.grad.numpy() if torch is not None and isinstance(w, torch.Tensor) else w.grad
            assert grad.dtype == dtype, f"{name}: {label}.grad has dtype {grad.dtype}"
            scale = np.abs(g).max()
            np.testing.assert_allclose(grad, g, rtol=rtol, atol=atol * scale,
                                       err_msg=f"{name}: gradient of {label}")
        for label, c, new in zip(("W1", "b1", "W2", "b2"), copies, updated_np):
            assert c.dtype == dtype
            np.testing.assert_allclose(c, new, rtol=rtol, atol=atol,
                                       err_msg=f"{name}: {label} after the SGD step")
    print(f"  check: numpy, {', '.join(candidates)} agree on the loss ({float(loss_np):.6f}), "
          "the gradients and the updated parameters")


def thread_limits(threads):
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        print("  threadpoolctl not installed: BLAS thread count not set")
        return contextlib.nullcontext()
    return threadpool_limits(limits=threads)


def run(size: str, rounds: int, block_seconds: float) -> dict:
    n, d, hidden, classes, dtype, threads, target = SIZES[size]
    dt = np.dtype(dtype).name
    print(f"\n== {size} size: batch {n}, {d}→{hidden}→{classes}, {dt}, {threads} thread(s) ==")
    with thread_limits(threads):
        if torch is not None:
            torch.set_num_threads(threads)
        try:
            from threadpoolctl import threadpool_info
            print("  thread pools: " + "; ".join(f"{p['internal_api']} {p['num_threads']}"
                                                 for p in threadpool_info())
                  + (f"; torch.get_num_threads() {torch.get_num_threads()}" if torch is not None else ""))
        except ImportError:
            pass
        X, y, params = make_problem(n, d, hidden, classes, dtype)
        check_same_step(X, y, params, dtype)

        steps = {"numpy": make_numpy_step([p.copy() for p in params], X, y),
                 "bplib": make_bplib_step([p.copy() for p in params], X, y)[0]}
        if torch is not None:
            steps["torch"] = make_torch_step([p.copy() for p in params], X, y)[0]
        repeats = _common.calibrate(steps["numpy"], block_seconds)
        settle = 0.1 if threads > 1 else 0.0       # let idle BLAS/OpenMP threads stop spinning
        faults = _common.minor_faults()
        times = interleaved(steps, repeats=repeats, rounds=rounds, settle=settle)
        calls = len(steps) * (2 * repeats + rounds * (repeats + 1))   # with the warm-up calls
        faults = (_common.minor_faults() - faults) / calls

    print(f"  {rounds} rounds of interleaved blocks, {repeats} steps per block (after an untimed "
          f"one), {faults:.1f} page faults per step; time per step, median [IQR of the blocks]:")
    for name, ts in times.items():
        q1, q2, q3 = quartiles(ts)
        print(f"    {name:6s} {q2 * 1e3:8.4f} ms  [{q1 * 1e3:.4f} – {q3 * 1e3:.4f}]")
    r, r1, r3 = ratio_summary(times["bplib"], times["numpy"])
    met = "met" if r <= target else "NOT met"
    print(f"  bplib / numpy: {r:.3f}× (IQR of the per-round ratios {r1:.3f}–{r3:.3f}); "
          f"target ≤ {target:.2f}×: {met}")
    result = {"size": size, "numpy": quartiles(times["numpy"])[1], "bplib": quartiles(times["bplib"])[1],
              "ratio": r, "iqr": (r1, r3), "target": target}
    if torch is not None:
        rt, rt1, rt3 = ratio_summary(times["bplib"], times["torch"])
        print(f"  bplib / torch: {rt:.3f}× (IQR {rt1:.3f}–{rt3:.3f}); "
              f"torch / numpy: {ratio_summary(times['torch'], times['numpy'])[0]:.3f}×")
        result["torch"] = quartiles(times["torch"])[1]
    _common.flush()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=[*SIZES, "both"], default="both")
    parser.add_argument("--rounds", type=int, default=61, help="interleaved rounds (default 61)")
    parser.add_argument("--block-seconds", type=float, default=None,
                        help="about how long one block of the numpy step runs (default 0.02 at "
                             "digits size, 0.1 at MNIST size, whose 2 threads are noisier)")
    args = parser.parse_args()
    malloc = _common.steady_malloc()
    _common.print_machine(torch)
    print(f"  {malloc}")
    if torch is None:
        print("torch     : not importable; skipped (optional: pip install torch==2.13.0)")
    sizes = list(SIZES) if args.size == "both" else [args.size]
    for size in sizes:
        block = args.block_seconds or (0.02 if size == "digits" else 0.1)
        run(size, args.rounds, block)


if __name__ == "__main__":
    main()
