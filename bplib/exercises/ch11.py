"""Checks for the exercises of chapter 11 (Capstone).

- ``check_class_accuracy(fn)``: exercise 11.1, accuracy class by class.
- ``check_train_epoch(fn)``: exercise 11.2, one training epoch, checked by the gradient the
  optimizer receives at every step and by the mean loss returned.
- ``check_five_epoch_lr(lr, fit, data)``: exercise 11.3, a learning rate with which the
  chapter's ``fit`` reaches 95 % validation accuracy in 5 epochs.
- ``check_final_project(train_and_predict, data)``: exercise 11.4, a classifier of your own
  with at least 96 % test accuracy.

Each check prints one ✓ line, or a ✗ line with what went wrong and a hint, returns whether
it passed, and never raises. The logic (what is compared, which mistake a wrong answer
reveals) is kept apart from the words: every sentence printed comes from ``MESSAGES``, keyed
``"11.k.…"``, so that a table in another language can replace it.
"""

from __future__ import annotations

import numbers
import traceback
import warnings
from typing import Any, Callable

import numpy as np

from ..autograd import Tensor
from ..functional import cross_entropy
from ..optim import SGD
from ._core import fail, fmt

# ----------------------------------------------------------------------------- the words

MESSAGES = {
    "returned_none": "it returned None (is a `return` missing, or is the `...` placeholder "
                     "still there?)",
    "raised": "your code raised {error}{where}",
    "not_callable": "expected a function, got {got}",

    "11.1.title": "Exercise 11.1 (accuracy per class)",
    "11.1.passed": "passed on {n} inputs.",
    "11.1.wrong": "{why} on {label}",
    "11.1.hint": "a sample's prediction is the class with the largest score in its row; the "
                 "accuracy of class c is the fraction of the samples whose true label is c "
                 "that are predicted as c.",
    "11.1.hint.overall": "that is one number for all the samples together; the exercise wants "
                         "one accuracy per class, computed on the rows whose true label is "
                         "that class.",
    "11.1.hint.percent": "these look like percentages: return fractions between 0 and 1.",
    "11.1.hint.counts": "these are counts of correct predictions: divide each by the number of "
                        "samples of that class.",
    "11.1.hint.over_n": "each class's count of correct predictions was divided by N, the number "
                        "of all samples; divide by the number of samples of that class.",
    "11.1.hint.precision": "you divided by how many samples were *predicted* as each class; "
                           "divide by how many samples *are* of that class (the rows of a "
                           "confusion matrix, not its columns).",

    "11.2.title": "Exercise 11.2 (one training epoch)",
    "11.2.passed": "{steps} steps; the gradient at every step and the mean loss {loss} "
                   "match.",
    "11.2.hint": "for each batch, in the order rng.permutation(N) gives: compute the batch's "
                 "loss with loss_fn, clear the old gradients, back-propagate, take one "
                 "optimizer step; return the mean loss over the epoch's samples.",
    "11.2.no_steps": "opt.step() was never called, so no parameter changed",
    "11.2.hint.no_steps": "after the backward pass of each batch, the optimizer takes its step.",
    "11.2.steps": "the optimizer took {got} steps; expected {expected}: one per batch of "
                  "{batch_size} samples, the last one smaller ({n} samples in all)",
    "11.2.hint.steps": "step through the samples batch_size at a time, up to N, including the "
                       "last, smaller batch; one step per batch.",
    "11.2.no_grad": "at step {step}, params[{i}] has no gradient: the loss was not "
                    "back-propagated before opt.step()",
    "11.2.hint.no_grad": "call backward on the batch's loss before the optimizer's step.",
    "11.2.accumulated": "at step {step}, the gradient of params[{i}] is the sum of the "
                        "gradients of the first {step} batches: they accumulate",
    "11.2.hint.accumulated": "backward adds into .grad (as in PyTorch); the old gradients must "
                             "be cleared once per batch, before its backward pass.",
    "11.2.grad": "at step {step}, the gradient of params[{i}] differs from the expected one "
                 "(got {got} at index {index}, expected {expected})",
    "11.2.hint.grad": "use the batches in the order rng.permutation(N) gives (call it once per "
                      "epoch), batch_size consecutive indices of that order at a time, and the "
                      "loss_fn given, on that batch only.",
    "11.2.no_number": "it returned {got}; expected the mean loss over the epoch, a number",
    "11.2.loss": "the returned loss is {got}; expected {expected}",
    "11.2.hint.unweighted": "this is the mean of the batch losses, but the last batch is "
                            "smaller: weight each batch's loss by its number of samples, then "
                            "divide by N.",
    "11.2.hint.sum": "this is a sum over the batches; the mean over the epoch's samples is "
                     "wanted.",
    "11.2.hint.last": "this is the loss of the last batch only; the mean over the whole epoch "
                      "is wanted.",
    "11.2.hint.loss": "the mean loss over the epoch: each batch's loss (before its step) "
                      "weighted by its number of samples, divided by N.",

    "11.3.title": "Exercise 11.3 (a learning rate for 5 epochs)",
    "11.3.passed": "validation accuracy {acc} after 5 epochs with lr = {lr}.",
    "11.3.none": "lr_five is None: set it to a learning rate",
    "11.3.not_rate": "expected a learning rate, a number > 0; got {got}",
    "11.3.hint": "try rates a factor of about 3 apart on a log scale, as the chapter's "
                 "search did, and keep the best.",
    "11.3.bad_history": "fit returned {got}; expected the chapter's history, a dict with "
                        "'val_acc' and 'diverged'",
    "11.3.hint.fit": "pass the chapter's own fit function and its data dictionary, unchanged.",
    "11.3.diverged": "training diverged with lr = {lr}",
    "11.3.hint.diverged": "that rate is too large: each step overshoots; try one about 10 "
                          "times smaller.",
    "11.3.low": "validation accuracy {acc} after 5 epochs with lr = {lr}; expected at least "
                "0.95",
    "11.3.hint.low": "in 5 epochs a small rate does not get far; try larger ones, about 3 "
                     "times larger each time, until the accuracy stops improving.",

    "11.4.title": "Exercise 11.4 (final project: your own classifier)",
    "11.4.passed": "test accuracy {acc} (at least 0.96) on the {n} test digits.",
    "11.4.not_predict": "train_and_predict returned {got}; expected a function predict(X)",
    "11.4.hint": "train on the training split, choose its settings by validation accuracy, "
                 "then return a function that maps an (N, 64) array of digits to N labels "
                 "(or to (N, 10) scores).",
    "11.4.shape": "predict returned {got} for {n} test digits; expected {n} labels or an "
                  "({n}, 10) array of scores",
    "11.4.low": "test accuracy {acc} on the {n} test digits; expected at least 0.96",
    "11.4.hint.low": "compare with the chapter's MLP: more hidden units or a second hidden "
                     "layer, more epochs, a tuned learning rate (chosen on the validation "
                     "set, never the test set).",
}


