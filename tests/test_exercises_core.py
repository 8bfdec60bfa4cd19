"""The machinery under every check (bplib.exercises._core and _ipython): CheckResult, the one
runner that explains a learner's exception, comparisons, the choice of hint when several
mistakes fit, the IPython rewrite for undefined names, and the earlier interface."""

from __future__ import annotations

import ast

import numpy as np
import pytest

from bplib.exercises import CheckResult
from bplib.exercises._core import (Failure, NotDefined, argument, check_cases, check_function,
                                   check_value, compare, diagnose, exercise, fmt, run, same_as)
from bplib.exercises._ipython import DeferCheckArguments
from bplib.exercises import ch01


def test_a_check_result_is_truthy_when_passed_and_displays_nothing():
    ok, bad = CheckResult("2.2", True, "✓ ..."), CheckResult("2.2", False, "✗ ...")
    assert ok and not bad and bool(ok) is True
    assert repr(bad) == "CheckResult(exercise='2.2', passed=False)"
    assert ok._ipython_display_() is None


def test_run_explains_the_exception_with_the_learners_line():
    def learner(T):
        return 1 / T
    with pytest.raises(Failure) as info:
        run(learner, 0, case="T=0")
    line = learner.__code__.co_firstlineno + 1
    assert info.value.why == ("your code raised ZeroDivisionError: division by zero "
                              f"(line {line}: `return 1 / T`) (input: T=0)")
    assert isinstance(info.value.error, ZeroDivisionError)


def test_run_points_at_the_learners_line_not_inside_numpy_or_bplib():
    from bplib.losses import softmax_loss

    def learner(W, X, y):
        return softmax_loss(W, X, y[:1])
    with pytest.raises(Failure) as info:
        run(learner, np.zeros((2, 3)), np.zeros((4, 2)), np.zeros(4, dtype=int))
    assert "`return softmax_loss(W, X, y[:1])`" in info.value.why


def test_run_silences_floating_point_warnings():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isinf(run(np.exp, np.array(1000.0)))


@pytest.mark.parametrize("got, expected, why", [
    (None, 1.0, "it returned None"),
    ((1.0,), (1.0, 2.0), "expected a tuple of 2 values"),
    ((1.0, 3.0), (1.0, 2.0), "in result[1]: got 3, expected 2"),
    ("abc", 1.0, "expected a number or an array, got 'abc'"),
    (np.zeros(3), np.zeros((3, 1)), "the result has shape (3,), expected shape (3, 1)"),
    (np.array([1.0, np.nan]), np.array([1.0, 2.0]), "got nan at index (1,), expected 2"),
    (1j, 1.0, "the result is complex"),
    (np.array([True]), True, "expected True or False"),
    (0, True, "got False, expected True"),
])
def test_compare_says_where_a_result_differs(got, expected, why):
    assert why in compare(got, expected)


def test_compare_accepts_equal_nans_lists_and_tolerance():
    assert compare(np.array([np.nan, 1.0]), np.array([np.nan, 1.0 + 1e-9])) is None
    assert compare([1.0, 2.0], np.array([1.0, 2.0])) is None
    assert compare([np.zeros(2), 1.0], (np.zeros(2), 1.0)) is None


def test_fmt_is_short_and_one_line():
    assert fmt(np.arange(3.0)) == "[0., 1., 2.]"
    assert fmt(np.zeros((10, 10))) == "array of shape (10, 10)"
    assert "\n" not in fmt(np.array([1e20 + 1j, 2, 3, 4, 5, 6]))
    assert fmt(True) == "True" and fmt(np.int64(3)) == "3"


def test_when_several_mistakes_fit_one_input_the_one_that_fits_all_wins():
    cases = [(1,), (2,)]
    first = ("doubled", same_as(lambda x: 2 * x))
    second = ("squared_plus_one", same_as(lambda x: x * x + 1))
    learner = lambda x: x * x + 1                      # 2 at x = 1 (fits both), 5 at x = 2
    assert diagnose([first, second], cases[0], 2,
                    lambda: [(c, learner(*c)) for c in cases]) == "squared_plus_one"
    assert diagnose([first, second], cases[0], 2) == "doubled"


def test_check_cases_reports_an_argument_changed_in_place():
    def learner(x):
        x += 1
        return x - 1
    with pytest.raises(Failure) as info:
        check_cases(learner, [(np.zeros(2),)], lambda x: x, names=["x"])
    assert info.value.hint == "modified" and "`x` in place" in info.value.why


def test_a_defect_of_the_check_itself_is_a_cross_not_a_traceback(capsys):
    @exercise("1.3")
    def check_broken(fn):
        raise RuntimeError("a bug in bplib")

    result = check_broken(len)
    out = capsys.readouterr().out
    assert not result and "the check itself failed (RuntimeError: a bug in bplib)" in out


def test_an_exercise_without_a_title_still_prints(capsys):
    @exercise("11.9")
    def check_new(fn):
        return "passed."

    assert check_new(len)
    assert capsys.readouterr().out == "✓ Exercise 11.9: passed.\n"


def test_argument_turns_only_an_undefined_name_into_not_defined():
    assert argument(lambda: 3, "x") == 3
    assert repr(argument(lambda: undefined_name, "undefined_name")) == "NotDefined('undefined_name')"  # noqa: F821


def rewrite(source: str, namespace: dict) -> str:
    return ast.unparse(DeferCheckArguments(namespace).visit(ast.parse(source)))


def test_ipython_rewrites_only_check_calls_of_a_chapter_module():
    namespace = {"ch01": ch01, "ch99": object()}
    out = rewrite("ch01.check_initial_loss(initial_loss)", namespace)
    assert out == ("ch01.check_initial_loss(__import__('bplib.exercises._core', "
                   "fromlist=['argument']).argument(lambda: initial_loss, 'initial_loss'))")
    for unchanged in ["ch01.check_initial_loss(lambda C: 0.0)", "ch99.check_x(f)",
                      "other.check_x(f)", "ch01.initial(f)", "check_x(f)",
                      "class A:\n    ch01.check_initial_loss(f)"]:
        assert rewrite(unchanged, namespace) == ast.unparse(ast.parse(unchanged))


def test_the_rewritten_call_runs_and_explains_an_undefined_name(capsys):
    code = compile(ast.fix_missing_locations(DeferCheckArguments({"ch01": ch01}).visit(
        ast.parse("result = ch01.check_initial_loss(initial_los)"))), "<cell>", "exec")
    namespace = {"ch01": ch01}
    exec(code, namespace)
    assert not namespace["result"]
    assert "`initial_los` is not defined" in capsys.readouterr().out


def test_the_earlier_interface_still_works(capsys):
    assert check_function("Old 1", lambda x: 2 * x, [(1.0,), (2.0,)], lambda x: 2 * x)
    assert not check_function("Old 2", lambda x: x, [(1.0,)], lambda x: 2 * x, hint="double it")
    assert check_value("Old 3", 0.5, 0.5)
    out = capsys.readouterr().out.splitlines()
    assert out == ["✓ Old 1: passed on 2 inputs.", "✗ Old 2: got 1, expected 2 (input: arg0=1)",
                   "  Hint: double it", "✓ Old 3: passed."]


def test_not_defined_is_reported_by_every_kind_of_check(capsys):
    from bplib.exercises import ch08, ch09
    for check in (ch01.check_initial_loss, ch08.check_topo_sort, ch09.check_tanh_function):
        assert not check(NotDefined("answer"))
        assert "`answer` is not defined" in capsys.readouterr().out
