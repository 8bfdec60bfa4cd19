"""Self-checks for the book's exercises, with hints, in English or Chinese.

Each chapter has a module here (``bplib.exercises.ch01`` ...) whose ``check_*`` functions take
the learner's code, compare it with a reference on several inputs, and print either a ✓ line or
a ✗ line with the first wrong value and a hint that names the mistake and where to look. They
never raise, so a learner running all cells keeps going. They return a :class:`CheckResult`:
truthy when the answer passed, and shown as nothing in Jupyter, so a bare check call as a
cell's last line shows only the ✓/✗ line. Every check also records its outcome in the progress
file (:mod:`bplib.progress`): :func:`progress` prints the table.

The messages come from one table per language (:mod:`bplib.exercises.messages`): English by
default, Chinese with ``BPLIB_LANG=zh`` or :func:`set_language`.

Each chapter module declares ``EXERCISES``, the list of its exercise numbers: that list is the
registry the progress table counts from.

>>> from bplib.exercises import ch01
>>> ch01.check_initial_loss(lambda C: 0.0)   # doctest: +ELLIPSIS
✗ Exercise 1.3 (loss of a zero classifier): got 0, expected 0.693147 (input: C=2)
  Hint: ...
CheckResult(exercise='1.3', passed=False)

Used by the exercises of every chapter; the course page (chapters/course.md) explains them.
"""

from __future__ import annotations

import os

from . import _ipython
from ._core import CheckResult
from .messages import get_language, set_language

__all__ = ["CheckResult", "export_progress", "get_language", "import_progress", "progress",
           "set_language"]

_ipython.install()


def progress(path: str | os.PathLike | None = None) -> None:
    """Print your progress through the exercises: see :func:`bplib.progress.progress`.

    Parameters
    ----------
    path : str, os.PathLike or None
        A progress file; by default ``BPLIB_PROGRESS``, else ``~/.bplib/progress.json``.
    """
    from ..progress import progress as show
    show(path)


def export_progress(path: str | os.PathLike) -> None:
    """Write your progress to ``path``: see :func:`bplib.progress.export_progress`.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write.
    """
    from ..progress import export_progress as export
    export(path)


def import_progress(path: str | os.PathLike) -> None:
    """Merge the progress saved in ``path`` into yours: see
    :func:`bplib.progress.import_progress`.

    Parameters
    ----------
    path : str or os.PathLike
        A file written by ``export_progress``.
    """
    from ..progress import import_progress as merge
    merge(path)
