"""Figures of a classifier at work: images of digits, the hyperparameters tried, learning
curves, weights as images, a confusion matrix, and medians over seeds.

- ``plot_digits``: a grid of 8×8 digit images, each with a title (its label, a prediction).
- ``plot_search``: the points a random search tried, coloured by validation accuracy.
- ``plot_learning_curves``: training and validation loss and accuracy per epoch.
- ``learning_curve_frames``: learning curves of several runs on shared axes, for a frame
  slider (one run per frame).
- ``plot_weights``: the weights of linear classifiers, one 8×8 image per class.
- ``weight_frames``: one row of weight images that a frame slider redraws, epoch by epoch.
- ``confusion_matrix`` and ``plot_confusion``: counts of (true class, predicted class).
- ``plot_median_curves``: the median of several runs per method, with the 25–75 % band.

Each function draws a new figure, at most ``BASE_WIDTH`` (7.2 in) wide so that it fills the
page's column without being shrunk, returns it, and has a title, labelled axes and, with
several series, a legend inside the axes or below them. Colours are the book's (``bplib.viz.style``); images use grey for
pixels, a diverging red–blue map (0 is white) for signed weights, viridis for counts.

Explained in chapter 11 (Capstone).
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
from matplotlib.figure import Figure

from .._util import as_float_array, as_int, as_real, describe
from .style import BASE_WIDTH, CMAP, figsize, line_style

__all__ = ["plot_digits", "plot_search", "plot_learning_curves", "learning_curve_frames",
           "plot_weights", "weight_frames", "confusion_matrix", "plot_confusion",
           "plot_median_curves"]

#: Signed weights: diverging and colour-blind safe; 0 is white.
WEIGHT_CMAP = "RdBu_r"
#: Pixel intensities: dark ink on a white page.
DIGIT_CMAP = "gray_r"

_HISTORY_KEYS = ("train_loss", "val_loss", "train_acc", "val_acc")


def _images(images, func: str) -> np.ndarray:
    """(n, 64) or (n, 8, 8) values as an (n, 8, 8) array."""
    arr = as_float_array(images, "images", func, finite=False)
    if arr.ndim == 2 and arr.shape[1] == 64:
        return arr.reshape(-1, 8, 8)
    if arr.ndim == 3 and arr.shape[1:] == (8, 8):
        return arr
    raise ValueError(f"{func}: images must have shape (n, 64) or (n, 8, 8); got shape {arr.shape}")


def _bare(ax) -> None:
    """An image panel: no ticks, no grid, a thin frame."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_linewidth(0.5)