def _say(key: str, **values: Any) -> str:
    return MESSAGES[key].format(**values)


def _fail(title_key: str, why: str, hint_key: str | None) -> bool:
    return fail(_say(title_key), why, _say(hint_key) if hint_key else None)


def _passed(title_key: str, detail: str) -> bool:
    print(f"✓ {_say(title_key)}: {detail}")
    return True


def _call(fn: Callable, *args: Any, **kwargs: Any) -> tuple[bool, Any]:
    """Run the learner's code: (True, result), or (False, a sentence on the exception)."""
    try:
        return True, fn(*args, **kwargs)
    except Exception as exc:  # the learner's code may raise anything
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        code = (frame.line or "").strip()
        where = f" (line {frame.lineno}: `{code}`)" if code else ""
        return False, _say("raised", error=f"{type(exc).__name__}: {exc}", where=where)


def _round(x: float) -> str:
    return f"{x:.4g}"


# ----------------------------------------------------------------------------- the chapter's model
# The chapter's MLP, written again here so that the checks can train it: He initialization
# from a seed, the scores X·W1 + b1, ReLU, ·W2 + b2 (chapter 11's `mlp` and `scores`).

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


# ----------------------------------------------------------------------------- 11.1

def _class_accuracy(S: np.ndarray, y: np.ndarray, C: int) -> np.ndarray:
    right = S.argmax(axis=1) == y
    return np.array([right[y == c].mean() for c in range(C)])


