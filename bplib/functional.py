"""Autograd-aware softmax and classification losses, each one ``Function`` with its own backward.

A loss written as one fused ``Function`` is faster and more stable than the same formula built
from elementary operators: softmax followed by log would overflow for scores of 1e3 and would
store every intermediate array, while the fused cross-entropy shifts the scores by their row
maximum and its backward is simply softmax(s) − onehot(y).

- ``softmax(x, axis=-1)`` and ``log_softmax(x, axis=-1)``;
- ``cross_entropy(logits, y, reduction="mean")``, the softmax loss of chapter 01;
- ``multiclass_hinge(scores, y, margin=1.0, reduction="mean")``, the multiclass SVM loss of
  chapter 01 (Loss functions) in its standard form: j ≠ y_i, summed over the classes, not
  divided by C.

With ``logits = X @ W`` their values and gradients equal ``bplib.losses.softmax_loss`` and
``bplib.losses.svm_loss`` with ``reg=0``.

Explained in chapter 09 (Autograd Functions); the losses in chapter 01 (Loss functions), used
in chapter 11 (Capstone).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._util import as_choice, as_int, as_labels, as_real, describe
from .autograd import Context, Function, Tensor

__all__ = ["softmax", "log_softmax", "cross_entropy", "multiclass_hinge",
           "Softmax", "LogSoftmax", "CrossEntropy", "MulticlassHinge"]

_REDUCTIONS = ("mean", "sum")


def _as_tensor(x: Any, name: str, func: str) -> Tensor:
    if isinstance(x, Tensor):
        return x
    try:
        return Tensor(x)
    except TypeError:
        raise TypeError(f"{func}: {name} must be a Tensor or a numeric array; got {describe(x)}") from None


def _check_axis(axis: Any, ndim: int, func: str) -> int:
    axis = as_int(axis, "axis", func)
    if not -ndim <= axis < ndim:
        raise ValueError(f"{func}: axis {axis} is out of bounds for an input with {ndim} dimension(s)")
    return axis


def _check_scores(scores: Any, y: Any, name: str, func: str, reduction: str) -> tuple[Tensor, np.ndarray]:
    """(N, C) scores and (N,) labels in [0, C), checked with messages naming ``func``."""
    scores = _as_tensor(scores, name, func)
    shape = scores._data.shape
    if len(shape) != 2:
        raise ValueError(f"{func}: {name} must be 2-D, shape (N, C); got shape {shape}")
    n, c = shape
    if n == 0:
        raise ValueError(f"{func}: {name} has no samples (shape {shape}); expected at least one row")
    if type(y) is not np.ndarray:
        y = np.asarray(y)
    if y.dtype.kind not in "iu" or y.ndim != 1 or y.shape[0] != n:
        y = as_labels(y, "y", func)   # a wrong dtype or ndim: its message
        raise ValueError(f"{func}: y has {y.shape[0]} labels but {name} has {n} rows (samples); "
                         "expected one label per row")
    if not y.dtype.isnative:          # big-endian labels (from a file, say): in native order
        y = y.astype(y.dtype.newbyteorder("="))
    # One look catches both ends: a negative label, seen as unsigned, is huge. The largest is
    # found with ``argmax``, a quarter of the cost of ``max`` (a ufunc reduction) and a tenth of
    # ``min`` and ``max``: about 1 % of a digits-size step of benchmarks/mlp_step.py.
    labels = y.view(_UNSIGNED[y.dtype.itemsize])
    if labels.item(labels.argmax()) >= c:
        bad = int(y[(y < 0) | (y >= c)][0])
        raise ValueError(f"{func}: y has label {bad}; labels must be in [0, {c}), as {name} has "
                         f"{c} classes (columns)")
    if reduction not in _REDUCTIONS:
        as_choice(reduction, "reduction", func, _REDUCTIONS)
    return scores, y


_UNSIGNED = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}


class Softmax(Function):
    """softmax along ``axis``: forward exp(x − max) / Σ exp(x − max); backward s ⊙ (g − Σ g ⊙ s).

    The ``Function`` behind ``softmax``; chapter 09 (Autograd Functions) shows how such a
    Function is written.

    >>> Softmax.apply(Tensor([[0.0, 0.0]]), -1)
    Tensor([[0.5, 0.5]])
    """

    @staticmethod
    def forward(ctx: Context, x: np.ndarray, axis: int) -> np.ndarray:
        e = np.exp(x - x.max(axis=axis, keepdims=True))
        s = e / e.sum(axis=axis, keepdims=True)
        ctx.save_for_backward(s)
        ctx.axis = axis
        return s

    @staticmethod
    def backward(ctx: Context, grad: np.ndarray):
        (s,) = ctx.saved_tensors
        return s * (grad - (grad * s).sum(axis=ctx.axis, keepdims=True)), None


class LogSoftmax(Function):
    """log-softmax along ``axis``: forward (x − max) − log Σ exp(x − max); backward g − softmax ⊙ Σ g.

    The ``Function`` behind ``log_softmax``; chapter 09 (Autograd Functions) shows how such a
    Function is written.

    >>> LogSoftmax.apply(Tensor([[0.0, 0.0]]), -1).data.round(4)
    array([[-0.6931, -0.6931]])
    """

    @staticmethod
    def forward(ctx: Context, x: np.ndarray, axis: int) -> np.ndarray:
        shifted = x - x.max(axis=axis, keepdims=True)
        out = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
        ctx.save_for_backward(out)
        ctx.axis = axis
        return out

    @staticmethod
    def backward(ctx: Context, grad: np.ndarray):
        (out,) = ctx.saved_tensors
        return grad - np.exp(out) * grad.sum(axis=ctx.axis, keepdims=True), None


class CrossEntropy(Function):
    """Softmax cross-entropy of (N, C) logits against integer labels, fused into one Function.

    forward: L = Σ_i (log Σ_k exp s_ik − s_{i,y_i}) (divided by N for ``"mean"``), with the
    scores shifted by their row maximum; backward: ∂L/∂s = softmax(s) − onehot(y) (over N).

    The ``Function`` behind ``cross_entropy``; chapter 09 (Autograd Functions) writes the same
    one as an exercise, ``SoftmaxCrossEntropy``.

    >>> round(CrossEntropy.apply(Tensor([[0.0, 0.0]]), np.array([1]), "mean").item(), 4)  # log 2
    0.6931
    """

    @staticmethod
    def forward(ctx: Context, logits: np.ndarray, y: np.ndarray, reduction: str) -> np.ndarray:
        # In C order (a copy only if the logits are not, e.g. (W @ X).T), so that row i, column
        # y_i is entry i·C + y_i of ``ravel()``, a view: backward writes through it.
        logits = np.ascontiguousarray(logits)
        n, c = logits.shape
        picked = np.arange(0, n * c, c) + y           # flat index of s[i, y_i] in each row i
        shifted = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        sums = e.sum(axis=1, keepdims=True)
        # −log softmax(s)[y] = log Σ_k exp(s_k − max) − (s_y − max), summed over the rows
        loss = (np.log(sums[:, 0]) - shifted.ravel()[picked]).sum()
        if ctx.needs_input_grad[0]:
            e /= sums                       # the probabilities, kept for backward
            ctx.save_for_backward(e)
        ctx.picked, ctx.scale = picked, (1.0 / n if reduction == "mean" else 1.0)
        return loss * ctx.scale

    @staticmethod
    def backward(ctx: Context, grad: np.ndarray):
        (probs,) = ctx.saved_tensors
        g = grad * ctx.scale
        d = probs * g                       # softmax(s) − onehot(y), times the upstream gradient
        d.ravel()[ctx.picked] -= g
        return d, None, None


class MulticlassHinge(Function):
    """Multiclass SVM loss Σ_i Σ_{j≠y_i} max(0, s_ij − s_{i,y_i} + margin) (over N for ``"mean"``).

    backward: +1 for each violating class j, −(number of violations) for the true class; a
    margin of exactly 0 counts as inactive (as ``bplib.losses.svm_loss``). As ReLU does: a NaN
    score makes the loss NaN, a NaN margin counts as active, and the gradient is selected where
    a margin is inactive (0 there even for an infinite upstream gradient), as in PyTorch.

    The ``Function`` behind ``multiclass_hinge``; chapter 09 (Autograd Functions) shows how
    such a Function is written.

    >>> MulticlassHinge.apply(Tensor([[0.0, 0.0]]), np.array([1]), 1.0, "sum").item()
    1.0
    """

    @staticmethod
    def forward(ctx: Context, scores: np.ndarray, y: np.ndarray, margin: float, reduction: str) -> np.ndarray:
        n = scores.shape[0]
        rows = np.arange(n)
        margins = scores - scores[rows, y][:, None] + margin
        margins[rows, y] = 0.0
        ctx.scale = 1.0 / n if reduction == "mean" else 1.0
        if ctx.needs_input_grad[0]:
            active = ~(margins <= 0)                  # NaN counts as active, as ReLU'(NaN) = 1
            coef = active.astype(scores.dtype)
            coef[rows, y] = -active.sum(axis=1)
            ctx.save_for_backward(coef)
        return np.maximum(margins, 0.0).sum() * ctx.scale    # np.maximum keeps NaN

    @staticmethod
    def backward(ctx: Context, grad: np.ndarray):
        (coef,) = ctx.saved_tensors
        with np.errstate(invalid="ignore"):           # 0 · ∞, replaced by the selected 0
            return np.where(coef == 0, 0.0, coef * (grad * ctx.scale)), None, None, None


def softmax(x: Any, axis: int = -1) -> Tensor:
    """Softmax along ``axis``, exp(x) / Σ exp(x), computed stably (x − max first).

    Parameters
    ----------
    x : Tensor or array_like
        Scores of any shape.
    axis : int, default -1
        The axis along which the result sums to 1.

    Returns
    -------
    Tensor
        Of ``x``'s shape.

    Example
    -------
    >>> softmax(Tensor([[0.0, 0.0]]))
    Tensor([[0.5, 0.5]])

    Explained in chapter 09 (Autograd Functions); softmax itself in chapter 01 (Loss functions).
    """
    x = _as_tensor(x, "x", "softmax")
    return Softmax.apply(x, _check_axis(axis, max(x.ndim, 1), "softmax"))


def log_softmax(x: Any, axis: int = -1) -> Tensor:
    """log softmax(x) along ``axis``, computed stably: (x − max) − log Σ exp(x − max).

    Parameters
    ----------
    x : Tensor or array_like
        Scores of any shape.
    axis : int, default -1
        The axis normalized over.

    Returns
    -------
    Tensor
        Of ``x``'s shape.

    Example
    -------
    >>> log_softmax(Tensor([[1000.0, 0.0]]))
    Tensor([[    0., -1000.]])

    The stable softmax of chapter 01 (Loss functions), in log form; ``cross_entropy`` computes
    its loss the same way.
    """
    x = _as_tensor(x, "x", "log_softmax")
    return LogSoftmax.apply(x, _check_axis(axis, max(x.ndim, 1), "log_softmax"))


def cross_entropy(logits: Any, y: Any, reduction: str = "mean") -> Tensor:
    """Softmax cross-entropy loss: Σ_i −log softmax(s_i)[y_i], divided by N for ``"mean"``.

    Stable for logits of 1e3 (the scores are shifted by their row maximum). With
    ``logits = X @ W`` it equals ``bplib.losses.softmax_loss(W, X, y)`` (reg = 0).

    Parameters
    ----------
    logits : Tensor
        (N, C) class scores (any memory layout).
    y : array_like of int
        (N,) labels in [0, C).
    reduction : {"mean", "sum"}, default "mean"
        ``"sum"`` is the notes' formula.

    Returns
    -------
    Tensor
        0-d, the loss; ``.item()`` gives a float.

    Example
    -------
    >>> cross_entropy(Tensor([[0.0, 0.0, 0.0]]), np.array([0])).item()  # log 3
    1.0986122886681098

    Explained in chapter 09 (Autograd Functions); the loss in chapter 01 (Loss functions), trained
    in chapter 11 (Capstone).
    """
    logits, y = _check_scores(logits, y, "logits", "cross_entropy", reduction)
    return CrossEntropy.apply(logits, y, reduction)


def multiclass_hinge(scores: Any, y: Any, margin: float = 1.0, reduction: str = "mean") -> Tensor:
    """Multiclass SVM (hinge) loss: Σ_i Σ_{j≠y_i} max(0, s_ij − s_{i,y_i} + margin).

    Summed over the classes j ≠ y_i and not divided by C (unlike
    ``torch.nn.functional.multi_margin_loss``); divided by N for ``"mean"``. With
    ``scores = X @ W`` it equals ``bplib.losses.svm_loss(W, X, y, margin=margin)`` (reg = 0).

    Parameters
    ----------
    scores : Tensor
        (N, C) class scores.
    y : array_like of int
        (N,) labels in [0, C).
    margin : float, default 1.0
        Δ > 0 (1 in the notes).
    reduction : {"mean", "sum"}, default "mean"

    Returns
    -------
    Tensor
        0-d, the loss. A NaN score gives a NaN loss.

    Example
    -------
    >>> multiclass_hinge(Tensor([[0.0, 0.0, 0.0]]), np.array([0])).item()
    2.0

    Explained in chapter 11 (Capstone); the loss itself in chapter 01 (Loss functions), as
    ``bplib.losses.svm_loss``.
    """
    scores, y = _check_scores(scores, y, "scores", "multiclass_hinge", reduction)
    margin = as_real(margin, "margin", "multiclass_hinge", low=0.0, low_open=True)
    return MulticlassHinge.apply(scores, y, margin, reduction)
