"""The machinery every exercise check uses: run the learner's code, compare, explain.

A check is a function decorated with :func:`exercise`. Its body receives the learner's
object, runs it through :func:`run` (the one place that calls learner code and explains an
exception), compares the results with :func:`compare` or :func:`check_cases`, and ends in one
of two ways:

- it returns the pass detail (a sentence from the message table), or
- it raises :class:`Failure` with what went wrong and, when the check can tell which mistake
  was made, the kind of mistake (``"sign"``, ``"modified"`` ...), which picks the hint.

The decorator prints one ✓ line, or a ✗ line and a hint; records the outcome in the progress
file (:mod:`bplib.progress`); and returns a :class:`CheckResult`. It never raises, so a learner
running every cell keeps going. Every sentence comes from the message tables of
:mod:`bplib.exercises.messages`, in the language chosen with ``BPLIB_LANG`` or
:func:`~bplib.exercises.messages.set_language`.

Used by the exercises of every chapter.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import sys
import traceback
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from .messages import has, text

__all__ = ["CheckResult", "Failure", "NotDefined", "argument", "check_cases", "compare",
           "exercise", "expect", "fmt", "heading", "non_finite", "raised", "require_callable",
           "run", "same_as", "check_function", "check_value"]


class CheckResult:
    """What a check returns: truthy when the learner's answer passed.

    It displays nothing in Jupyter: the check has already printed its ✓ or ✗ line, so a bare
    check call as a cell's last line shows only that line (no ``True`` or ``False`` under it).
    ``assert check(...)`` and ``if not check(...)`` work as with a bool.

    Parameters
    ----------
    exercise : str
        The exercise number, for example ``"4.1"``.
    passed : bool
        Whether every test of the check passed.
    message : str
        The text the check printed (the ✓ line, or the ✗ line and the hint).

    Examples
    --------
    >>> r = CheckResult("4.1", True, "✓ Exercise 4.1 (the update as a loop): passed on 4 inputs.")
    >>> bool(r), r
    (True, CheckResult(exercise='4.1', passed=True))

    Returned by the exercise checks of every chapter.
    """

    __slots__ = ("exercise", "passed", "message")

    def __init__(self, exercise: str, passed: bool, message: str) -> None:
        self.exercise = exercise
        self.passed = bool(passed)
        self.message = message

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"CheckResult(exercise={self.exercise!r}, passed={self.passed})"

    def _ipython_display_(self) -> None:
        """Show nothing in IPython and Jupyter: the ✓/✗ line is already printed."""


class Failure(Exception):
    """Raised inside a check to end it with ✗.

    Parameters
    ----------
    why : str
        What went wrong, already rendered (from the message table).
    hint : str or None
        The kind of mistake (``"sign"``, ``"modified"`` ...), which selects the hint
        ``"N.k.hint.<kind>"`` (or the shared ``"hint.<kind>"``); None gives the exercise's
        general hint ``"N.k.hint"``.
    error : BaseException or None
        The exception the learner's code raised, if that is what went wrong.
    """

    def __init__(self, why: str, hint: str | None = None,
                 error: BaseException | None = None) -> None:
        super().__init__(why)
        self.why = why
        self.hint = hint
        self.error = error


class NotDefined:
    """Stands for a name that was not defined when a check was called in a notebook.

    In IPython, ``bplib.exercises`` rewrites ``chNN.check_x(name)`` so that an undefined
    ``name`` reaches the check as ``NotDefined("name")`` instead of stopping the cell with a
    ``NameError`` traceback; the check then prints ✗ and a hint (see :func:`argument`).

    Parameters
    ----------
    name : str
        The name that was not defined.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"NotDefined({self.name!r})"


