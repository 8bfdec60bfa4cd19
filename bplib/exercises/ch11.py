"""Checks for the exercises of chapter 11 (Capstone).

- ``check_class_accuracy(fn)``: exercise 11.1, accuracy class by class.
- ``check_train_epoch(fn)``: exercise 11.2, one training epoch, checked by the gradient the
  optimizer receives at every step and by the mean loss returned.
- ``check_five_epoch_lr(lr, fit, data)``: exercise 11.3, a learning rate with which the
  chapter's ``fit`` reaches 95 % validation accuracy in 5 epochs.
- ``check_final_project(train_and_predict, data)``: exercise 11.4, the course's final
  project: a classifier of your own with at least 96 % test accuracy.

Each check prints one ✓ line, or a ✗ line with what went wrong and a hint for the mistake it
recognised; records the outcome in the progress file; returns a :class:`CheckResult`; and
never raises. Every sentence comes from the message tables (``bplib.exercises.messages``,
keys ``"11.k.…"``), in English or Chinese.

Explained in chapter 11 (Capstone).
"""

from __future__ import annotations

import numbers
import warnings
from typing import Any, Callable

import numpy as np

from ..autograd import Tensor
from ..functional import cross_entropy
from ..optim import SGD
from ._core import (CheckResult, Failure, NotDefined, check_cases, exercise, fmt,
                    require_callable, run, same_as)
from .messages import text

EXERCISES = ("11.1", "11.2", "11.3", "11.4")


# --- the chapter's model ----------------------------------------------------------------------
# The chapter's MLP, written again here so that the checks can train it: He initialization
# from a seed, the scores X·W1 + b1, ReLU, ·W2 + b2 (chapter 11's `mlp` and `scores`; a test
# compares them with the chapter's own).

def _mlp(sizes: tuple, seed: int) -> list:
    rng = np.random.default_rng(seed)
    (D, H), C = sizes[:2], sizes[2]
    W1 = rng.standard_normal((D, H)) * np.sqrt(2 / D)
    W2 = rng.standard_normal((H, C)) * np.sqrt(1 / H)
    return [Tensor(W1, requires_grad=True), Tensor(np.zeros(H), requires_grad=True),
            Tensor(W2, requires_grad=True), Tensor(np.zeros(C), requires_grad=True)]


def _scores(params: list, X) -> Tensor:
    out = X @ params[0] + params[1]
    for W, b in zip(params[2::2], params[3::2]):
        out = out.relu() @ W + b
    return out


# --- 11.1 -------------------------------------------------------------------------------------

def _class_accuracy(S: np.ndarray, y: np.ndarray, C: int) -> np.ndarray:
    right = S.argmax(axis=1) == y
    return np.array([right[y == c].mean() for c in range(C)])


def _correct_counts(S, y, C) -> np.ndarray:
    right = S.argmax(axis=1) == y
    return np.array([right[y == c].sum() for c in range(C)], dtype=float)


def _precision(S, y, C) -> np.ndarray:
    predicted = np.bincount(S.argmax(axis=1), minlength=C)[:C].astype(float)
    return _correct_counts(S, y, C) / predicted


def _accuracy_cases() -> list[tuple]:
    rng = np.random.default_rng(1101)
    cases = [(np.array([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [1.0, 0.0, 2.0], [5.0, 0.0, 1.0]]),
              np.array([0, 1, 1, 2]), 3)]
    for N, C in [(60, 10), (9, 3), (200, 4)]:
        y = np.concatenate([np.arange(C), rng.integers(0, C, N - C)])
        S = rng.standard_normal((N, C)) + 1.5 * np.eye(C)[y] * (rng.random(N) < 0.7)[:, None]
        cases.append((S, rng.permutation(y) if N == 9 else y, C))
    return cases


