"""Gradient descent: step against the gradient, w ← w − α ∇L(w).

- ``gradient_descent(loss_and_grad, w0, lr, steps)`` runs the update on a numpy parameter
  array and records the whole run in a ``Trajectory`` (parameters, losses and learning
  rates per step), stopping with a warning if the run diverges.
- ``SGD(params, lr, momentum=0.0)`` is the same update as an optimizer object over autograd
  ``Tensor``s, with ``step()`` and ``zero_grad()`` as in ``torch.optim.SGD``.
- ``Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)`` scales each
  parameter's step by running averages of its gradient and squared gradient, as
  ``torch.optim.Adam`` does.

The learning rate ``lr`` is a number or a schedule (any callable t -> α_t, such as those of
``bplib.schedules``), evaluated at t = 0, 1, 2, … one step at a time.

Both optimizers take ``params`` as an iterable of Tensors (a list, usually): a bare Tensor is a
``TypeError`` and a Tensor listed twice a ``ValueError``, checked when the optimizer is built.

Explained in chapter 04 (Gradient descent) and chapter 05 (Learning rate); Adam in chapter 11
(Capstone).
"""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np

from ._util import (as_callable, as_float_array, as_int, as_real, describe, format_number,
                    format_point)

__all__ = ["Trajectory", "gradient_descent", "SGD", "Adam", "DIVERGENCE_FACTOR"]

DIVERGENCE_FACTOR = 1e6
"""A run has diverged when its loss exceeds DIVERGENCE_FACTOR × max(1, abs(initial loss))."""


@dataclass(repr=False)
class Trajectory:
    """The record of a gradient-descent run of ``k`` steps (k = ``steps`` unless it diverged).

    Attributes
    ----------
    params : (k+1, D) float array, the parameters before the first step and after each step
        (for parameters of another shape S, ``(k+1, *S)``).
    losses : (k+1,) float array, the loss at each row of ``params`` (the first is the
        starting loss).
    lrs : (k,) float array, the learning rate used by each step.
    diverged : bool, True if the run was stopped because it diverged (then the last row is
        the step where that was detected).
    final : (D,) float array, the last parameters, ``params[-1]``.

    Explained in chapter 04 (Gradient descent).
    """

    params: np.ndarray
    losses: np.ndarray
    lrs: np.ndarray
    diverged: bool
    final: np.ndarray

    def __repr__(self) -> str:
        return (f"Trajectory(steps={len(self.lrs)}, final={format_point(self.final)}, "
                f"final_loss={format_number(self.losses[-1])}, diverged={self.diverged})")


def _lr_at(lr, t: int, func: str) -> float:
    """The learning rate for step t: the number itself, or the schedule's value at t."""
    if not callable(lr):
        return lr
    value = lr(t)
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) \
            or value < 0:
        raise ValueError(
            f"{func}: the schedule lr returned {describe(value)} at step t = {t}; "
            "expected a finite learning rate >= 0")
    return float(value)


def _check_lr(lr, func: str):
    """A number ≥ 0 (returned as a float) or a schedule (returned as is)."""
    if callable(lr):
        return lr
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise TypeError(
            f"{func}: lr must be a number or a schedule (a callable t -> learning rate); "
            f"got {describe(lr)}")
    return as_real(lr, "lr", func, low=0.0)


def _call_loss_and_grad(loss_and_grad: Callable, w: np.ndarray,
                        func: str) -> tuple[float, np.ndarray]:
    """Call ``loss_and_grad(w)``; check it returned (a real scalar, an array shaped like w)."""
    out = loss_and_grad(w.copy())
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise TypeError(
            f"{func}: loss_and_grad must return a pair (loss, grad); got {describe(out)}")
    loss, grad = out
    loss_arr = np.asarray(loss)
    if loss_arr.dtype.kind not in "biuf" or loss_arr.size != 1:
        raise ValueError(
            f"{func}: loss_and_grad returned a loss of {describe(loss)}; expected a real scalar "
            "(the loss first, then the gradient)")
    grad = as_float_array(grad, "the gradient returned by loss_and_grad", func, finite=False)
    if grad.shape != w.shape:
        raise ValueError(
            f"{func}: loss_and_grad returned a gradient of shape {grad.shape} for parameters of "
            f"shape {w.shape}; expected the gradient to have the parameters' shape")
    return float(loss_arr.reshape(())), grad