def argument(get: Callable[[], Any], name: str) -> Any:
    """The value of a check's argument, or :class:`NotDefined` if its name is undefined.

    Called by the code IPython runs for ``chNN.check_x(name)``, as
    ``argument(lambda: name, "name")``.

    Parameters
    ----------
    get : callable
        A function of no arguments that evaluates the name.
    name : str
        The name, for the message.

    Returns
    -------
    object
        ``get()``, or ``NotDefined(name)`` when evaluating it raises ``NameError``.

    Examples
    --------
    >>> argument(lambda: len, "len") is len
    True
    >>> argument(lambda: no_such_function, "no_such_function")
    NotDefined('no_such_function')
    """
    try:
        return get()
    except NameError:
        return NotDefined(name)


# --- Values, shortly -------------------------------------------------------------------------

def fmt(x: Any) -> str:
    """A value, shortly: 6 significant digits, small arrays in full, large ones by shape.

    Parameters
    ----------
    x : object
        The value.

    Returns
    -------
    str

    Examples
    --------
    >>> fmt(1 / 3), fmt(np.array([1.0, 2.5])), fmt(np.zeros((5, 5)))
    ('0.333333', '[1. , 2.5]', 'array of shape (5, 5)')
    """
    if isinstance(x, (bool, np.bool_)):
        return repr(bool(x))
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.6g}"
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, np.ndarray):
        if x.ndim == 0:
            return fmt(x[()])
        if x.size <= 8:
            return " ".join(np.array2string(x, precision=5, separator=", ",
                                            suppress_small=True).split())
        return f"array of shape {x.shape}"
    if isinstance(x, NotDefined):
        return x.name
    text_ = repr(x)
    return text_ if len(text_) <= 80 else text_[:77] + "..."


def _short(value: Any) -> str:
    """A case's argument for a label: numbers and tiny arrays by value, arrays by shape."""
    if isinstance(value, np.ndarray) and value.ndim > 0:
        if value.size <= 4:
            return "[" + ", ".join(f"{float(v):.4g}" for v in value.ravel()) + "]"
        return None  # described by shape
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.4g}"
    return fmt(value)


def describe_case(case: Sequence, names: Sequence[str]) -> str:
    """``name=value`` for each argument of a case (arrays by ``name.shape``), language-neutral.

    Parameters
    ----------
    case : sequence
        The arguments.
    names : sequence of str
        Their names, as the exercise writes them; a name starting with ``_`` is left out.

    Returns
    -------
    str

    Examples
    --------
    >>> describe_case((np.zeros((3, 2)), 0.5, 10), ["X", "lr", "steps"])
    'X.shape=(3, 2), lr=0.5, steps=10'
    """
    parts = []
    for name, value in zip(names, case):
        if name.startswith("_") or callable(value):
            continue
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], np.ndarray):
            parts.append(f"len({name})={len(value)}")
            continue
        short = _short(value)
        parts.append(f"{name}.shape={np.shape(value)}" if short is None else f"{name}={short}")
    return ", ".join(parts)


def heading(number: str) -> str:
    """``Exercise 4.1 (the update as a loop)``, in the current language.

    Parameters
    ----------
    number : str
        The exercise number.

    Returns
    -------
    str

    Examples
    --------
    >>> heading("4.1")
    'Exercise 4.1 (the update as a loop)'
    """
    key = f"{number}.title"
    if has(key):
        return text("exercise", number=number, title=text(key))
    return text("exercise.untitled", number=number)


def _hint(number: str, kind: str | None) -> str:
    for key in ([f"{number}.hint.{kind}", f"hint.{kind}"] if kind else []) + [f"{number}.hint"]:
        if has(key):
            return text(key)
    return text("hint.generic")


# --- The runner: the one place that calls learner code ---------------------------------------

_OWN_FILES = (os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
              os.path.dirname(np.__file__))