def check_class_accuracy(fn: Callable) -> bool:
    """Exercise 11.1: ``fn(S, y, C)`` returns the (C,) accuracies per class: for each class
    c, the fraction of the samples of true label c whose largest score is at column c.

    ``S`` is an (N, C) array of scores and ``y`` holds N integer labels in [0, C), each class
    occurring at least once.
    """
    title = "11.1.title"
    if not callable(fn):
        return _fail(title, _say("not_callable", got=fmt(fn)), "11.1.hint")
    rng = np.random.default_rng(1101)
    cases = [(np.array([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [1.0, 0.0, 2.0], [5.0, 0.0, 1.0]]),
              np.array([0, 1, 1, 2]), 3)]
    for N, C in [(60, 10), (9, 3), (200, 4)]:
        y = np.concatenate([np.arange(C), rng.integers(0, C, N - C)])
        S = rng.standard_normal((N, C)) + 1.5 * np.eye(C)[y] * (rng.random(N) < 0.7)[:, None]
        cases.append((S, rng.permutation(y) if N == 9 else y, C))
    for k, (S, y, C) in enumerate(cases):
        label = f"input {k + 1} of {len(cases)} (N = {len(y)}, C = {C})"
        ok, got = _call(fn, S.copy(), y.copy(), C)
        if not ok:
            return _fail(title, f"{got} on {label}", "11.1.hint")
        if got is None:
            return _fail(title, f"{_say('returned_none')} on {label}", "11.1.hint")
        expected = _class_accuracy(S, y, C)
        try:
            g = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return _fail(title, f"expected an array of {C} accuracies, got {fmt(got)} on {label}",
                         "11.1.hint")
        if g.shape == expected.shape and np.allclose(g, expected, rtol=1e-9, atol=1e-12):
            continue
        why, hint = _diagnose_class_accuracy(g, expected, S, y, C)
        return _fail(title, _say("11.1.wrong", why=why, label=label), hint)
    return _passed(title, _say("11.1.passed", n=len(cases)))


