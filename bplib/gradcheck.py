"""``gradcheck``: compare a backward pass with finite differences, as ``torch.autograd.gradcheck``.

For each input that requires grad, the analytic Jacobian (one backward pass per output entry,
``bplib.autograd.grad``) is compared with the numerical one (central differences,
(f(x + ε eᵢ) − f(x − ε eᵢ)) / 2ε, one pair of forward passes per input entry). They agree when
abs(analytic − numerical) ≤ atol + rtol·abs(numerical) at every entry. ``fast_mode=True`` compares only
vᵀJu for random unit u and random v: one backward pass and two forward passes per input.

Finite differences need float64: in float32 the round-off of f(x ± ε) swamps the difference, so
a float32 input gets a ``UserWarning``. The inputs are perturbed on private copies in their own
memory layout (a Fortran-ordered input stays Fortran-ordered, so ``fn`` runs the same code on
the nudged values as on the original ones) and restored, even if ``fn`` raises; no ``.grad`` is
changed.

Import it as ``from bplib.gradcheck import gradcheck, GradcheckError``: this module is its one
home (``bplib.gradients``, chapters 06–07, does not need the engine).

Explained in chapter 09 (Autograd Functions); finite differences in chapter 06 (Numerical
gradient).
"""

from __future__ import annotations

import warnings
from typing import Any, Callable, Sequence

import numpy as np

from ._util import as_callable, as_real, describe
from .autograd import Tensor, grad, no_grad