def plot_digits(images, titles: Sequence[str] | None = None, *, ncols: int = 10,
                title: str | None = None, width: float = BASE_WIDTH) -> Figure:
    """Digits as a grid of 8×8 images (dark ink on white), each with its own title.

    Parameters
    ----------
    images : (n, 64) or (n, 8, 8) pixel intensities (the raw digits, 0 to 1).
    titles : n short strings, one per image (a label, "true 3 → 8"), or None.
    ncols : int
        Images per row.
    title : str, optional
        The figure's title.
    width : float
        The figure's width in inches, at most ``BASE_WIDTH`` (the column's width).

    Returns
    -------
    The Figure.

    Example
    -------
    >>> fig = plot_digits(np.eye(64)[:3], ["a", "b", "c"], ncols=3, title="three pixels")
    >>> len(fig.axes), fig.axes[1].get_title()
    (3, 'b')
    >>> plt.close(fig)

    Explained in chapter 11 (Capstone).
    """
    func = "plot_digits"
    imgs = _images(images, func)
    n = len(imgs)
    if n == 0:
        raise ValueError(f"{func}: images is empty; expected at least one image")
    if titles is not None and len(titles) != n:
        raise ValueError(f"{func}: got {len(titles)} titles for {n} images; expected one per image")
    ncols = min(as_int(ncols, "ncols", func, low=1), n)
    width = as_real(width, "width", func, low=0.0, high=BASE_WIDTH, low_open=True)
    nrows = -(-n // ncols)
    lines = max(str(t).count("\n") + 1 for t in titles) if titles is not None else 0
    fig, axes, height = _image_grid(nrows, ncols, width, heading=0.32 if title else 0.0,
                                    label=0.1 + 0.18 * lines)
    for k, ax in enumerate(axes.flat):
        if k >= n:
            ax.set_visible(False)
            continue
        ax.imshow(imgs[k], cmap=DIGIT_CMAP, vmin=0.0, vmax=max(1.0, float(imgs[k].max())),
                  interpolation="nearest")
        _bare(ax)
        if titles is not None:
            ax.set_title(titles[k], fontsize=10)
    if title:
        fig.suptitle(title, y=1 - 0.06 / height)
    return fig


def plot_search(results: Mapping, *, xlabel: str = r"$\log_{10}$ learning rate $\alpha_0$",
                ylabel: str = r"$\log_{10}$ regularization $\lambda$", vmin: float = 0.9,
                title: str | None = None) -> Figure:
    """The trials of random searches that minimized the validation error, one panel each.

    Each trial is a dot at its first two coordinates (``xlabel``, ``ylabel``), coloured by
    its validation accuracy, 1 − score; a third coordinate, if any, is log₂ H, the hidden
    size, shown by the dot's area. A NaN score (a run that diverged) is a black cross; the
    best trial is a star.

    Parameters
    ----------
    results : {panel title: ``SearchResult``} whose scores are validation errors.
    xlabel, ylabel : str
        The axes' labels.
    vmin : float
        The accuracy at the bottom of the colour scale (lower ones get its colour).
    title : str, optional
        The figure's title.

    Returns
    -------
    The Figure (one panel per result and a shared colour bar).

    Example
    -------
    >>> from bplib.search import random_search
    >>> r = random_search(lambda h: 0.01 * abs(h[0]), [(-1, 1), (-1, 1)], 5, rng=0)
    >>> fig = plot_search({"toy": r})
    >>> fig.axes[0].get_title()
    'toy: 5 trials'
    >>> plt.close(fig)

    Explained in chapter 11 (Capstone).
    """
    func = "plot_search"
    if not isinstance(results, Mapping) or not results:
        raise TypeError(f"{func}: results must be a non-empty dict {{title: SearchResult}}; "
                        f"got {describe(results)}")
    n = len(results)
    fig, axes = plt.subplots(1, n, figsize=figsize(0.62), layout="constrained",
                             squeeze=False, sharex=True, sharey=True)
    scatter = None
    sizes_shown = False
    for ax, (name, result) in zip(axes[0], results.items()):
        history = getattr(result, "history", None)
        if not history:
            raise TypeError(f"{func}: results[{name!r}] must be a SearchResult with a history; "
                            f"got {describe(result)}")
        points = np.array([p for p, _ in history], dtype=float)
        acc = 1.0 - np.array([s for _, s in history], dtype=float)
        ok = np.isfinite(acc)
        area = 40.0 if points.shape[1] < 3 else 40.0 * 2.0 ** (points[:, 2] - 6)
        area = np.broadcast_to(area, acc.shape)
        scatter = ax.scatter(points[ok, 0], points[ok, 1], c=acc[ok], s=area[ok], cmap=CMAP,
                             vmin=vmin, vmax=1.0, edgecolors="black", linewidths=0.5, zorder=3)
        if (~ok).any():
            ax.plot(points[~ok, 0], points[~ok, 1], "x", color="black", markersize=8,
                    label="diverged")
        if result.best is not None:
            ax.plot(result.best[0], result.best[1], marker="*", markersize=17,
                    markerfacecolor="none", markeredgecolor=line_style(5)["color"],
                    markeredgewidth=2, linestyle="none", label="best", zorder=4)
        if points.shape[1] >= 3 and not sizes_shown:
            for h in (32, 256):
                ax.scatter([], [], s=40.0 * 2.0 ** (np.log2(h) - 6), color="white",
                           edgecolors="black", label=f"H = {h}")
            sizes_shown = True
        ax.set_title(f"{name}: {len(history)} trials")
        ax.set_xlabel(xlabel)
    handles = {}
    for ax in axes[0]:
        for h, label in zip(*ax.get_legend_handles_labels()):
            handles.setdefault(label, h)
    fig.legend(handles.values(), handles.keys(), loc="outside lower center",
               ncols=len(handles))
    axes[0][0].set_ylabel(ylabel)
    # the colour bar under the panels, so that three panels share the column's width
    fig.colorbar(scatter, ax=axes[0].tolist(), label="validation accuracy", extend="min",
                 location="bottom", shrink=0.6, aspect=40)
    if title:
        fig.suptitle(title)
    return fig


def _history(history, func: str) -> dict:
    if not isinstance(history, Mapping) or any(k not in history for k in _HISTORY_KEYS):
        raise TypeError(f"{func}: history must be a dict with the lists {', '.join(_HISTORY_KEYS)} "
                        f"(one entry per epoch); got {describe(history)}")
    out = {k: np.asarray(history[k], dtype=float) for k in _HISTORY_KEYS}
    if len({v.shape for v in out.values()}) != 1 or out["train_loss"].ndim != 1:
        raise ValueError(f"{func}: the lists of history must be 1-D and of one length; got "
                         f"shapes {[v.shape for v in out.values()]}")
    return out


def _draw_curves(ax_loss, ax_acc, h: dict, acc_low: float | None = None) -> None:
    """The training and validation curves of one history on a loss and an accuracy panel."""
    epochs = np.arange(len(h["train_loss"]))
    for k, part in enumerate(("train", "val")):
        st = line_style(k)
        name = "training" if part == "train" else "validation"
        for ax, key in ((ax_loss, "loss"), (ax_acc, "acc")):
            ax.plot(epochs, h[f"{part}_{key}"], color=st["color"], linestyle=st["linestyle"],
                    marker=st["marker"], markersize=3, label=name)
    ax_loss.set(yscale="log", xlabel="epoch", ylabel="loss (log scale)", title="loss")
    _plain_log_axis(ax_loss.yaxis)
    if acc_low is None:
        acc_low = _accuracy_floor([h])
    ax_acc.set(xlabel="epoch", ylabel="accuracy", title="accuracy", ylim=(acc_low, 1.002))
    ax_loss.legend(loc="upper right")
    ax_acc.legend(loc="lower right")


def _accuracy_floor(histories: list) -> float:
    """The bottom of the accuracy axis: 0.9, or a tenth below the lowest validation accuracy
    after the first epoch; 0 for runs stopped at epoch 0."""
    after = [float(np.nanmin(h["val_acc"][1:])) for h in histories if len(h["val_acc"]) > 1]
    low = min([0.9] + after) if after else 0.0
    return low if low >= 0.9 else max(0.0, np.floor(10 * low - 0.1) / 10)


def plot_learning_curves(history: Mapping, *, title: str | None = None) -> Figure:
    """Loss (left, log scale) and accuracy (right) per epoch, on the training and validation sets.

    Parameters
    ----------
    history : a dict with lists ``train_loss``, ``val_loss``, ``train_acc``, ``val_acc``,
        entry e measured after epoch e (entry 0: before training).
    title : the figure's title.

    Returns
    -------
    The Figure, with two panels.

    Example
    -------
    >>> h = dict(train_loss=[2.3, 0.5, 0.2], val_loss=[2.3, 0.6, 0.3],
    ...          train_acc=[0.1, 0.9, 0.95], val_acc=[0.1, 0.85, 0.9])
    >>> fig = plot_learning_curves(h, title="t")
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['loss (log scale)', 'accuracy']
    >>> plt.close(fig)

    Explained in chapter 11 (Capstone).
    """
    h = _history(history, "plot_learning_curves")
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=figsize(0.44), layout="constrained")
    _draw_curves(ax_loss, ax_acc, h)
    if title:
        fig.suptitle(title)
    return fig