def _learner_frame(exc: BaseException):
    """The innermost traceback frame in the learner's code (not in bplib or numpy)."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames
           if not os.path.abspath(f.filename).startswith(_OWN_FILES)
           and "site-packages" not in f.filename]
    return own[-1] if own else (frames[-1] if frames else None)


def explain(exc: BaseException) -> str:
    """``ZeroDivisionError: division by zero (line 3: `return 1 / T`)``: an exception, shortly.

    Parameters
    ----------
    exc : BaseException
        The exception the learner's code raised.

    Returns
    -------
    str
    """
    message = str(exc).strip().splitlines()
    error = type(exc).__name__ + (f": {message[0]}" if message else "")
    if len(error) > 160:
        error = error[:157] + "..."
    frame = _learner_frame(exc)
    code = (frame.line or "").strip() if frame else ""
    where = text("why.raised_at", line=frame.lineno, code=code) if code else ""
    return text("why.raised", error=error, where=where)


def on_case(problem: str, case: str | None) -> str:
    """A problem followed by the input it happened on (``... (input: N=3, D=2)``).

    Parameters
    ----------
    problem : str
        What went wrong.
    case : str or None
        The input, described; None leaves ``problem`` as it is.

    Returns
    -------
    str
    """
    return text("why.on_case", problem=problem, case=case) if case else problem


def require_callable(fn: Any, what: str = "function") -> None:
    """Raise :class:`Failure` unless ``fn`` is callable (or explain an undefined name).

    Parameters
    ----------
    fn : object
        What the learner passed to the check.
    what : str
        ``"function"`` (the default) or ``"class"``, for the message.
    """
    if isinstance(fn, NotDefined):
        raise Failure(text("why.not_defined", name=fn.name), hint="not_defined")
    if not callable(fn):
        raise Failure(text(f"why.not_{what}", got=fmt(fn)))


def run(fn: Callable, *args: Any, case: str | None = None) -> Any:
    """Call the learner's ``fn(*args)``; return the result, or raise :class:`Failure`.

    This is the one place where learner code runs. An exception becomes a ✗ that names it,
    the line of the learner's code it came from, and the input (``case``). Floating-point
    warnings (overflow in ``np.exp`` ...) are silenced: the check reports the ``nan`` or
    ``inf`` they produce instead.

    Parameters
    ----------
    fn : callable
        The learner's function (or method).
    *args : object
        Its arguments.
    case : str or None
        A description of the input, for the message.

    Returns
    -------
    object
        What ``fn`` returned.

    Examples
    --------
    >>> try:
    ...     run(lambda T: 1 / T, 0, case="T=0")
    ... except Failure as f:
    ...     print(f.why)   # doctest: +ELLIPSIS
    your code raised ZeroDivisionError: division by zero ... (input: T=0)
    """
    try:
        with np.errstate(all="ignore"):
            return fn(*args)
    except Exception as exc:  # the learner's code may raise anything
        raise Failure(on_case(explain(exc), case), error=exc) from None


# --- Comparing ------------------------------------------------------------------------------

def compare(got: Any, expected: Any, rtol: float = 1e-6, atol: float = 1e-9,
            names: Sequence[str] | None = None) -> str | None:
    """None when ``got`` matches ``expected``, else a sentence saying where it differs.

    Parameters
    ----------
    got : object
        The learner's result.
    expected : object
        The reference: a number, an array, a bool, or a tuple of those.
    rtol : float
        Relative tolerance (``np.isclose``).
    atol : float
        Absolute tolerance.
    names : sequence of str or None
        Names of a tuple's items (``("dX", "dW")``), for the message.

    Returns
    -------
    str or None

    Examples
    --------
    >>> compare(0.5, 0.5) is None
    True
    >>> compare(np.array([1.0, 2.0]), np.array([1.0, 3.0]))
    'got 2 at index (1,), expected 3'
    """
    if got is None and expected is not None:
        return text("why.none")
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return text("why.tuple", n=len(expected), got=fmt(got))
        for k, (g, e) in enumerate(zip(got, expected)):
            why = compare(g, e, rtol, atol)
            if why:
                name = names[k] if names else f"result[{k}]"
                return text("why.item", name=name, problem=why)
        return None
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_, int, np.integer)) or got not in (0, 1):
            return text("why.not_bool", got=fmt(got))
        return None if bool(got) == bool(expected) else text(
            "why.value", got=fmt(bool(got)), expected=fmt(bool(expected)))
    if np.iscomplexobj(got) and not np.iscomplexobj(expected):
        return text("why.complex", got=fmt(got))
    try:
        g = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return text("why.not_number", got=fmt(got))
    e = np.asarray(expected, dtype=float)
    if g.shape != e.shape:
        return text("why.shape", got=g.shape, expected=e.shape)
    close = np.isclose(g, e, rtol=rtol, atol=atol) | (np.isnan(g) & np.isnan(e))
    if close.all():
        return None
    idx = tuple(int(i) for i in np.argwhere(~close)[0])
    if idx:
        return text("why.value_at", got=fmt(g[idx]), index=idx, expected=fmt(e[idx]))
    return text("why.value", got=fmt(g[()]), expected=fmt(e[()]))


def expect(got: Any, expected: Any, case: str | None = None, hint: str | None = None,
           rtol: float = 1e-6, atol: float = 1e-9, names: Sequence[str] | None = None) -> None:
    """Raise :class:`Failure` unless ``got`` matches ``expected`` (see :func:`compare`).

    Parameters
    ----------
    got : object
        The learner's result.
    expected : object
        The reference.
    case : str or None
        The input, described, for the message.
    hint : str or None
        The kind of mistake, which selects the hint.
    rtol : float
        Relative tolerance.
    atol : float
        Absolute tolerance.
    names : sequence of str or None
        Names of a tuple's items.
    """
    why = compare(got, expected, rtol, atol, names)
    if why:
        raise Failure(on_case(why, case), hint=hint)


# --- Telling which mistake was made ---------------------------------------------------------

Detector = Callable[[tuple, Any], bool]


def _copy(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def same_as(wrong: Callable, rtol: float = 1e-6, atol: float = 1e-9) -> Detector:
    """A detector: the learner's result equals what the wrong answer ``wrong(*case)`` gives.

    Parameters
    ----------
    wrong : callable
        A plausible wrong solution, with the exercise's arguments.
    rtol : float
        Relative tolerance of the comparison.
    atol : float
        Absolute tolerance.

    Returns
    -------
    callable
        ``detector(case, got) -> bool``.
    """
    def detect(case: tuple, got: Any) -> bool:
        if isinstance(got, BaseException) or got is None:
            return False
        with np.errstate(all="ignore"):
            return compare(got, wrong(*[_copy(a) for a in case]), rtol, atol) is None
    return detect


def raised(*types: type, contains: str = "") -> Detector:
    """A detector: the learner's code raised one of ``types`` (with ``contains`` in its text).

    Parameters
    ----------
    *types : type
        Exception classes.
    contains : str
        Text the exception's message must contain.

    Returns
    -------
    callable
        ``detector(case, got) -> bool``.
    """
    def detect(case: tuple, got: Any) -> bool:
        return isinstance(got, types) and contains in str(got)
    return detect


def non_finite() -> Detector:
    """A detector: the learner's result holds a ``nan`` or an ``inf``.

    Returns
    -------
    callable
        ``detector(case, got) -> bool``.
    """
    def detect(case: tuple, got: Any) -> bool:
        if got is None or isinstance(got, BaseException):
            return False
        try:
            return not np.all(np.isfinite(np.asarray(got, dtype=float)))
        except (TypeError, ValueError):
            return False
    return detect


def _detects(detect: Detector, case: tuple, got: Any) -> bool:
    try:
        return bool(detect(case, got))
    except Exception:  # a detector that cannot decide does not decide
        return False


def diagnose(mistakes: Iterable[tuple[str, Detector]], case: tuple, got: Any,
             others: Callable[[], list[tuple[tuple, Any]]] | None = None) -> str | None:
    """The kind of mistake that explains the learner's result ``got`` on ``case``.

    Parameters
    ----------
    mistakes : iterable of (str, callable)
        ``(kind, detector)`` pairs, in order of preference.
    case : tuple
        The input on which the learner's answer failed.
    got : object
        The learner's result there, or the exception their code raised.
    others : callable or None
        Returns ``(case, result)`` for every input of the check. When several kinds explain
        ``got``, the one that also explains every other result wins.

    Returns
    -------
    str or None
    """
    candidates = [(kind, detect) for kind, detect in mistakes if _detects(detect, case, got)]
    if len(candidates) > 1 and others is not None:
        results = others()
        for kind, detect in candidates:
            if all(_detects(detect, c, g) for c, g in results):
                return kind
    return candidates[0][0] if candidates else None


def _changed(before: Any, after: Any) -> bool:
    if isinstance(before, np.ndarray):
        return (not isinstance(after, np.ndarray) or after.shape != before.shape
                or not np.allclose(after, before, rtol=1e-10, atol=1e-12, equal_nan=True))
    if isinstance(before, list):
        return len(after) != len(before) or any(map(_changed, before, after))
    return False


def check_cases(fn: Any, cases: Sequence[tuple], reference: Callable, names: Sequence[str],
                describe: Callable[..., str] | None = None, rtol: float = 1e-6,
                atol: float = 1e-9, mistakes: Sequence[tuple[str, Detector]] = (),
                result_names: Sequence[str] | None = None, unchanged: bool = True) -> int:
    """Run ``fn(*case)`` against ``reference(*case)`` for every case; raise at the first miss.

    Each call gets copies of the array arguments. On a wrong result the ``mistakes`` are
    tried in order, and the first that recognises the result (or the exception) picks the
    hint. With ``unchanged``, an array argument that the learner's function modified in place
    is a failure too (kind ``"modified"``).

    Parameters
    ----------
    fn : callable
        The learner's function.
    cases : sequence of tuple
        The arguments of each call.
    reference : callable
        The reference solution, same arguments.
    names : sequence of str
        The exercise's argument names, for the messages.
    describe : callable or None
        ``describe(*case) -> str`` for the message; by default ``name=value`` pairs.
    rtol : float
        Relative tolerance.
    atol : float
        Absolute tolerance.
    mistakes : sequence of (str, callable)
        ``(kind, detector)`` pairs; see :func:`same_as`, :func:`raised`, :func:`non_finite`.
    result_names : sequence of str or None
        Names of the items of a tuple result, for the messages.
    unchanged : bool
        Whether modifying an array argument in place is a failure.

    Returns
    -------
    int
        The number of cases, all passed.
    """
    require_callable(fn)

    def every_result() -> list[tuple[tuple, Any]]:
        """The learner's result (or exception) on every case, run again quietly."""
        results = []
        for case in cases:
            try:
                with contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"):
                    results.append((case, fn(*[_copy(a) for a in case])))
            except Exception as exc:  # the learner's code may raise anything
                results.append((case, exc))
        return results

    for case in cases:
        label = describe(*case) if describe else describe_case(case, names)
        expected = reference(*[_copy(a) for a in case])
        given = [_copy(a) for a in case]
        try:
            got = run(fn, *given, case=label)
        except Failure as failure:
            failure.hint = failure.hint or diagnose(mistakes, case, failure.error, every_result)
            raise
        why = compare(got, expected, rtol, atol, result_names)
        if why:
            kind = diagnose(mistakes, case, got, every_result) if got is not None else None
            raise Failure(on_case(why, label), hint=kind)
        if unchanged:
            for name, before, after in zip(names, case, given):
                if _changed(before, after):
                    raise Failure(on_case(text("why.modified", name=name), label),
                                  hint="modified")
    return len(cases)