__all__ = ["gradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Raised by ``gradcheck`` when the backward pass disagrees with finite differences.

    The message names the input, the worst entry, the analytic and the numerical value.

    Example
    -------
    >>> x = Tensor([1.0], requires_grad=True)
    >>> try:                          # a "function" whose output forgot how it was computed
    ...     gradcheck(lambda t: Tensor(t.data * 2.0, requires_grad=True), (x,))
    ... except GradcheckError as e:
    ...     print(str(e).splitlines()[0])
    gradcheck: Jacobian mismatch for input 0 (shape (1,)): worst entry d output(0,) / d input(0,):

    Explained in chapter 09 (Autograd Functions).
    """


def _output(fn: Callable, inputs: Sequence[Any]) -> Tensor:
    out = fn(*inputs)
    if not isinstance(out, Tensor):
        raise TypeError(f"gradcheck: fn must return a Tensor; got {describe(out)}")
    return out


def _values(fn: Callable, inputs: Sequence[Any]) -> np.ndarray:
    """fn's output value as a new float64 array (not a view of an input), without a graph."""
    with no_grad():
        return np.array(_output(fn, inputs)._data, dtype=np.float64)


def _in_layout_of(original: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` as a new array of ``original``'s dtype and memory layout (C or Fortran)."""
    out = np.empty_like(original)
    out[...] = values
    return out


def _where(shape: tuple, flat: int) -> str:
    return str(tuple(int(i) for i in np.unravel_index(flat, shape))) if shape else "()"


def gradcheck(fn: Callable[..., Tensor], inputs: Any, eps: float = 1e-6, atol: float = 1e-5,
              rtol: float = 1e-3, fast_mode: bool = False) -> bool:
    """Check the gradients of ``fn`` at ``inputs`` against central finite differences.

    Parameters
    ----------
    fn : callable
        A function of ``inputs`` returning one Tensor, e.g. ``MyFunction.apply`` or
        ``lambda x, W: (x @ W).relu()``.
    inputs : tuple
        The arguments for ``fn`` (a single Tensor is accepted too). Tensors with
        ``requires_grad=True`` are checked, in any shape and memory layout (C-order,
        Fortran-order, strided views); other arguments (labels, an axis) pass through.
    eps : float, default 1e-6
        ε, the finite-difference step.
    atol : float, default 1e-5
        The absolute part of the tolerance abs(analytic − numerical) ≤ atol + rtol·abs(numerical),
        entrywise.
    rtol : float, default 1e-3
        The relative part of that tolerance.
    fast_mode : bool, default False
        Compare vᵀJu for random u, v instead of the whole Jacobian (faster for large inputs; a
        failure then names the input but not the entry).

    Returns
    -------
    bool
        True; otherwise ``GradcheckError`` is raised, naming the input, the worst entry (output
        index, input index), the analytic value (from backward) and the numerical one.

    Example
    -------
    >>> x = Tensor(np.array([0.5, -1.0]), requires_grad=True)
    >>> gradcheck(lambda t: (t * t).sum(), (x,))
    True

    Explained in chapter 09 (Autograd Functions).
    """
    func = "gradcheck"
    as_callable(fn, "fn", func)
    eps = as_real(eps, "eps", func, low=0.0, low_open=True)
    atol = as_real(atol, "atol", func, low=0.0)
    rtol = as_real(rtol, "rtol", func, low=0.0)
    if not isinstance(fast_mode, (bool, np.bool_)):
        raise TypeError(f"{func}: fast_mode must be True or False; got {describe(fast_mode)}")
    if isinstance(inputs, Tensor):
        inputs = (inputs,)
    if not isinstance(inputs, (tuple, list)):
        raise TypeError(f"{func}: inputs must be a tuple of arguments for fn (Tensors and others); "
                        f"got {describe(inputs)}")
    inputs = tuple(inputs)
    checked = [(i, t) for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]
    if not checked:
        raise ValueError(f"{func}: no input requires grad, so there is nothing to check; create the "
                         "Tensors to check with requires_grad=True")
    for i, t in checked:
        if t.dtype != np.float64:
            warnings.warn(
                f"gradcheck: input {i} has dtype {t.dtype}; finite differences are only reliable in "
                "float64 (round-off in lower precision swamps the difference, so a correct backward "
                "may fail the check): use float64 inputs", UserWarning, stacklevel=2)

    out = _output(fn, inputs)
    name = f" of {out.grad_fn.name}" if out.grad_fn is not None else ""
    hint = ("" if out.requires_grad else
            " (fn's output does not require grad: no input with requires_grad=True reached it "
            "through recorded operations, so the analytic gradient is 0)")
    targets = [t for _, t in checked]
    originals = [t._data for t in targets]
    try:
        if fast_mode:
            _check_fast(fn, inputs, out, checked, eps, atol, rtol, name, hint)
        else:
            _check_full(fn, inputs, out, checked, eps, atol, rtol, name, hint)
    finally:
        for t, data in zip(targets, originals):
            t._data = data
    return True


def _check_full(fn, inputs, out, checked, eps, atol, rtol, name, hint) -> None:
    """Whole Jacobians: analytic row by row (backward passes), numerical column by column."""
    out_shape, n_out = out.shape, out.size
    tensors = [t for _, t in checked]
    analytic = [np.zeros((n_out, t.size)) for t in tensors]
    if out.requires_grad:
        for k in range(n_out):
            e = np.zeros(out_shape, dtype=out.dtype)
            e.flat[k] = 1
            rows = grad(out, tensors, e, retain_graph=True)
            for J, row in zip(analytic, rows):
                J[k] = np.asarray(row, dtype=np.float64).reshape(-1)
    for (i, t), A in zip(checked, analytic):
        original = t._data
        work = np.array(original, order="K")      # a private copy, in the input's layout
        t._data = work
        N = np.zeros_like(A)
        for j, index in enumerate(np.ndindex(work.shape)):   # C order, as the rows of A
            x_j = work[index]
            work[index] = x_j + eps
            plus = _values(fn, inputs)
            work[index] = x_j - eps
            minus = _values(fn, inputs)
            work[index] = x_j
            N[:, j] = ((plus - minus) / (2 * eps)).reshape(-1)
        t._data = original
        excess = np.abs(A - N) - (atol + rtol * np.abs(N))
        if excess.size and excess.max() > 0:
            k, j = np.unravel_index(int(np.argmax(excess)), excess.shape)
            a, n = A[k, j], N[k, j]
            raise GradcheckError(
                f"gradcheck: Jacobian mismatch for input {i} (shape {t.shape}){name}: worst entry "
                f"d output{_where(out_shape, k)} / d input{_where(t.shape, j)}:\n"
                f"  analytic (backward):              {a:.6g}\n"
                f"  numerical (central difference):   {n:.6g}\n"
                f"  |difference| {abs(a - n):.3g} > atol + rtol·|numerical| = {atol + rtol * abs(n):.3g}"
                f" ({int((excess > 0).sum())} of {excess.size} entries differ){hint}")


def _check_fast(fn, inputs, out, checked, eps, atol, rtol, name, hint) -> None:
    """vᵀJu for a random unit u (per input) and a random v: one backward, two forwards each."""
    rng = np.random.default_rng(0)
    v = rng.standard_normal(out.shape)
    tensors = [t for _, t in checked]
    if out.requires_grad:
        vjps = grad(out, tensors, v.astype(out.dtype), retain_graph=True)
    else:
        vjps = [np.zeros(t.shape) for t in tensors]
    for (i, t), vjp in zip(checked, vjps):
        u = rng.standard_normal(t.shape)
        u /= max(np.linalg.norm(u), 1e-300)
        analytic = float(np.sum(np.asarray(vjp, dtype=np.float64) * u))
        original = t._data
        base = np.asarray(original, dtype=np.float64)
        t._data = _in_layout_of(original, base + eps * u)
        plus = _values(fn, inputs)
        t._data = _in_layout_of(original, base - eps * u)
        minus = _values(fn, inputs)
        t._data = original
        numerical = float(np.sum(v * (plus - minus) / (2 * eps)))
        if abs(analytic - numerical) > atol + rtol * abs(numerical):
            raise GradcheckError(
                f"gradcheck (fast_mode): mismatch for input {i} (shape {t.shape}){name} in vᵀJu for "
                f"random u, v:\n"
                f"  analytic (backward):              {analytic:.6g}\n"
                f"  numerical (central difference):   {numerical:.6g}\n"
                f"  |difference| {abs(analytic - numerical):.3g} > atol + rtol·|numerical| = "
                f"{atol + rtol * abs(numerical):.3g}; rerun with fast_mode=False to see the worst entry{hint}")
