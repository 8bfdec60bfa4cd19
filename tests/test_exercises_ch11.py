"""The checks of chapter 11's exercises: each passes a correct solution, and fails a stub (the
blank notebook's `...`), code that raises and the usual wrong answers with a ✗ line and the hint
for that mistake, without raising. Exercises 11.3 and 11.4 are checked with the chapter's own
`fit` and data, read from the notebook, so that the checks and the chapter cannot drift apart.

11.3's answer is a number (a learning rate), not a function: the shared tests of a function
answer do not apply to it, and its own tests are at the end."""

from __future__ import annotations

import contextlib
import functools
import io
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from bplib import Tensor
from bplib.exercises import ch11, set_language
from bplib.exercises._core import NotDefined
from exercise_checks import assert_fails, chapter_tests, run_check

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "chapters" / "11_capstone.ipynb"
# the cells that define the data, the models and `fit`, recognized by their first line
CHAPTER_CELLS = ("import time\n", "X_all, y_all = load_digits()", "mean = X_train_raw.mean",
                 "def linear(", "LOSSES = ", "def record(", "def sgd_momentum(")


@functools.cache
def chapter() -> dict:
    """The chapter's own definitions, executed once from the notebook's cells. The global
    settings those cells change (print options, figure style, BLAS threads) are restored at
    once, so that no other test sees them."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    namespace: dict = {}
    with matplotlib.rc_context(), np.printoptions(), \
            contextlib.redirect_stdout(io.StringIO()):
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.source.startswith(CHAPTER_CELLS):
                exec(compile(cell.source, str(NOTEBOOK), "exec"), namespace)
        namespace["blas"].restore_original_limits()
    assert {"fit", "mlp", "data", "scores", "blas"} <= namespace.keys()
    return namespace


@pytest.fixture(scope="module", autouse=True)
def one_blas_thread():
    """As the chapter does: its small products are fastest on one BLAS thread."""
    with threadpool_limits(1):
        yield


def with_chapter(check, *names, label: str = "", **given):
    """``check(answer, <the chapter's objects called names>)`` as a check of the answer
    alone: a ``functools.partial`` whose arguments are looked up when it is called, so that
    the notebook's cells run in the first test that needs them, not while pytest collects.
    ``given`` replaces some of them."""
    def bound(answer):
        ns = chapter()
        return check(answer, *(given[n] if n in given else ns[n] for n in names))
    bound.exercise = check.exercise
    bound.__name__ = label or check.__name__
    return bound


five_epoch_lr = with_chapter(ch11.check_five_epoch_lr, "fit", "data")
five_epoch_lr_broken_fit = with_chapter(ch11.check_five_epoch_lr, "fit", "data",
                                        label="check_five_epoch_lr-fit",
                                        fit=lambda *args: None)
final_project = with_chapter(ch11.check_final_project, "data")


# ----------------------------------------------------------------------------- 11.1

def class_accuracy(S, y, C):
    predicted = S.argmax(axis=1)
    return np.array([np.mean(predicted[y == c] == c) for c in range(C)])


def counts(S, y, C):
    return np.array([np.sum((S.argmax(1) == c) & (y == c)) for c in range(C)])


def precision(S, y, C):
    with np.errstate(invalid="ignore"):
        return np.array([np.mean(y[S.argmax(1) == c] == c) for c in range(C)])


# ----------------------------------------------------------------------------- 11.2

def train_epoch(params, loss_fn, X, y, opt, batch_size, rng, *, clear=True, step=True,
                backward=True, order=None, reduce="weighted", last=True):
    order = rng.permutation(len(y)) if order is None else order(rng, len(y))
    stop = len(y) if last else len(y) - batch_size + 1
    losses, sizes = [], []
    for start in range(0, stop, batch_size):
        idx = order[start:start + batch_size]
        loss = loss_fn(params, X[idx], y[idx])
        if clear:
            opt.zero_grad()
        if backward:
            loss.backward()
        if step:
            opt.step()
        losses.append(loss.item())
        sizes.append(len(idx))
    losses, sizes = np.array(losses), np.array(sizes)
    return {"weighted": float(losses @ sizes / len(y)), "unweighted": float(losses.mean()),
            "sum": float(losses.sum()), "last": float(losses[-1]),
            "half": float(losses @ sizes / len(y)) / 2, "text": "2.5"}[reduce]


def epoch_with(**options):
    return lambda *args: train_epoch(*args, **options)


# ----------------------------------------------------------------------------- 11.4

def train_and_predict(X_train, y_train, X_val, y_val):
    """The chapter's MLP, trained with the chapter's fit on the splits given."""
    ns = chapter()
    params = ns["mlp"](64, seed=0)
    ns["fit"](params, "softmax", {"train": (X_train, y_train), "val": (X_val, y_val)},
              0.1, 1e-4, 10)
    return lambda X: ns["scores"](params, X).data


def constant_classifier(*splits):
    return lambda X: np.zeros(len(X), dtype=int)


_ChapterChecks = chapter_tests(
    ch11,
    {ch11.check_class_accuracy: class_accuracy,
     ch11.check_train_epoch: train_epoch,
     final_project: train_and_predict},
    [(ch11.check_class_accuracy, lambda S, y, C: float(np.mean(S.argmax(1) == y)), "overall"),
     (ch11.check_class_accuracy, lambda S, y, C: 100 * class_accuracy(S, y, C), "percent"),
     (ch11.check_class_accuracy, counts, "counts"),
     (ch11.check_class_accuracy, lambda S, y, C: counts(S, y, C) / len(y), "over_n"),
     (ch11.check_class_accuracy, precision, "precision"),
     (ch11.check_class_accuracy,
      lambda S, y, C: np.array([np.mean(S.argmax(0)[:1] == c) for c in range(C)]), None),
     (ch11.check_train_epoch, epoch_with(step=False), "no_steps"),
     (ch11.check_train_epoch, epoch_with(last=False), "steps"),
     (ch11.check_train_epoch, epoch_with(backward=False), "no_grad"),
     (ch11.check_train_epoch, epoch_with(clear=False), "accumulated"),
     (ch11.check_train_epoch, epoch_with(order=lambda rng, n: rng.choice(n, n)), "grad"),
     (ch11.check_train_epoch, epoch_with(order=lambda rng, n: np.arange(n)), "grad"),
     (ch11.check_train_epoch, epoch_with(reduce="unweighted"), "unweighted"),
     (ch11.check_train_epoch, epoch_with(reduce="sum"), "sum"),
     (ch11.check_train_epoch, epoch_with(reduce="last"), "last"),
     (ch11.check_train_epoch, epoch_with(reduce="half"), "loss"),
     (ch11.check_train_epoch, epoch_with(reduce="text"), "loss"),
     (five_epoch_lr, 0.003, "low"),
     (five_epoch_lr, 0.5, "high"),
     (five_epoch_lr, 10.0, "diverged"),
     (five_epoch_lr_broken_fit, 0.1, "fit"),
     (final_project, constant_classifier, "low")])


class TestChapter11(_ChapterChecks):
    def test_the_module_declares_every_check_it_has(self):
        """11.3 is not among the shared tests' checks (its answer is a number)."""
        own = {getattr(ch11, n).exercise for n in dir(ch11) if n.startswith("check_")
               and getattr(ch11, n).__module__ == ch11.__name__}
        assert set(ch11.EXERCISES) == own == {"11.1", "11.2", "11.3", "11.4"}


# ----------------------------------------------------------------------------- more on 11.1-11.2

def test_class_accuracy_reports_an_argument_changed_in_place(capsys):
    def clears_the_scores(S, y, C):
        accuracies = class_accuracy(S, y, C)
        S[:] = 0.0
        return accuracies

    assert_fails(ch11.check_class_accuracy, clears_the_scores, capsys, kind="modified",
                 why="changed its argument `S` in place")


def test_train_epoch_accepts_a_tensor_loss_and_zero_grad_after_the_step(capsys):
    def late_zero_grad(params, loss_fn, X, y, opt, batch_size, rng):
        order, total = rng.permutation(len(y)), Tensor(0.0)
        for start in range(0, len(y), batch_size):
            idx = order[start:start + batch_size]
            loss = loss_fn(params, X[idx], y[idx])
            loss.backward()
            opt.step()
            opt.zero_grad()
            total = total + loss.detach() * (len(idx) / len(y))
        return total

    result, out = run_check(ch11.check_train_epoch, late_zero_grad, capsys)
    assert result and out.startswith("✓ Exercise 11.2 (one training epoch): 5 steps")


@pytest.mark.parametrize("options, phrase", [
    (dict(clear=False), "gradients of the first 2 batches"),
    (dict(last=False), "took 4 steps; expected 5"),
    (dict(order=lambda rng, n: np.arange(n)), "differs from the expected one"),
    (dict(reduce="unweighted"), "the returned loss is"),
])
def test_train_epoch_says_where_it_went_wrong(options, phrase, capsys):
    assert not ch11.check_train_epoch(epoch_with(**options))
    assert phrase in capsys.readouterr().out


# ----------------------------------------------------------------------------- 11.3

def test_the_checks_mlp_is_the_chapters():
    for ours, theirs in zip(ch11._mlp((64, 64, 10), seed=0), chapter()["mlp"](64, seed=0)):
        np.testing.assert_array_equal(ours.data, theirs.data)


def test_five_epoch_lr_passes_a_good_rate_with_the_chapters_fit(capsys):
    result, out = run_check(five_epoch_lr, 0.1, capsys)
    assert result and result.exercise == "11.3"
    assert out == "✓ Exercise 11.3 (5-epoch learning rate): lr = 0.1: validation accuracy 0.972.\n"


def test_five_epoch_lr_explains_the_blank_notebooks_none(capsys):
    out = assert_fails(five_epoch_lr, None, capsys, kind=None, why="lr_five is None")
    assert "`...` placeholder" in out


@pytest.mark.parametrize("lr", ["0.1", -0.1, 0.0, True, np.nan, np.inf, [0.1]])
def test_five_epoch_lr_explains_what_is_not_a_rate(lr, capsys):
    assert_fails(five_epoch_lr, lr, capsys, kind=None, why="expected a learning rate, a number > 0")


def test_five_epoch_lr_explains_an_undefined_name(capsys):
    assert_fails(five_epoch_lr, NotDefined("lr_five"), capsys, kind="not_defined",
                 why="`lr_five` is not defined")


@pytest.mark.parametrize("fit, kind, phrase", [
    (lambda *args: 1 / 0, "fit", "your code raised ZeroDivisionError"),
    (lambda *args: {"val_acc": [0.9]}, "fit", "expected the chapter's history"),
    (3, "fit", "expected a function, got 3"),
    (NotDefined("fit"), "not_defined", "`fit` is not defined"),
])
def test_five_epoch_lr_explains_a_broken_fit(fit, kind, phrase, capsys):
    check = with_chapter(ch11.check_five_epoch_lr, "fit", "data", fit=fit)
    assert_fails(check, 0.1, capsys, kind=kind, why=phrase)


def test_five_epoch_lr_accepts_a_numpy_number(capsys):
    result, out = run_check(five_epoch_lr, np.float32(0.1), capsys)
    assert result, out


# ----------------------------------------------------------------------------- 11.4

@pytest.fixture(scope="module")
def trained():
    """The chapter's MLP, trained once: a predict function that passes 11.4."""
    ns = chapter()
    return train_and_predict(*ns["data"]["train"], *ns["data"]["val"])


@pytest.mark.parametrize("output", ["scores", "labels", "tensor", "float labels"])
def test_final_project_passes_scores_or_labels(output, trained, capsys):
    convert = {"scores": lambda S: S, "labels": lambda S: S.argmax(1),
               "tensor": Tensor, "float labels": lambda S: S.argmax(1).astype(float)}[output]
    seen = {}

    def answer(X_train, y_train, X_val, y_val):
        seen["shapes"] = (X_train.shape, y_train.shape, X_val.shape, y_val.shape)
        return lambda X: convert(trained(X))

    result, out = run_check(final_project, answer, capsys)
    assert result and out.startswith("✓ Exercise 11.4 (final project): test accuracy 0.972")
    assert seen["shapes"] == ((1077, 64), (1077,), (360, 64), (360,))   # no test split


@pytest.mark.parametrize("answer, kind, phrase", [
    (lambda *splits: 0.97, None, "expected a function predict(X)"),
    (constant_classifier, "low", "test accuracy 0.081"),
    (lambda *splits: (lambda X: np.zeros((3, 10))), None, "an array of shape (3, 10)"),
    (lambda *splits: (lambda X: None), None, "predict returned None"),
    (lambda *splits: (lambda X: ["a"] * len(X)), None, "an array of shape (360,)"),
    (lambda *splits: (lambda X: X[0, 0, 0]), None, "your code raised IndexError"),
])
def test_final_project_explains_what_is_wrong(answer, kind, phrase, capsys):
    assert_fails(final_project, answer, capsys, kind=kind, why=phrase)


# ----------------------------------------------------------------------------- in Chinese

def test_the_checks_speak_chinese(capsys):
    set_language("zh")
    try:
        assert not five_epoch_lr(10.0)
        out = capsys.readouterr().out
    finally:
        set_language(None)
    assert out.startswith("✗ 练习 11.3（5 轮训练的学习率）：lr = 10 时训练发散了\n  提示：")