def learning_curve_frames(histories: Mapping) -> tuple[Figure, Callable[[object, str], None]]:
    """Learning curves of several runs, one run at a time, on axes shared by all: the figure
    of a frame slider over a hyperparameter (the learning rate, say).

    Every frame has the same axes (epochs, loss range, accuracy range), so that moving from
    one frame to the next shows how the runs differ, not how the axes rescale. The loss axis
    ends at 10 times the largest starting loss: the loss of a run that blows up leaves the
    frame at the top. A run that diverged and stopped early draws its few points.

    Parameters
    ----------
    histories : {key: history}
        One history per run, each a dict as :func:`plot_learning_curves` takes.

    Returns
    -------
    (fig, show): ``show(key, title)`` draws the run ``histories[key]`` with that title.

    Example
    -------
    >>> h = dict(train_loss=[2.3, 0.5], val_loss=[2.3, 0.6], train_acc=[0.1, 0.9],
    ...          val_acc=[0.1, 0.85])
    >>> fig, show = learning_curve_frames({0.1: h, 1.0: {k: v[:1] for k, v in h.items()}})
    >>> show(1.0, "diverged")
    >>> fig._suptitle.get_text(), [float(x) for x in fig.axes[0].get_xlim()]
    ('diverged', [-0.3, 1.3])
    >>> plt.close(fig)

    Explained in chapter 11 (Capstone).
    """
    func = "learning_curve_frames"
    if not isinstance(histories, Mapping) or not histories:
        raise TypeError(f"{func}: histories must be a non-empty dict {{key: history}}; got "
                        f"{describe(histories)}")
    runs = {key: _history(h, func) for key, h in histories.items()}
    losses = np.concatenate([np.concatenate([h["train_loss"], h["val_loss"]])
                             for h in runs.values()])
    losses = losses[np.isfinite(losses) & (losses > 0)]
    start = max(float(h["train_loss"][0]) for h in runs.values())
    top = min(float(losses.max()), 10 * start) if losses.size else 10.0
    loss_lim = (losses.min() / 1.3, top * 1.3) if losses.size else (0.01, 10.0)
    epochs = max(len(h["train_loss"]) for h in runs.values()) - 1
    acc_low = _accuracy_floor(list(runs.values()))
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=figsize(0.44), layout="constrained")
    first = next(iter(runs.values()))
    _draw_curves(ax_loss, ax_acc, first, acc_low)
    ax_loss.set_ylim(*loss_lim)
    if loss_lim[1] / loss_lim[0] > 300:          # many decades: fewer ticks
        _plain_log_axis(ax_loss.yaxis, subs=(1.0, 3.0))
    for ax in (ax_loss, ax_acc):
        ax.set_xlim(-0.3, max(epochs, 1) + 0.3)
    heading = fig.suptitle(" ")
    # The frames differ only in their lines and title: lay the figure out once, then keep
    # that layout (constrained layout at every frame would take most of the drawing time).
    fig.canvas.draw()
    fig.set_layout_engine("none")
    lines = {("loss", k): ax_loss.lines[k] for k in range(2)}
    lines.update({("acc", k): ax_acc.lines[k] for k in range(2)})

    def show(key, title: str = "") -> None:
        if key not in runs:
            raise KeyError(f"{func}: no run {key!r}; the runs are {list(runs)}")
        h = runs[key]
        x = np.arange(len(h["train_loss"]))
        for (what, k), line in lines.items():
            line.set_data(x, h[f"{('train', 'val')[k]}_{what}"])
        heading.set_text(title)

    show(next(iter(runs)))
    return fig, show