@exercise("11.1")
def check_class_accuracy(fn: Callable) -> CheckResult:
    """Exercise 11.1: ``fn(S, y, C)`` returns the (C,) accuracies per class: for each class
    c, the fraction of the samples of true label c whose largest score is in column c.

    ``S`` is an (N, C) array of scores and ``y`` holds N integer labels in [0, C), each class
    occurring at least once. Recognises the overall accuracy, percentages, counts, counts
    divided by N, and the precision (divided by the number of samples *predicted* as c).

    Parameters
    ----------
    fn : callable
        The learner's ``class_accuracy(S, y, C)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_class_accuracy(lambda S, y, C: float(np.mean(S.argmax(1) == y)))
    ... # doctest: +ELLIPSIS
    ✗ Exercise 11.1 (accuracy per class): the result has shape (), expected shape (3,) ...
      Hint: that is one number for all the samples together; ...
    CheckResult(exercise='11.1', passed=False)

    Explained in chapter 11 (Capstone).
    """
    n = check_cases(
        fn, _accuracy_cases(), _class_accuracy, names=["S", "y", "C"], rtol=1e-9, atol=1e-12,
        mistakes=[("overall", same_as(lambda S, y, C: float(np.mean(S.argmax(1) == y)))),
                  ("percent", same_as(lambda S, y, C: 100 * _class_accuracy(S, y, C))),
                  ("counts", same_as(_correct_counts)),
                  ("over_n", same_as(lambda S, y, C: _correct_counts(S, y, C) / len(y))),
                  ("precision", same_as(_precision))])
    return text("passed.inputs", n=n)


# --- 11.2 -------------------------------------------------------------------------------------

class _RecordingSGD(SGD):
    """SGD with momentum that keeps a copy of every parameter's gradient at each step."""

    def __init__(self, params: list):
        super().__init__(params, lr=0.05, momentum=0.9)
        self.seen: list = []

    def step(self) -> None:
        self.seen.append([None if p.grad is None else np.array(p.grad, dtype=float, copy=True)
                          for p in self.params])
        super().step()


def _epoch_problem():
    """A fixed problem: 70 standardized digits, a 64 → 16 → 10 MLP, batches of 16."""
    from ..data import load_digits

    X, y = load_digits()
    X, y = X[:70], y[:70]
    std = X.std(axis=0)
    X = (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)

    def loss_fn(params, Xb, yb):
        penalty = sum((W * W).sum() for W in params[::2])
        return cross_entropy(_scores(params, Xb), yb) + 1e-3 * penalty

    return X, y, loss_fn, 16


def _reference_epoch(params, loss_fn, X, y, opt, batch_size, rng,
                     clear: bool = True) -> tuple[float, list]:
    """The mean loss of one epoch, and each batch's loss."""
    order = rng.permutation(len(y))
    losses, total = [], 0.0
    for start in range(0, len(y), batch_size):
        idx = order[start:start + batch_size]
        loss = loss_fn(params, X[idx], y[idx])
        if clear:
            opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        total += loss.item() * len(idx)
    return total / len(y), losses


def _epoch_arguments(X, y, loss_fn, batch_size) -> tuple:
    params = _mlp((64, 16, 10), seed=1102)
    return (params, loss_fn, X.copy(), y.copy(), _RecordingSGD(params), batch_size,
            np.random.default_rng(5))


def _compare_gradients(seen: list, expected: list, summed: list) -> None:
    """Raise Failure at the first step whose gradients differ from the reference's."""
    for k, (grads, want, piled) in enumerate(zip(seen, expected, summed)):
        for i, (g, e, s) in enumerate(zip(grads, want, piled)):
            if g is None:
                raise Failure(text("11.2.why.no_grad", step=k + 1, i=i), hint="no_grad")
            if g.shape == e.shape and np.allclose(g, e, rtol=1e-7, atol=1e-10):
                continue
            if k > 0 and g.shape == s.shape and np.allclose(g, s, rtol=1e-7, atol=1e-10):
                raise Failure(text("11.2.why.accumulated", step=k + 1, i=i),
                              hint="accumulated")
            if g.shape != e.shape:
                index, got, exp = "-", f"shape {g.shape}", f"shape {e.shape}"
            else:
                j = np.unravel_index(int(np.argmax(np.abs(g - e))), e.shape)
                index, got, exp = tuple(int(v) for v in j), fmt(float(g[j])), fmt(float(e[j]))
            raise Failure(text("11.2.why.grad", step=k + 1, i=i, got=got, index=index,
                               expected=exp), hint="grad")


def _loss_kind(got: float, losses: list) -> str:
    """Which common way of averaging the batch losses gives ``got``."""
    for value, kind in [(np.mean(losses), "unweighted"), (np.sum(losses), "sum"),
                        (losses[-1], "last")]:
        if np.isclose(got, value, rtol=1e-9):
            return kind
    return "loss"