# --- The decorator: print, record, return ---------------------------------------------------

def _record(number: str, passed: bool) -> None:
    """Record the outcome; ``bplib.progress.record`` never raises (it warns once instead)."""
    from ..progress import record
    record(number, passed)


def exercise(number: str) -> Callable[[Callable[..., str]], Callable[..., CheckResult]]:
    """Make a check out of a body that returns the pass detail or raises :class:`Failure`.

    The check prints ``✓ Exercise N.k (title): <detail>``, or ``✗ Exercise N.k (title):
    <why>`` and ``  Hint: <hint>``; records the outcome (:func:`bplib.progress.record`); and
    returns a :class:`CheckResult`. It never raises: an unexpected error inside the check
    itself is reported as a ✗ as well.

    Parameters
    ----------
    number : str
        The exercise number, ``"N.k"``.

    Returns
    -------
    callable
        The decorator.

    Examples
    --------
    >>> @exercise("1.3")
    ... def check_demo(fn):
    ...     expect(run(fn, 2), 0.6931471805599453)
    ...     return "fine."
    >>> check_demo(lambda C: 0.69)   # doctest: +ELLIPSIS
    ✗ Exercise 1.3 (loss of a zero classifier): got 0.69, expected 0.693147
      Hint: ...
    CheckResult(exercise='1.3', passed=False)
    """
    def decorate(body: Callable[..., str]) -> Callable[..., CheckResult]:
        @functools.wraps(body)
        def check(*args: Any, **kwargs: Any) -> CheckResult:
            try:
                detail = body(*args, **kwargs)
                passed = True
                lines = [text("line.pass", exercise=heading(number), detail=detail)]
            except Failure as failure:
                passed = False
                lines = [text("line.fail", exercise=heading(number), why=failure.why),
                         text("line.hint", hint=_hint(number, failure.hint))]
            except Exception as exc:  # a defect of the check must not become a traceback
                passed = False
                why = text("why.check_error", error=f"{type(exc).__name__}: {exc}")
                lines = [text("line.fail", exercise=heading(number), why=why),
                         text("line.hint", hint=_hint(number, None))]
            message = "\n".join(lines)
            sys.stdout.write(message + "\n")   # one write: one stream output in a notebook
            _record(number, passed)
            return CheckResult(number, passed, message)

        check.exercise = number
        return check
    return decorate