def _weights(W, func: str, name: str = "W") -> np.ndarray:
    arr = as_float_array(W, name, func)
    if arr.ndim != 2 or arr.shape[0] != 64:
        raise ValueError(f"{func}: {name} must have shape (64, C), one column of 8×8 weights per "
                         f"class; got shape {arr.shape}")
    return arr


def _plain_log_axis(axis, subs: tuple = (1.0, 2.0, 3.0, 5.0)) -> None:
    """Log-scale ticks at 1, 2, 3, 5 × 10ᵏ (or ``subs``), written as plain numbers (0.2, 1,
    5), not 2×10⁻¹."""
    axis.set_major_locator(mticker.LogLocator(base=10, subs=subs))
    axis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(mticker.NullFormatter())


def _row_scale(W: np.ndarray) -> float:
    """The colour limit of a row of weight images: the 98th percentile of abs(W) (a few
    extreme pixels saturate instead of washing out all the others)."""
    scale = float(np.percentile(np.abs(W), 98))
    return scale if scale > 0 else 1.0


def _draw_weight_row(axes, W: np.ndarray, images: list | None = None) -> list:
    """Each class's column of W as an 8×8 image, on one colour scale for the whole row."""
    scale = _row_scale(W)
    out = []
    for c, ax in enumerate(axes):
        w = np.clip(W[:, c].reshape(8, 8) / scale, -1.0, 1.0)
        if images is None:
            out.append(ax.imshow(w, cmap=WEIGHT_CMAP, vmin=-1, vmax=1,
                                 interpolation="nearest"))
            _bare(ax)
        else:
            images[c].set_data(w)
            out.append(images[c])
    return out


