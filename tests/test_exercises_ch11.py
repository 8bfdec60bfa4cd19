"""The checks of chapter 11's exercises: each passes a correct solution; fails a stub (the blank
notebook's `...`) and the usual wrong answers with a ✗ line and the hint that fits the mistake,
without raising; and works with the chapter's own `fit`, `mlp` and data, read from the
notebook, so that the checks and the chapter cannot drift apart."""

from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest

from bplib import Tensor
from bplib.exercises import ch11

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "chapters" / "11_capstone.ipynb"
# the cells that define the data, the models and `fit`, recognized by their first line
CHAPTER_CELLS = ("import time\n", "X_all, y_all = load_digits()", "mean = X_train_raw.mean",
                 "def linear(", "LOSSES = ", "def record(", "def sgd_momentum(")


@pytest.fixture(scope="module")
def chapter():
    """The chapter's own definitions, executed from the notebook's cells; the global
    settings those cells change (print options, figure style, BLAS threads) are restored
    afterwards, so that later tests see the defaults."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    namespace: dict = {}
    print_options = np.get_printoptions()
    with matplotlib.rc_context():
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.source.startswith(CHAPTER_CELLS):
                exec(compile(cell.source, str(NOTEBOOK), "exec"), namespace)
        assert {"fit", "mlp", "data", "scores", "blas"} <= namespace.keys()
        yield namespace
    namespace["blas"].restore_original_limits()
    np.set_printoptions(**print_options)


def failed_with(capsys, number, *phrases):
    out = capsys.readouterr().out
    assert out.startswith(f"✗ Exercise 11.{number} ") and "Hint: " in out, out
    for phrase in phrases:
        assert phrase in out, out
    return out


# ----------------------------------------------------------------------------- 11.1

def class_accuracy(S, y, C):
    predicted = S.argmax(axis=1)
    return np.array([np.mean(predicted[y == c] == c) for c in range(C)])


def test_class_accuracy_passes_a_correct_solution(capsys):
    assert ch11.check_class_accuracy(class_accuracy)
    assert capsys.readouterr().out.startswith("✓ Exercise 11.1 (accuracy per class): passed")


@pytest.mark.parametrize("wrong, phrase", [
    (lambda S, y, C: float(np.mean(S.argmax(1) == y)), "one accuracy per class"),
    (lambda S, y, C: 100 * class_accuracy(S, y, C), "percentages"),
    (lambda S, y, C: np.array([np.sum((S.argmax(1) == c) & (y == c)) for c in range(C)]),
     "counts of correct predictions"),
    (lambda S, y, C: np.array([np.sum((S.argmax(1) == c) & (y == c)) for c in range(C)])
     / len(y), "divided by N"),
    (lambda S, y, C: np.array([np.mean(y[S.argmax(1) == c] == c) for c in range(C)]),
     "*predicted*"),
    (lambda S, y, C: np.array([np.mean(S.argmax(0)[:1] == c) for c in range(C)]),
     "the fraction of the samples whose true label is c"),
])
def test_class_accuracy_names_the_mistake(wrong, phrase, capsys):
    with np.errstate(invalid="ignore"):
        assert not ch11.check_class_accuracy(wrong)
    failed_with(capsys, 1, phrase)


def test_class_accuracy_explains_an_exception(capsys):
    assert not ch11.check_class_accuracy(lambda S, y, C: S[C + 100])
    failed_with(capsys, 1, "your code raised IndexError")


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
            "sum": float(losses.sum()), "last": float(losses[-1])}[reduce]


def test_train_epoch_passes_a_correct_solution(capsys):
    assert ch11.check_train_epoch(train_epoch)
    assert capsys.readouterr().out.startswith("✓ Exercise 11.2 (one training epoch): 5 steps")


@pytest.mark.parametrize("options, phrases", [
    (dict(clear=False), ("gradients of the first 2 batches", "cleared once per batch")),
    (dict(step=False), ("opt.step() was never called",)),
    (dict(backward=False), ("has no gradient", "backward")),
    (dict(order=lambda rng, n: rng.choice(n, n)), ("differs from the expected one",
                                                   "rng.permutation(N)")),
    (dict(order=lambda rng, n: np.arange(n)), ("differs from the expected one",)),
    (dict(last=False), ("took 4 steps; expected 5", "smaller batch")),
    (dict(reduce="unweighted"), ("the returned loss", "weight each batch's loss")),
    (dict(reduce="sum"), ("a sum over the batches",)),
    (dict(reduce="last"), ("the last batch only",)),
])
def test_train_epoch_names_the_mistake(options, phrases, capsys):
    assert not ch11.check_train_epoch(lambda *args: train_epoch(*args, **options))
    failed_with(capsys, 2, *phrases)


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

    assert ch11.check_train_epoch(late_zero_grad)
    assert capsys.readouterr().out.startswith("✓")


def test_train_epoch_a_stub_and_a_non_function_fail_without_raising(capsys):
    assert not ch11.check_train_epoch(lambda *args: None)
    failed_with(capsys, 2, "returned None")
    assert not ch11.check_train_epoch("train_epoch")
    failed_with(capsys, 2, "expected a function")
    assert not ch11.check_train_epoch(lambda params, loss_fn: 1.0)
    failed_with(capsys, 2, "your code raised TypeError")


# ----------------------------------------------------------------------------- 11.3

def test_the_checks_mlp_is_the_chapters(chapter):
    for ours, theirs in zip(ch11._mlp((64, 64, 10), seed=0), chapter["mlp"](64, seed=0)):
        np.testing.assert_array_equal(ours.data, theirs.data)


def test_five_epoch_lr_passes_a_good_rate_with_the_chapters_fit(chapter, capsys):
    assert ch11.check_five_epoch_lr(0.1, chapter["fit"], chapter["data"])
    out = capsys.readouterr().out
    assert out.startswith("✓ Exercise 11.3") and "lr = 0.1" in out


@pytest.mark.parametrize("lr, phrases", [
    (None, ("lr_five is None",)),
    ("0.1", ("expected a learning rate, a number > 0; got '0.1'",)),
    (-0.1, ("expected a learning rate",)),
    (0.003, ("validation accuracy", "expected at least 0.95", "larger")),
    (10.0, ("training diverged with lr = 10", "smaller")),
])
def test_five_epoch_lr_explains_a_wrong_rate(lr, phrases, chapter, capsys):
    assert not ch11.check_five_epoch_lr(lr, chapter["fit"], chapter["data"])
    failed_with(capsys, 3, *phrases)


def test_five_epoch_lr_explains_a_broken_fit(chapter, capsys):
    assert not ch11.check_five_epoch_lr(0.1, lambda *a, **k: None, chapter["data"])
    failed_with(capsys, 3, "fit returned None")
    assert not ch11.check_five_epoch_lr(0.1, lambda *a, **k: 1 / 0, chapter["data"])
    failed_with(capsys, 3, "ZeroDivisionError")


# ----------------------------------------------------------------------------- 11.4

@pytest.fixture(scope="module")
def trained(chapter):
    """The chapter's MLP, trained once: a predict function that passes 11.4."""
    params = chapter["mlp"](64, seed=0)
    chapter["fit"](params, "softmax", chapter["data"], 0.1, 1e-4, 10)
    return lambda X: chapter["scores"](params, X).data