@exercise("11.2")
def check_train_epoch(fn: Callable) -> CheckResult:
    """Exercise 11.2: ``fn(params, loss_fn, X, y, opt, batch_size, rng)`` trains for one
    epoch and returns the mean training loss.

    One pass over the samples in the order ``rng.permutation(N)``, in batches of
    ``batch_size`` consecutive indices of that order (the last may be smaller); for each
    batch: the loss ``loss_fn(params, X[idx], y[idx])``, ``opt.zero_grad()``,
    ``loss.backward()``, ``opt.step()``. The value returned is the mean of the batch losses
    weighted by the batch sizes: the mean loss over the epoch's N samples.

    The check runs a fixed problem (70 digits, a 64 → 16 → 10 MLP, batches of 16, a seeded
    ``rng``) with an optimizer that records the gradient it receives at each step, and
    compares those gradients and the loss returned with a reference epoch. Recognises no
    step, no backward pass, gradients never cleared, a missing last batch, another order of
    the samples, and the mean of the batch losses unweighted, their sum or the last alone.

    Parameters
    ----------
    fn : callable
        The learner's ``train_epoch(params, loss_fn, X, y, opt, batch_size, rng)``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> def no_step(params, loss_fn, X, y, opt, batch_size, rng):
    ...     loss = loss_fn(params, X, y)
    ...     loss.backward()
    ...     return loss.item()
    >>> check_train_epoch(no_step)   # doctest: +ELLIPSIS
    ✗ Exercise 11.2 (one training epoch): opt.step() was never called, ...
      Hint: ...
    CheckResult(exercise='11.2', passed=False)

    Explained in chapter 11 (Capstone).
    """
    require_callable(fn)
    X, y, loss_fn, batch_size = _epoch_problem()
    reference = _epoch_arguments(X, y, loss_fn, batch_size)
    ref_loss, ref_losses = _reference_epoch(*reference)
    piled = _epoch_arguments(X, y, loss_fn, batch_size)
    _reference_epoch(*piled, clear=False)
    mine = _epoch_arguments(X, y, loss_fn, batch_size)
    got = run(fn, *mine)
    opt, expected = mine[4], reference[4].seen
    if got is None:
        raise Failure(text("why.none"))
    if not opt.seen:
        raise Failure(text("11.2.why.no_steps"), hint="no_steps")
    if len(opt.seen) != len(expected):
        raise Failure(text("11.2.why.steps", got=len(opt.seen), expected=len(expected),
                           batch_size=batch_size, n=len(y)), hint="steps")
    _compare_gradients(opt.seen, expected, piled[4].seen)
    if isinstance(got, Tensor) and got.size == 1:
        got = got.item()
    if isinstance(got, (bool, np.bool_)) or not isinstance(got, (numbers.Real, np.floating)):
        raise Failure(text("11.2.why.no_number", got=fmt(got)), hint="loss")
    got = float(got)
    if not np.isclose(got, ref_loss, rtol=1e-9, atol=1e-12):
        raise Failure(text("11.2.why.loss", got=f"{got:.4g}", expected=f"{ref_loss:.4g}"),
                      hint=_loss_kind(got, ref_losses))
    return text("11.2.passed", steps=len(opt.seen), loss=f"{got:.4g}")


# --- 11.3 -------------------------------------------------------------------------------------