def _image_grid(nrows: int, ncols: int, width: float, *, left: float = 0.01,
                right: float = 0.99, heading: float = 0.0, label: float = 0.0,
                bottom: float = 0.05):
    """A figure of nrows × ncols square image axes, laid out by hand (constrained layout
    is slow with dozens of image axes, and a frame slider redraws them for every frame).

    ``heading`` inches are left at the top for a title, ``label`` inches above every row
    for the images' own titles, ``bottom`` inches below the last row.
    """
    wspace = 0.12
    cell = width * (right - left) / (ncols + (ncols - 1) * wspace)     # inches
    height = heading + nrows * (label + cell) + bottom
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), squeeze=False,
                             layout="none")   # not the style's constrained layout
    fig.subplots_adjust(left=left, right=right, bottom=bottom / height,
                        top=1 - (heading + label) / height, wspace=wspace,
                        hspace=label / cell)
    return fig, axes, height


def plot_weights(weights: Mapping, *, mean_digits=None, title: str | None = None) -> Figure:
    """The weights of linear classifiers as images: one row per model, one 8×8 image per class.

    Column c of a (64, C) weight matrix holds the weight of each pixel in the score of class
    c. Red pixels raise the class's score, blue ones lower it, white ones do not matter.
    Each row has one colour scale, clipped at the 98th percentile of its absolute weights.

    Parameters
    ----------
    weights : {row label: (64, C) weight matrix}.
    mean_digits : optional (64, C) pixel intensities, the mean digit of each class, drawn in
        grey as a first row for comparison.
    title : the figure's title.

    Returns
    -------
    The Figure.

    Example
    -------
    >>> fig = plot_weights({"model": np.ones((64, 10))}, mean_digits=np.ones((64, 10)))
    >>> fig.axes[0].get_title(), fig.axes[10].get_ylabel()
    ('0', 'model')
    >>> plt.close(fig)

    Explained in chapter 11 (Capstone).
    """
    func = "plot_weights"
    if not isinstance(weights, Mapping) or not weights:
        raise TypeError(f"{func}: weights must be a non-empty dict {{label: (64, C) array}}; "
                        f"got {describe(weights)}")
    mats = {name: _weights(W, func, f"weights[{name!r}]") for name, W in weights.items()}
    C = next(iter(mats.values())).shape[1]
    rows = list(mats.items())
    if mean_digits is not None:
        rows.insert(0, ("mean digit", _weights(mean_digits, func, "mean_digits")))
    fig, axes, height = _image_grid(len(rows), C, BASE_WIDTH, left=0.15, right=0.88,
                                    heading=0.22 if title else 0.0, label=0.3)
    image = None
    for k, (row, (name, W)) in enumerate(zip(axes, rows)):
        if k == 0 and mean_digits is not None:
            for c, ax in enumerate(row):
                ax.imshow(W[:, c].reshape(8, 8), cmap=DIGIT_CMAP, interpolation="nearest")
                _bare(ax)
        else:
            image = _draw_weight_row(row, W)[0]
        row[0].set_ylabel(name, fontsize=10, rotation=0, ha="right", va="center")
        for c, ax in enumerate(row):
            ax.set_title(str(c), fontsize=9, pad=2)
    if image is not None:
        top = axes[1 if mean_digits is not None else 0][0].get_position().y1
        cax = fig.add_axes([0.9, 0.05 / height, 0.015, top - 0.05 / height])
        fig.colorbar(image, cax=cax, ticks=[-1, 0, 1], label="weight / row scale")
    if title:
        fig.suptitle(title, y=1 - 0.06 / height)
    return fig