@pytest.mark.parametrize("output", ["scores", "labels", "tensor", "float labels"])
def test_final_project_passes_scores_or_labels(output, trained, chapter, capsys):
    convert = {"scores": lambda S: S, "labels": lambda S: S.argmax(1),
               "tensor": Tensor, "float labels": lambda S: S.argmax(1).astype(float)}[output]
    seen = {}

    def train_and_predict(X_train, y_train, X_val, y_val):
        seen["shapes"] = (X_train.shape, y_train.shape, X_val.shape, y_val.shape)
        return lambda X: convert(trained(X))

    assert ch11.check_final_project(train_and_predict, chapter["data"])
    assert capsys.readouterr().out.startswith("✓ Exercise 11.4")
    assert seen["shapes"] == ((1077, 64), (1077,), (360, 64), (360,))   # no test split


@pytest.mark.parametrize("train_and_predict, phrases", [
    (lambda *splits: None, ("returned None",)),
    (lambda *splits: 0.97, ("expected a function predict(X)",)),
    (lambda *splits: (lambda X: np.zeros(len(X), dtype=int)), ("test accuracy 0.0", "at least 0.96")),
    (lambda *splits: (lambda X: np.zeros((3, 10))), ("an array of shape (3, 10)",)),
    (lambda *splits: (lambda X: None), ("predict returned None",)),
    (lambda *splits: (lambda X: X[0, 0, 0]), ("your code raised IndexError",)),
    (lambda X_train: None, ("your code raised TypeError",)),
])
def test_final_project_explains_what_is_wrong(train_and_predict, phrases, chapter, capsys):
    assert not ch11.check_final_project(train_and_predict, chapter["data"])
    failed_with(capsys, 4, *phrases)


# ----------------------------------------------------------------------------- all

def test_every_check_fails_a_stub_with_a_hint_and_never_the_solution(chapter, capsys):
    stub = lambda *args: None    # noqa: E731 (what a blank notebook's cell returns)
    calls = [lambda: ch11.check_class_accuracy(stub), lambda: ch11.check_train_epoch(stub),
             lambda: ch11.check_five_epoch_lr(None, chapter["fit"], chapter["data"]),
             lambda: ch11.check_final_project(stub, chapter["data"])]
    for k, call in enumerate(calls, start=1):
        assert call() is False
        out = failed_with(capsys, k)
        assert "Traceback" not in out
        for code in ("argmax(", "zero_grad()", "backward()", "permutation(len", "= 0."):
            assert code not in out.split("Hint: ")[1]


def test_messages_are_one_table_with_a_title_and_a_hint_per_exercise():
    for k in range(1, 5):
        assert f"11.{k}.title" in ch11.MESSAGES and f"11.{k}.hint" in ch11.MESSAGES
        assert ch11.MESSAGES[f"11.{k}.title"].startswith(f"Exercise 11.{k} (")