def _diagnose_class_accuracy(g: np.ndarray, expected: np.ndarray, S, y, C) -> tuple[str, str]:
    """What the wrong answer ``g`` is, and the key of the hint that fits it."""
    pred = S.argmax(axis=1)
    right = pred == y
    if g.size == 1:
        overall = float(right.mean())
        hint = "11.1.hint.overall" if np.isclose(float(g.ravel()[0]), overall) else "11.1.hint"
        return f"got the single number {fmt(float(g.ravel()[0]))}, expected {C} accuracies", hint
    if g.shape != expected.shape:
        return f"the result has shape {g.shape}, expected ({C},), one accuracy per class", "11.1.hint"
    counts = np.array([right[y == c].sum() for c in range(C)], dtype=float)
    predicted = np.array([(pred == c).sum() for c in range(C)], dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        candidates = [(100 * expected, "11.1.hint.percent"), (counts, "11.1.hint.counts"),
                      (counts / len(y), "11.1.hint.over_n"),
                      (counts / predicted, "11.1.hint.precision")]
    hint = next((key for value, key in candidates
                 if np.allclose(g, value, equal_nan=True)), "11.1.hint")
    i = int(np.argmax(~np.isclose(g, expected)))
    return f"got {fmt(float(g[i]))} for class {i}, expected {fmt(float(expected[i]))}", hint


# ----------------------------------------------------------------------------- 11.2

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


def _reference_epoch(params, loss_fn, X, y, opt, batch_size, rng, clear: bool = True) -> float:
    order = rng.permutation(len(y))
    total = 0.0
    for start in range(0, len(y), batch_size):
        idx = order[start:start + batch_size]
        loss = loss_fn(params, X[idx], y[idx])
        if clear:
            opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
    return total / len(y)


def check_train_epoch(fn: Callable) -> bool:
    """Exercise 11.2: ``fn(params, loss_fn, X, y, opt, batch_size, rng)`` trains for one
    epoch and returns the mean training loss.

    One pass over the samples in the order ``rng.permutation(N)``, in batches of
    ``batch_size`` consecutive indices of that order (the last may be smaller); for each
    batch: the loss ``loss_fn(params, X[idx], y[idx])``, ``opt.zero_grad()``,
    ``loss.backward()``, ``opt.step()``. The value returned is the mean of the batch losses
    weighted by the batch sizes: the mean loss over the epoch's N samples.

    The check runs a fixed problem (70 digits, a 64 → 16 → 10 MLP, batches of 16, a seeded
    ``rng``) with an optimizer that records the gradient it receives at each step, and
    compares those gradients and the loss returned with a reference epoch.
    """
    title = "11.2.title"
    if not callable(fn):
        return _fail(title, _say("not_callable", got=fmt(fn)), "11.2.hint")
    X, y, loss_fn, batch_size = _epoch_problem()

    def run(epoch, clear=True):
        params = _mlp((64, 16, 10), seed=1102)
        opt = _RecordingSGD(params)
        args = (params, loss_fn, X.copy(), y.copy(), opt, batch_size, np.random.default_rng(5))
        if epoch is None:
            return True, _reference_epoch(*args, clear=clear), opt
        ok, out = _call(epoch, *args)
        return ok, out, opt

    _, ref_loss, ref = run(None)
    _, _, piled = run(None, clear=False)
    ok, got, opt = run(fn)
    if not ok:
        return _fail(title, got, "11.2.hint")
    if got is None:
        return _fail(title, _say("returned_none"), "11.2.hint")
    if not opt.seen:
        return _fail(title, _say("11.2.no_steps"), "11.2.hint.no_steps")
    if len(opt.seen) != len(ref.seen):
        return _fail(title, _say("11.2.steps", got=len(opt.seen), expected=len(ref.seen),
                                 batch_size=batch_size, n=len(y)), "11.2.hint.steps")
    for k, (grads, expected, summed) in enumerate(zip(opt.seen, ref.seen, piled.seen)):
        for i, (g, e, s) in enumerate(zip(grads, expected, summed)):
            if g is None:
                return _fail(title, _say("11.2.no_grad", step=k + 1, i=i), "11.2.hint.no_grad")
            if g.shape == e.shape and np.allclose(g, e, rtol=1e-7, atol=1e-10):
                continue
            if k > 0 and g.shape == s.shape and np.allclose(g, s, rtol=1e-7, atol=1e-10):
                return _fail(title, _say("11.2.accumulated", step=k + 1, i=i),
                             "11.2.hint.accumulated")
            if g.shape != e.shape:
                index, got_v, exp_v = "-", f"shape {g.shape}", f"shape {e.shape}"
            else:
                j = np.unravel_index(int(np.argmax(np.abs(g - e))), e.shape)
                index, got_v, exp_v = tuple(int(v) for v in j), fmt(float(g[j])), fmt(float(e[j]))
            return _fail(title, _say("11.2.grad", step=k + 1, i=i, got=got_v, index=index,
                                     expected=exp_v), "11.2.hint.grad")
    if isinstance(got, Tensor) and got.size == 1:
        got = got.item()
    if isinstance(got, bool) or not isinstance(got, (numbers.Real, np.floating)):
        return _fail(title, _say("11.2.no_number", got=fmt(got)), "11.2.hint.loss")
    got = float(got)
    if not np.isclose(got, ref_loss, rtol=1e-9, atol=1e-12):
        return _fail(title, _say("11.2.loss", got=_round(got), expected=_round(ref_loss)),
                     _loss_hint(got, X, y, loss_fn, batch_size))
    return _passed(title, _say("11.2.passed", steps=len(opt.seen), loss=_round(got)))


def _loss_hint(got: float, X, y, loss_fn, batch_size) -> str:
    """Which common way of averaging the batch losses gives ``got``."""
    params = _mlp((64, 16, 10), seed=1102)
    opt = SGD(params, lr=0.05, momentum=0.9)
    order = np.random.default_rng(5).permutation(len(y))
    losses = []
    for start in range(0, len(y), batch_size):
        idx = order[start:start + batch_size]
        loss = loss_fn(params, X[idx], y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    for value, key in [(np.mean(losses), "11.2.hint.unweighted"), (np.sum(losses), "11.2.hint.sum"),
                       (losses[-1], "11.2.hint.last")]:
        if np.isclose(got, value, rtol=1e-9):
            return key
    return "11.2.hint.loss"


# ----------------------------------------------------------------------------- 11.3

def check_five_epoch_lr(lr: Any, fit: Callable, data: dict) -> bool:
    """Exercise 11.3: with learning rate ``lr``, the chapter's ``fit`` trains the chapter's
    MLP (H = 64, initialized from seed 0) for 5 epochs, λ = 1e-4, batches of 64, seed 0, and
    reaches a validation accuracy of at least 0.95 without diverging.

    ``fit`` and ``data`` are the chapter's: ``fit(params, kind, data, lr, reg, epochs,
    batch_size=64, seed=0)`` returns a history whose ``"val_acc"`` list ends with the
    validation accuracy after the last epoch.
    """
    title = "11.3.title"
    if lr is None:
        return _fail(title, _say("11.3.none"), "11.3.hint")
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not np.isfinite(lr) or lr <= 0:
        return _fail(title, _say("11.3.not_rate", got=fmt(lr)), "11.3.hint")
    if not callable(fit):
        return _fail(title, _say("not_callable", got=fmt(fit)), "11.3.hint.fit")
    params = _mlp((64, 64, 10), seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)     # fit reports divergence so
        ok, history = _call(fit, params, "softmax", data, float(lr), 1e-4, 5,
                             batch_size=64, seed=0)
    if not ok:
        return _fail(title, history, "11.3.hint.fit")
    if not isinstance(history, dict) or "val_acc" not in history or "diverged" not in history:
        return _fail(title, _say("11.3.bad_history", got=fmt(history)), "11.3.hint.fit")
    if history["diverged"]:
        return _fail(title, _say("11.3.diverged", lr=f"{lr:g}"), "11.3.hint.diverged")
    acc = float(history["val_acc"][-1])
    if not acc >= 0.95:
        return _fail(title, _say("11.3.low", acc=f"{acc:.3f}", lr=f"{lr:g}"), "11.3.hint.low")
    return _passed(title, _say("11.3.passed", acc=f"{acc:.3f}", lr=f"{lr:g}"))


# ----------------------------------------------------------------------------- 11.4

def check_final_project(train_and_predict: Callable, data: dict) -> bool:
    """Exercise 11.4: ``train_and_predict(X_train, y_train, X_val, y_val)`` trains a
    classifier and returns ``predict``, a function of an (N, 64) array returning N labels or
    (N, C) scores; its accuracy on the chapter's test split must be at least 0.96.

    ``data`` is the chapter's dict of splits; only ``"train"`` and ``"val"`` are given to
    the learner's function, the test split is used for the score alone.
    """
    title = "11.4.title"
    if not callable(train_and_predict):
        return _fail(title, _say("not_callable", got=fmt(train_and_predict)), "11.4.hint")
    (X_tr, y_tr), (X_val, y_val), (X_te, y_te) = data["train"], data["val"], data["test"]
    ok, predict = _call(train_and_predict, X_tr.copy(), y_tr.copy(), X_val.copy(), y_val.copy())
    if not ok:
        return _fail(title, predict, "11.4.hint")
    if predict is None:
        return _fail(title, _say("returned_none"), "11.4.hint")
    if not callable(predict):
        return _fail(title, _say("11.4.not_predict", got=fmt(predict)), "11.4.hint")
    ok, out = _call(predict, X_te.copy())
    if not ok:
        return _fail(title, out, "11.4.hint")
    if isinstance(out, Tensor):
        out = out.data
    n = len(y_te)
    out = np.asarray(out) if out is not None else np.empty(0)
    if out.ndim == 2 and out.shape[0] == n and out.dtype.kind in "biuf":
        labels = out.argmax(axis=1)
    elif out.shape == (n,) and out.dtype.kind in "iuf" and np.all(out == np.round(out)):
        labels = out.astype(int)
    else:
        got = "None" if out.size == 0 and out.ndim == 1 else f"an array of shape {out.shape}"
        return _fail(title, _say("11.4.shape", got=got, n=n), "11.4.hint")
    acc = float(np.mean(labels == y_te))
    if not acc >= 0.96:
        return _fail(title, _say("11.4.low", acc=f"{acc:.3f}", n=n), "11.4.hint.low")
    return _passed(title, _say("11.4.passed", acc=f"{acc:.3f}", n=n))
