"""Self-checks for the book's exercises.

Each chapter has a module here (``bplib.exercises.ch01`` ...) whose ``check_*`` functions
take the learner's code, compare it with a reference on several inputs, and print either a
clear pass or the first wrong value with a hint. They never raise, so a learner running all
cells keeps going, and they return ``True`` or ``False``.

>>> from bplib.exercises import ch01
>>> ch01.check_initial_loss(lambda C: 0.0)   # doctest: +ELLIPSIS
✗ Exercise 1.3 (loss of a zero classifier): ...
False
"""

from ._core import check_function, check_value

__all__ = ["check_function", "check_value"]
