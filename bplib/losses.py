"""The two objectives of the notes, and the notes' linear least-squares loss.

Each loss returns its value and its analytic gradient together, ``(loss, grad)``, because
that is what an optimizer needs and because computing them together shares the work.

With scores ``s = X @ W`` (one row of C class scores per sample):

- softmax (cross-entropy) loss:  L = λ‖W‖² + Σ_i −log( exp(s_{y_i}) / Σ_k exp(s_k) )
- multiclass SVM (hinge) loss:   L = λ‖W‖² + Σ_i Σ_{j≠y_i} max(0, s_j − s_{y_i} + margin)
- L2-regularized least squares:  L = λ‖w‖² + Σ_i (y_i − wᵀx_i)²

``reduction="sum"`` is the notes' formula exactly; ``reduction="mean"`` divides the data
term by N (the usual choice, so that the loss does not grow with the batch). The
regularizer λ‖W‖² is added once and never divided by N.

Explained in chapter 01 (Loss functions); the gradients are derived in chapter 07 (Analytic
gradient).
"""

from __future__ import annotations

import numpy as np

from ._util import as_choice, as_float_array, as_labels, as_real

__all__ = ["softmax_loss", "svm_loss", "l2_linear_loss"]

_REDUCTIONS = ("mean", "sum")


def _check_classifier_inputs(func: str, W, X, y, reg, reduction):
    W = as_float_array(W, "W", func, ndim=2)
    X = as_float_array(X, "X", func, ndim=2)
    if X.shape[1] != W.shape[0]:
        raise ValueError(
            f"{func}: X has {X.shape[1]} features (columns) but W has {W.shape[0]} rows; "
            f"expected X of shape (N, {W.shape[0]}) for W of shape {W.shape}")
    y = as_labels(y, "y", func, n=X.shape[0], n_classes=W.shape[1])
    reg = as_real(reg, "reg", func, low=0.0)
    as_choice(reduction, "reduction", func, _REDUCTIONS)
    if X.shape[0] == 0:
        raise ValueError(f"{func}: X has no samples (shape {X.shape}); expected at least one row")
    return W, X, y, reg


def softmax_loss(W, X, y, reg: float = 0.0, reduction: str = "mean") -> tuple[float, np.ndarray]:
    """Softmax (cross-entropy) loss of a linear classifier, and its gradient.

    Parameters
    ----------
    W : array_like
        (D, C) weights, one column of D weights per class.
    X : array_like
        (N, D) data, one sample per row (integers are cast to float64).
    y : array_like of int
        (N,) labels in [0, C).
    reg : float, default 0.0
        λ ≥ 0, the strength of the L2 penalty λ‖W‖².
    reduction : {"mean", "sum"}, default "mean"
        ``"mean"`` divides the data term by N; ``"sum"`` is the notes' formula.

    Returns
    -------
    loss : float
    dW : ndarray
        (D, C), the gradient ∂L/∂W.

    The scores are shifted by their row maximum before ``exp`` (log-sum-exp), so scores
    of 1e3 give a finite loss.

    Example
    -------
    >>> W = np.zeros((2, 3)); X = np.array([[1.0, 2.0]]); y = np.array([0])
    >>> round(softmax_loss(W, X, y)[0], 4)   # uniform over 3 classes: log 3
    1.0986

    Explained in chapter 01 (Loss functions); the gradient is derived in chapter 07 (Analytic
    gradient).
    """
    W, X, y, reg = _check_classifier_inputs("softmax_loss", W, X, y, reg, reduction)
    N = X.shape[0]
    scores = X @ W
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1))
    rows = np.arange(N)
    data_loss = float(np.sum(log_norm - shifted[rows, y]))
    probs = np.exp(shifted - log_norm[:, None])
    probs[rows, y] -= 1.0                       # ∂L_i/∂s = softmax(s) − onehot(y_i)
    scale = 1.0 / N if reduction == "mean" else 1.0
    return _with_penalty(scale * data_loss, scale * (X.T @ probs), W, reg)