# --- The earlier interface, for checks not yet converted --------------------------------------

def fail(title: str, why: str, hint: str | None) -> bool:
    """Print a ✗ line and a hint, return False (the pre-table interface; prefer Failure).

    Parameters
    ----------
    title : str
        ``Exercise N.k (title)``.
    why : str
        What went wrong.
    hint : str or None
        The hint's text.

    Returns
    -------
    bool
        False.
    """
    print(f"✗ {title}: {why}")
    if hint:
        print(text("line.hint", hint=hint))
    return False


def check_function(title: str, fn: Callable, cases: Sequence[tuple], reference: Callable,
                   hint: str | None = None, rtol: float = 1e-6, atol: float = 1e-9,
                   describe: Callable[[tuple], str] | None = None) -> bool:
    """The pre-table interface: compare ``fn`` with ``reference`` on ``cases``; print ✓ or ✗.

    Kept so that a chapter module written against it keeps working until it is converted to
    :func:`exercise` and :func:`check_cases` (which also record progress and use the message
    tables).

    Parameters
    ----------
    title : str
        ``Exercise N.k (title)``.
    fn : callable
        The learner's function.
    cases : sequence of tuple
        The arguments of each call.
    reference : callable
        The reference solution.
    hint : str or None
        The hint's text.
    rtol : float
        Relative tolerance.
    atol : float
        Absolute tolerance.
    describe : callable or None
        ``describe(case) -> str``.

    Returns
    -------
    bool
    """
    try:
        n = check_cases(fn, cases, reference, names=[f"arg{k}" for k in range(9)],
                        describe=(lambda *c: describe(c)) if describe else None,
                        rtol=rtol, atol=atol, unchanged=False)
    except Failure as failure:
        return fail(title, failure.why, hint)
    print(f"✓ {title}: {text('passed.inputs', n=n)}")
    return True


def check_value(title: str, got: Any, expected: Any, hint: str | None = None,
                rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """The pre-table interface: compare one value; print ✓ or ✗; return a bool.

    Parameters
    ----------
    title : str
        ``Exercise N.k (title)``.
    got : object
        The learner's value.
    expected : object
        The reference.
    hint : str or None
        The hint's text.
    rtol : float
        Relative tolerance.
    atol : float
        Absolute tolerance.

    Returns
    -------
    bool
    """
    why = compare(got, expected, rtol, atol)
    if why:
        return fail(title, why, hint)
    print(f"✓ {title}: {text('passed.one')}")
    return True