def gradient_descent(loss_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]],
                     w0: Sequence[float] | np.ndarray, lr: float | Callable[[int], float],
                     steps: int) -> Trajectory:
    """Run ``steps`` steps of gradient descent, w ← w − α_t ∇L(w), from ``w0``.

    Divergence: the run stops as soon as, after a step, the parameters or the loss are not
    finite, or the loss exceeds 1e6 × max(1, abs(initial loss)) (``DIVERGENCE_FACTOR``). The
    arrays then end at that step (its parameters and loss are the last row), ``diverged``
    is True and a ``RuntimeWarning`` names the step and suggests a smaller learning rate.
    On f(w) = ½wᵀAw a constant α converges when α < 2/λ_max(A) and diverges above.

    Parameters
    ----------
    loss_and_grad : callable, w -> (loss, grad): the loss (a real scalar) and the gradient
        (an array shaped like w). For mini-batches, a closure that samples a new batch on
        each call.
    w0 : (D,) starting parameters (any array of at least one dimension works; its shape is
        kept, and ``params`` is then ``(steps+1, *w0.shape)``).
    lr : the learning rate α, a number ≥ 0, or a schedule t -> α_t (for example
        ``bplib.schedules.cosine_decay(0.1, T=steps)``), called at t = 0, …, steps − 1.
    steps : the number of updates, an integer ≥ 0.

    Returns
    -------
    Trajectory with ``params`` (steps+1, D), ``losses`` (steps+1,), ``lrs`` (steps,),
    ``diverged`` and ``final`` (D,), fewer rows if the run diverged.

    Example
    -------
    >>> A = np.diag([1.0, 10.0])                     # f(w) = ½wᵀAw, λ_max = 10
    >>> quadratic = lambda w: (0.5 * float(w @ A @ w), A @ w)
    >>> run = gradient_descent(quadratic, w0=[1.0, 1.0], lr=0.1, steps=100)
    >>> run.params.shape, run.lrs.shape
    ((101, 2), (100,))
    >>> run
    Trajectory(steps=100, final=[2.656e-05, 0.0], final_loss=3.528e-10, diverged=False)

    Explained in chapter 04 (Gradient descent); schedules in chapter 05 (Learning rate).
    """
    func = "gradient_descent"
    loss_and_grad = as_callable(loss_and_grad, "loss_and_grad", func)
    w = as_float_array(w0, "w0", func)
    if w.ndim == 0:
        raise ValueError(
            f"{func}: w0 must be an array of parameters (at least 1-D); got the scalar "
            f"{float(w):g}; wrap it as np.array([{float(w):g}])")
    w = w.copy()
    lr = _check_lr(lr, func)
    steps = as_int(steps, "steps", func, low=0)

    loss, grad = _call_loss_and_grad(loss_and_grad, w, func)
    if not np.isfinite(loss):
        raise ValueError(f"{func}: the loss at w0 is {loss}; expected a finite starting loss")
    limit = DIVERGENCE_FACTOR * max(1.0, abs(loss))
    params, losses, lrs = [w.copy()], [loss], []
    diverged = False
    for t in range(steps):
        alpha = _lr_at(lr, t, func)
        w = w - alpha * grad
        lrs.append(alpha)
        if np.all(np.isfinite(w)):
            loss, grad = _call_loss_and_grad(loss_and_grad, w, func)
        else:
            loss = float("nan")            # no loss at non-finite parameters
        params.append(w.copy())
        losses.append(loss)
        if not np.all(np.isfinite(w)) or not np.isfinite(loss) or loss > limit:
            diverged = True
            what = ("the parameters are not finite" if not np.all(np.isfinite(w))
                    else f"the loss is {loss:.3g} (the limit is {limit:.3g}, "
                         f"{DIVERGENCE_FACTOR:g} × max(1, |initial loss|))")
            warnings.warn(
                f"{func}: diverged at step {t + 1} of {steps}: {what}; "
                f"the learning rate was {alpha:g}; try a smaller learning rate",
                RuntimeWarning, stacklevel=2)
            break
    params = np.array(params)
    return Trajectory(params=params, losses=np.array(losses, dtype=np.float64),
                      lrs=np.array(lrs, dtype=np.float64), diverged=diverged,
                      final=params[-1].copy())


def _is_tensor(p) -> bool:
    """Tensor-like: ``.data`` an ndarray (updated in place) and a ``.grad`` attribute."""
    return hasattr(p, "grad") and isinstance(getattr(p, "data", None), np.ndarray)