def svm_loss(W, X, y, reg: float = 0.0, margin: float = 1.0,
             reduction: str = "mean") -> tuple[float, np.ndarray]:
    """Multiclass SVM (hinge) loss of a linear classifier, and its (sub)gradient.

    L = λ‖W‖² + Σ_i Σ_{j≠y_i} max(0, s_j − s_{y_i} + margin), with s = X @ W.

    The sum skips j = y_i (the standard hinge). The notes sum over every j; that adds
    exactly ``margin`` per sample (the term max(0, margin) of the correct class) and no
    gradient, as chapter 01 shows.

    Parameters
    ----------
    W : array_like
        (D, C) weights.
    X : array_like
        (N, D) data.
    y : array_like of int
        (N,) labels in [0, C).
    reg : float, default 0.0
        λ ≥ 0, the strength of the L2 penalty.
    margin : float, default 1.0
        Δ > 0 (1 in the notes).
    reduction : {"mean", "sum"}, default "mean"
        ``"mean"`` divides the data term by N; ``"sum"`` is the notes' formula.

    Returns
    -------
    loss : float
    dW : ndarray
        (D, C) subgradient; at a kink (a margin of exactly 0) the term counts as inactive.

    Example
    -------
    >>> W = np.zeros((2, 3)); X = np.array([[1.0, 2.0]]); y = np.array([0])
    >>> svm_loss(W, X, y)[0]   # two wrong classes, each violating the margin by 1
    2.0

    Explained in chapter 01 (Loss functions); the gradient is derived in chapter 07 (Analytic
    gradient).
    """
    func = "svm_loss"
    W, X, y, reg = _check_classifier_inputs(func, W, X, y, reg, reduction)
    margin = as_real(margin, "margin", func, low=0.0, low_open=True)
    N = X.shape[0]
    rows = np.arange(N)
    scores = X @ W
    margins = scores - scores[rows, y][:, None] + margin
    margins[rows, y] = 0.0
    data_loss = float(np.sum(np.maximum(margins, 0.0)))   # a NaN score (overflow) stays NaN
    active = margins > 0
    coef = active.astype(X.dtype)               # +1 for each violating class j
    coef[rows, y] = -active.sum(axis=1)         # −(number of violations) for the true class
    scale = 1.0 / N if reduction == "mean" else 1.0
    return _with_penalty(scale * data_loss, scale * (X.T @ coef), W, reg)


def l2_linear_loss(w, X, y, reg: float = 0.0) -> tuple[float, np.ndarray]:
    """The notes' L2-regularized least squares, L(w) = λ‖w‖² + Σ_i (y_i − wᵀx_i)², and its gradient.

    ∇L = 2λw − Σ_i 2(y_i − wᵀx_i) x_i = 2λw − 2Xᵀ(y − Xw).

    Parameters
    ----------
    w : array_like
        (D,) weights.
    X : array_like
        (N, D) data.
    y : array_like
        (N,) real targets.
    reg : float, default 0.0
        λ ≥ 0.

    Returns
    -------
    loss : float
    dw : ndarray
        (D,) gradient.

    Example
    -------
    >>> l2_linear_loss(np.array([1.0]), np.array([[1.0], [2.0]]), np.array([1.0, 3.0]))
    (1.0, array([-4.]))

    Explained in chapter 07 (Analytic gradient), which derives its gradient.
    """
    func = "l2_linear_loss"
    w = as_float_array(w, "w", func, ndim=1)
    X = as_float_array(X, "X", func, ndim=2)
    y = as_float_array(y, "y", func, ndim=1)
    if X.shape[1] != w.shape[0]:
        raise ValueError(
            f"{func}: X has {X.shape[1]} features (columns) but w has {w.shape[0]} entries; "
            f"expected X of shape (N, {w.shape[0]})")
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"{func}: y has {y.shape[0]} targets but X has {X.shape[0]} samples (rows); "
            "expected one target per row")
    reg = as_real(reg, "reg", func, low=0.0)
    residual = y - X @ w
    return _with_penalty(float(residual @ residual), -2.0 * (X.T @ residual), w, reg)


def _with_penalty(loss: float, grad: np.ndarray, W: np.ndarray,
                  reg: float) -> tuple[float, np.ndarray]:
    """Add the penalty λ‖W‖² to the loss and 2λW to the gradient, once (never divided by N).
    Only when λ > 0: with λ = 0 a W whose ‖W‖² overflows would give 0·∞ = NaN."""
    if reg == 0.0:
        return loss, grad
    return loss + reg * float(np.sum(W * W)), grad + 2.0 * reg * W