def weight_frames(W, *, title: str = "") -> tuple[Figure, Callable[[np.ndarray, str], None]]:
    """A row of C weight images for a frame slider, and the function that redraws it.

    Parameters
    ----------
    W : (64, C) array
        The weights of the first frame.
    title : str
        Its title.

    Returns
    -------
    (fig, update): ``update(W, title)`` puts new weights and a new title into the figure.

    Example
    -------
    >>> fig, update = weight_frames(np.ones((64, 10)), title="epoch 0")
    >>> update(-np.ones((64, 10)), "epoch 1")
    >>> fig.texts[0].get_text(), float(fig.axes[0].images[0].get_array()[0, 0])
    ('epoch 1', -1.0)
    >>> plt.close(fig)

    Explained in chapter 11 (Capstone).
    """
    func = "weight_frames"
    W = _weights(W, func)
    C = W.shape[1]
    fig, axes, height = _image_grid(1, C, BASE_WIDTH, heading=0.4, label=0.28)
    axes = axes[0]
    images = _draw_weight_row(axes, W)
    for c, ax in enumerate(axes):
        ax.set_title(str(c), fontsize=10, pad=2)
    heading = fig.suptitle(title, y=1 - 0.05 / height, fontsize=11)

    def update(W_new, new_title: str = "") -> None:
        _draw_weight_row(axes, _weights(W_new, func), images)
        heading.set_text(new_title)

    return fig, update


def confusion_matrix(y_true, y_pred, n_classes: int) -> np.ndarray:
    """Counts M[i, j] of the samples of true class i predicted as class j.

    Parameters
    ----------
    y_true, y_pred : (N,) integer arrays
        Labels in [0, n_classes).
    n_classes : int
        C, the number of classes.

    Returns
    -------
    (C, C) int64 array; the diagonal holds the correct predictions.

    Example
    -------
    >>> confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], 3)
    array([[1, 0, 0],
           [0, 1, 1],
           [0, 0, 1]])

    Explained in chapter 11 (Capstone).
    """
    func = "confusion_matrix"
    C = as_int(n_classes, "n_classes", func, low=1)
    t, p = np.asarray(y_true), np.asarray(y_pred)
    for name, v in (("y_true", t), ("y_pred", p)):
        if v.ndim != 1 or v.dtype.kind not in "iu":
            raise TypeError(f"{func}: {name} must be a 1-D array of integer labels; got {describe(v)}")
        if v.size and (v.min() < 0 or v.max() >= C):
            raise ValueError(f"{func}: {name} has labels outside [0, {C}): "
                             f"{int(v.min())}..{int(v.max())}")
    if t.shape != p.shape:
        raise ValueError(f"{func}: y_true has shape {t.shape} and y_pred {p.shape}; expected one "
                         "prediction per label")
    return np.bincount(t * C + p, minlength=C * C).reshape(C, C).astype(np.int64)