def _check_params(params, func: str) -> list:
    """The parameters as a list of distinct Tensors, checked as ``torch.optim`` does.

    A bare Tensor is rejected (``list(w)`` would split it into rows that are never updated),
    and so is a Tensor listed twice (``step`` would update it twice).
    """
    if _is_tensor(params):
        raise TypeError(
            f"{func}: params must be an iterable of Tensors, such as [W, b]; got a single "
            f"Tensor of shape {params.data.shape}; wrap it in a list: {func}([w], ...)")
    try:
        params = list(params)
    except TypeError:
        raise TypeError(
            f"{func}: params must be an iterable of Tensors; got {describe(params)}") from None
    if not params:
        raise ValueError(f"{func}: params is empty; expected at least one Tensor to optimize")
    seen: dict[int, int] = {}
    for i, p in enumerate(params):
        if not _is_tensor(p):
            raise TypeError(
                f"{func}: params[{i}] must be a Tensor (with .data, an ndarray, and .grad); "
                f"got {describe(p)}")
        if getattr(p, "grad_fn", None) is not None:
            raise ValueError(
                f"{func}: params[{i}] is not a leaf Tensor (it was computed from others, "
                f"grad_fn={p.grad_fn!r}); optimize the leaves it was computed from")
        if id(p) in seen:
            raise ValueError(
                f"{func}: params[{i}] is the same Tensor as params[{seen[id(p)]}]; list each "
                "parameter once (it would be updated twice per step)")
        seen[id(p)] = i
    return params


def _grad_of(p, i: int, func: str):
    """``p.grad`` as an ndarray shaped like ``p.data``, or None when there is no gradient."""
    grad = p.grad
    if grad is None:
        return None
    if type(grad) is not np.ndarray:
        grad = np.asarray(grad)
    if grad.shape != p.data.shape:
        raise ValueError(
            f"{func}: params[{i}] has .grad of shape {grad.shape} but .data of shape "
            f"{p.data.shape}; expected the same shape")
    return grad


def _lr_repr(lr) -> str:
    return repr(lr) if callable(lr) else format_number(lr)


class SGD:
    """Stochastic gradient descent over autograd Tensors, as ``torch.optim.SGD``.

    Each ``step()`` updates every parameter that has a gradient, in place:

    - without momentum: p ← p − α_t g;
    - with momentum ρ: v ← ρ v + g (v starts at 0, so the first v is g), then p ← p − α_t v
      (PyTorch's definition, dampening 0, no Nesterov).

    Parameters whose ``.grad`` is None are skipped (their velocity is kept). ``zero_grad()``
    sets every ``.grad`` to None, as PyTorch does by default. A schedule ``lr`` is advanced
    once per ``step()``: step number t (from 0) uses α_t = lr(t).

    Parameters
    ----------
    params : iterable of Tensors, such as ``[W, b]`` (anything with ``.data``, an ndarray
        updated in place, and ``.grad``, an array of the same shape or None). A bare Tensor
        is a ``TypeError`` (as in PyTorch); a Tensor listed twice is a ``ValueError``.
    lr : the learning rate, a number ≥ 0 or a schedule t -> α_t.
    momentum : ρ in [0, 1); 0 is plain SGD.

    Attributes
    ----------
    t : the number of ``step()`` calls so far.
    last_lr : α used by the last step (None before the first).

    Example
    -------
    >>> from bplib import Tensor
    >>> w = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    >>> opt = SGD([w], lr=0.1, momentum=0.5)
    >>> for _ in range(50):
    ...     opt.zero_grad()
    ...     loss = (w * w).sum()
    ...     loss.backward()
    ...     opt.step()
    >>> opt.t, bool(np.abs(w.data).max() < 1e-6)
    (50, True)

    Explained in chapter 04 (Gradient descent); used in chapter 11 (Capstone).
    """

    def __init__(self, params: Iterable, lr: float | Callable[[int], float],
                 momentum: float = 0.0):
        func = "SGD"
        self.params = _check_params(params, func)
        self.lr = _check_lr(lr, func)
        self.momentum = as_real(momentum, "momentum", func, low=0.0, high=1.0, high_open=True)
        self.velocity: list = [None] * len(self.params)
        self.t = 0
        self.last_lr: float | None = None

    def step(self) -> None:
        """Update every parameter that has a gradient, in place; then advance t by one."""
        func = "SGD.step"
        alpha = _lr_at(self.lr, self.t, func)
        momentum = self.momentum
        for i, p in enumerate(self.params):
            grad = _grad_of(p, i, func)
            if grad is None:
                continue
            data = p.data         # read once: the update below changes this array in place
            if momentum > 0.0:
                if self.velocity[i] is None:
                    self.velocity[i] = np.zeros_like(data)
                self.velocity[i] = momentum * self.velocity[i] + grad
                grad = self.velocity[i]
            data -= alpha * grad
        self.last_lr = alpha
        self.t += 1

    def zero_grad(self) -> None:
        """Forget the gradients: set every parameter's ``.grad`` to None."""
        for p in self.params:
            p.grad = None

    def __repr__(self) -> str:
        return f"SGD({len(self.params)} params, lr={_lr_repr(self.lr)}, momentum={self.momentum:g})"