@exercise("11.3")
def check_five_epoch_lr(lr: Any, fit: Callable, data: dict) -> CheckResult:
    """Exercise 11.3: with learning rate ``lr``, the chapter's ``fit`` trains the chapter's
    MLP (H = 64, initialized from seed 0) for 5 epochs, λ = 1e-4, batches of 64, seed 0, and
    reaches a validation accuracy of at least 0.95 without diverging.

    Parameters
    ----------
    lr : float
        The learner's ``lr_five``.
    fit : callable
        The chapter's ``fit(params, kind, data, lr, reg, epochs, batch_size, seed)``, which
        returns a history whose ``"val_acc"`` list ends with the validation accuracy after
        the last epoch and whose ``"diverged"`` says whether training diverged.
    data : dict
        The chapter's splits.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_five_epoch_lr(None, print, {})   # doctest: +ELLIPSIS
    ✗ Exercise 11.3 (5-epoch learning rate): lr_five is None: ...
      Hint: ...
    CheckResult(exercise='11.3', passed=False)

    Explained in chapter 11 (Capstone).
    """
    if isinstance(lr, NotDefined):
        raise Failure(text("why.not_defined", name=lr.name), hint="not_defined")
    if lr is None:
        raise Failure(text("11.3.why.none"))
    if (isinstance(lr, (bool, np.bool_)) or not isinstance(lr, numbers.Real)
            or not np.isfinite(lr) or lr <= 0):
        raise Failure(text("11.3.why.not_rate", got=fmt(lr)))
    if isinstance(fit, NotDefined):
        raise Failure(text("why.not_defined", name=fit.name), hint="not_defined")
    if not callable(fit):
        raise Failure(text("why.not_function", got=fmt(fit)), hint="fit")
    params = _mlp((64, 64, 10), seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)     # fit reports divergence so
        try:
            history = run(fit, params, "softmax", data, float(lr), 1e-4, 5, 64, 0)
        except Failure as failure:
            failure.hint = "fit"
            raise
    if not isinstance(history, dict) or "val_acc" not in history or "diverged" not in history:
        raise Failure(text("11.3.why.bad_history", got=fmt(history)), hint="fit")
    if history["diverged"]:
        raise Failure(text("11.3.why.diverged", lr=f"{lr:g}"), hint="diverged")
    acc = float(history["val_acc"][-1])
    if not acc >= 0.95:
        # below the band of good rates (about 0.05 to 0.3) the run is too slow; above it,
        # its first steps overshoot without diverging
        raise Failure(text("11.3.why.low", acc=f"{acc:.3f}", lr=f"{lr:g}"),
                      hint="low" if lr < 0.1 else "high")
    return text("11.3.passed", acc=f"{acc:.3f}", lr=f"{lr:g}")


# --- 11.4 -------------------------------------------------------------------------------------

def _labels(out: Any, n: int) -> np.ndarray:
    """The n labels that ``predict`` returned, as labels or as (n, C) scores."""
    if isinstance(out, Tensor):
        out = out.data
    if out is None:
        raise Failure(text("11.4.why.shape", got="None", n=n))
    try:
        out = np.asarray(out)
    except Exception:  # an object numpy cannot read
        raise Failure(text("11.4.why.shape", got=fmt(out), n=n)) from None
    if out.ndim == 2 and out.shape[0] == n and out.dtype.kind in "biuf":
        return out.argmax(axis=1)
    if out.shape == (n,) and out.dtype.kind in "iuf" and np.all(out == np.round(out)):
        return out.astype(int)
    raise Failure(text("11.4.why.shape", got=text("11.4.why.array", shape=out.shape), n=n))


@exercise("11.4")
def check_final_project(train_and_predict: Callable, data: dict) -> CheckResult:
    """Exercise 11.4, the course's final project: ``train_and_predict(X_train, y_train,
    X_val, y_val)`` trains a classifier and returns ``predict``, a function of an (N, 64)
    array returning N labels or (N, C) scores; its accuracy on the chapter's test split must
    be at least 0.96.

    Only the training and validation splits are given to the learner's function; the test
    split is used for the score alone.

    Parameters
    ----------
    train_and_predict : callable
        The learner's function.
    data : dict
        The chapter's splits ``{"train": (X, y), "val": (X, y), "test": (X, y)}``.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from bplib.data import load_digits
    >>> X, y = load_digits()
    >>> data = {"train": (X[:50], y[:50]), "val": (X[50:60], y[50:60]),
    ...         "test": (X[60:100], y[60:100])}
    >>> check_final_project(lambda *splits: (lambda X: np.zeros(len(X), dtype=int)), data)
    ... # doctest: +ELLIPSIS
    ✗ Exercise 11.4 (final project): test accuracy 0.075 on the 40 test digits; ...
      Hint: ...
    CheckResult(exercise='11.4', passed=False)

    Explained in chapter 11 (Capstone).
    """
    require_callable(train_and_predict)
    (X_tr, y_tr), (X_val, y_val), (X_te, y_te) = data["train"], data["val"], data["test"]
    predict = run(train_and_predict, X_tr.copy(), y_tr.copy(), X_val.copy(), y_val.copy())
    if predict is None:
        raise Failure(text("why.none"))
    if not callable(predict):
        raise Failure(text("11.4.why.not_predict", got=fmt(predict)))
    n = len(y_te)
    labels = _labels(run(predict, X_te.copy()), n)
    acc = float(np.mean(labels == y_te))
    if not acc >= 0.96:
        raise Failure(text("11.4.why.low", acc=f"{acc:.3f}", n=n), hint="low")
    return text("11.4.passed", acc=f"{acc:.3f}", n=n)