def plot_confusion(M, *, title: str | None = None) -> Figure:
    """A confusion matrix as an image, with its non-zero counts written in the cells.

    The colour is log-scaled, so that the few mistakes off the diagonal stand out next to
    the many correct predictions on it.

    Parameters
    ----------
    M : (C, C) counts, rows the true class, columns the predicted class.
    title : the figure's title.

    Returns
    -------
    The Figure.

    Example
    -------
    >>> fig = plot_confusion(np.array([[5, 1], [0, 7]]), title="t")
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['1', '5', '7']
    >>> plt.close(fig)

    Explained in chapter 11 (Capstone).
    """
    from matplotlib.colors import LogNorm

    func = "plot_confusion"
    M = np.asarray(M)
    if M.ndim != 2 or M.shape[0] != M.shape[1] or M.dtype.kind not in "iu" or (M < 0).any():
        raise ValueError(f"{func}: M must be a square array of counts; got {describe(M)}")
    C = M.shape[0]
    fig, ax = plt.subplots(figsize=(5.2, 4.4), layout="constrained")
    shown = np.where(M > 0, M, np.nan)
    image = ax.imshow(shown, cmap=CMAP, norm=LogNorm(vmin=1, vmax=max(2, int(M.max()))),
                      interpolation="nearest")
    threshold = np.sqrt(max(2, int(M.max())))
    for i in range(C):
        for j in range(C):
            if M[i, j]:
                ax.text(j, i, str(M[i, j]), ha="center", va="center", fontsize=9,
                        color="black" if M[i, j] > threshold else "white")
    ax.set_xticks(range(C))
    ax.set_yticks(range(C))
    ax.grid(False)
    ax.set(xlabel="predicted class", ylabel="true class")
    bar = fig.colorbar(image, ax=ax, label="number of test digits (log scale)", shrink=0.9)
    _plain_log_axis(bar.ax.yaxis, subs=(1.0, 2.0, 5.0))
    if title:
        ax.set_title(title)
    return fig


def plot_median_curves(curves: Mapping, *, ylabel: str, title: str | None = None,
                       xlabel: str = "epoch", logy: bool = False) -> Figure:
    """For each method, the median of its runs per epoch and the band of their 25–75 %.

    Parameters
    ----------
    curves : {label: (runs, epochs) array}, one row per run (a seed).
    ylabel, xlabel, title : str
        The texts of the axes and the title.
    logy : bool
        Whether the y axis is log-scaled.

    Returns
    -------
    The Figure.

    Example
    -------
    >>> fig = plot_median_curves({"a": [[3.0, 2.0], [1.0, 0.5]]}, ylabel="loss")
    >>> fig.axes[0].lines[0].get_ydata().tolist()
    [2.0, 1.25]
    >>> plt.close(fig)

    Explained in chapter 11 (Capstone).
    """
    func = "plot_median_curves"
    if not isinstance(curves, Mapping) or not curves:
        raise TypeError(f"{func}: curves must be a non-empty dict {{label: (runs, epochs) array}}; "
                        f"got {describe(curves)}")
    fig, ax = plt.subplots(figsize=figsize(0.55), layout="constrained")
    for k, (name, runs) in enumerate(curves.items()):
        runs = as_float_array(runs, f"curves[{name!r}]", func, ndim=2)
        x = np.arange(runs.shape[1])
        lo, med, hi = np.percentile(runs, [25, 50, 75], axis=0)
        st = line_style(k)
        ax.plot(x, med, color=st["color"], linestyle=st["linestyle"], marker=st["marker"],
                markersize=4, label=name)
        ax.fill_between(x, lo, hi, color=st["color"], alpha=0.2, linewidth=0)
    if logy:
        ax.set_yscale("log")
        _plain_log_axis(ax.yaxis)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right")
    return fig