class Adam:
    """Adam over autograd Tensors, with the semantics of ``torch.optim.Adam``.

    Adam (Kingma and Ba, 2015) keeps, for each parameter, running averages of its gradient
    (the first moment m, as momentum does) and of its squared gradient (the second moment v),
    and divides the step by √v entry by entry, so that every weight moves at a similar
    rate whatever the scale of its gradient. At step k = 1, 2, … of a parameter p with
    gradient g:

    - g ← g + weight_decay · p (L2 weight decay added to the gradient, as in PyTorch;
      not the decoupled decay of AdamW);
    - m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g² (both start at 0);
    - m̂ = m / (1 − β₁ᵏ);  v̂ = v / (1 − β₂ᵏ) (bias correction: m and v start at 0);
    - p ← p − α_t m̂ / (√v̂ + ε).

    The first step therefore moves every entry by α_t · g / (abs(g) + ε) ≈ α_t · sign(g). Each
    parameter has its own state (m, v and its step count k), created at its first update;
    a parameter whose ``.grad`` is None is skipped and its state kept. A schedule ``lr`` is
    advanced once per ``step()``, as in ``SGD``: call t (from 0) uses α_t = lr(t).

    Parameters
    ----------
    params : iterable of Tensors, such as ``[W, b]`` (not a bare Tensor; each Tensor once).
    lr : the learning rate α, a number ≥ 0 or a schedule t -> α_t (default 1e-3).
    betas : (β₁, β₂), each in [0, 1): the decay rates of the two running averages.
    eps : ε > 0, added to √v̂ so that the division is safe.
    weight_decay : ≥ 0, the L2 coefficient added to the gradient (0: none).

    Attributes
    ----------
    state : a list with one dict per parameter, empty until its first update, then with
        ``"step"`` (k), ``"exp_avg"`` (m) and ``"exp_avg_sq"`` (v), PyTorch's names.
    t : the number of ``step()`` calls so far.
    last_lr : α used by the last step (None before the first).

    Example
    -------
    >>> from bplib import Tensor
    >>> w = Tensor(np.array([1.0, -200.0]), requires_grad=True)
    >>> opt = Adam([w], lr=0.1)
    >>> (w * w).sum().backward()          # gradient (2, -400): two very different scales
    >>> opt.step()
    >>> w.data                            # each entry moved by lr = 0.1 all the same
    array([   0.9, -199.9])
    >>> opt.state[0]["step"]
    1

    Explained in chapter 11 (Capstone).
    """

    def __init__(self, params: Iterable, lr: float | Callable[[int], float] = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0):
        func = "Adam"
        self.params = _check_params(params, func)
        self.lr = _check_lr(lr, func)
        self.betas = _check_betas(betas, func)
        self.eps = as_real(eps, "eps", func, low=0.0, low_open=True)
        self.weight_decay = as_real(weight_decay, "weight_decay", func, low=0.0)
        self.state: list[dict] = [{} for _ in self.params]
        self.t = 0
        self.last_lr: float | None = None

    def step(self) -> None:
        """Update every parameter that has a gradient, in place; then advance t by one."""
        func = "Adam.step"
        alpha = _lr_at(self.lr, self.t, func)
        beta1, beta2 = self.betas
        for i, p in enumerate(self.params):
            grad = _grad_of(p, i, func)
            if grad is None:
                continue
            data = p.data
            if self.weight_decay:
                grad = grad + self.weight_decay * data
            state = self.state[i]
            if not state:
                state.update(step=0, exp_avg=np.zeros_like(data), exp_avg_sq=np.zeros_like(data))
            state["step"] += 1
            k = state["step"]
            m, v = state["exp_avg"], state["exp_avg_sq"]
            m += (1.0 - beta1) * (grad - m)          # m ← β₁m + (1 − β₁)g, as torch's lerp
            v *= beta2
            v += (1.0 - beta2) * grad * grad
            # torch's order of operations, so that the two agree to the last bits
            step_size = alpha / (1.0 - beta1 ** k)
            denom = np.sqrt(v) / np.sqrt(1.0 - beta2 ** k) + self.eps
            data -= step_size * (m / denom)
        self.last_lr = alpha
        self.t += 1

    def zero_grad(self) -> None:
        """Forget the gradients: set every parameter's ``.grad`` to None."""
        for p in self.params:
            p.grad = None

    def __repr__(self) -> str:
        return (f"Adam({len(self.params)} params, lr={_lr_repr(self.lr)}, "
                f"betas=({self.betas[0]:g}, {self.betas[1]:g}), eps={self.eps:g}, "
                f"weight_decay={self.weight_decay:g})")


def _check_betas(betas, func: str) -> tuple[float, float]:
    """A pair (β₁, β₂) of numbers in [0, 1)."""
    if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) != 2:
        raise TypeError(
            f"{func}: betas must be a pair (beta1, beta2) such as (0.9, 0.999); "
            f"got {describe(betas)}")
    return tuple(as_real(b, f"betas[{k}]", func, low=0.0, high=1.0, high_open=True)
                 for k, b in enumerate(betas))
