"""What every chapter's exercise checks must do, shared by tests/test_exercises_chNN.py.

``chapter_tests(module, solutions, wrong)`` returns a test class; each test file binds it to a
``Test...`` name. For every check of the chapter it tests that

- the reference solution passes with one ✓ line, and the result is a truthy ``CheckResult``;
- a stub (the blank notebook's ``...``, which returns None) fails with a ✗ line and a hint,
  without raising;
- code that raises, a wrong type, and a name that was not defined fail the same way;
- every plausible wrong answer in ``wrong`` fails with the hint for its own mistake (the exact
  sentence of the English message table), and every such hint of the chapter is reached by
  one of them.
"""

from __future__ import annotations

import re

import pytest

from bplib.exercises import CheckResult
from bplib.exercises._core import NotDefined
from bplib.exercises.messages import EN


def stub_function(*args):
    """A learner's unfinished cell: the blank notebook replaces the body by `...`."""
    ...


def broken_function(*args):
    raise KeyError("oops")


def hint_of(exercise: str, kind: str | None) -> str:
    """The hint a check prints for ``kind`` (as ``_core._hint`` looks it up)."""
    for key in ([f"{exercise}.hint.{kind}", f"hint.{kind}"] if kind else []) + [f"{exercise}.hint"]:
        if key in EN:
            return EN[key].format()
    raise KeyError(f"no hint for {exercise} {kind}")


def run_check(check, answer, capsys):
    result = check(answer)
    out = capsys.readouterr().out
    assert isinstance(result, CheckResult), f"{check.__name__} returned {result!r}"
    assert "the check itself failed" not in out, out
    return result, out


def assert_fails(check, answer, capsys, kind: str | None = None, why: str = ""):
    """``check(answer)`` fails, prints a ✗ line and the hint of ``kind``, and returns it."""
    result, out = run_check(check, answer, capsys)
    lines = out.rstrip("\n").split("\n")
    assert not result and result.passed is False, out
    assert len(lines) == 2, out
    assert lines[0].startswith(f"✗ Exercise {check.exercise} ("), out
    assert lines[1] == f"  Hint: {hint_of(check.exercise, kind)}", out
    assert why in lines[0], out
    return out


def chapter_tests(module, solutions: dict, wrong: list, stub=stub_function,
                  broken=broken_function, not_a_function_why="expected a function, got 3"):
    """A test class for the checks of ``module``.

    ``solutions`` maps each check to a correct answer; ``wrong`` lists
    ``(check, wrong answer, kind)``, kind being the mistake whose hint the check must print.
    """
    checks = list(solutions)
    ids = [c.__name__ for c in checks]
    wrong_ids = [f"{c.__name__}-{kind}" for c, _, kind in wrong]

    class ChapterChecks:
        def test_the_module_declares_every_check_it_has(self):
            own = [getattr(module, n) for n in dir(module) if n.startswith("check_")
                   and getattr(module, n).__module__ == module.__name__]
            declared = {c.exercise for c in own}
            assert set(module.EXERCISES) == declared == {c.exercise for c in checks}

        @pytest.mark.parametrize("check", checks, ids=ids)
        def test_a_correct_solution_passes(self, check, capsys):
            result, out = run_check(check, solutions[check], capsys)
            assert result and result.passed is True and result.exercise == check.exercise
            assert out.startswith(f"✓ Exercise {check.exercise} (") and out.count("\n") == 1
            assert result.message == out.rstrip("\n")
            assert repr(result) == f"CheckResult(exercise='{check.exercise}', passed=True)"

        @pytest.mark.parametrize("check", checks, ids=ids)
        def test_a_stub_fails_with_a_hint_and_no_exception(self, check, capsys):
            out = assert_fails(check, stub, capsys)
            assert "returned None" in out and "`...` placeholder" in out

        @pytest.mark.parametrize("check", checks, ids=ids)
        def test_code_that_raises_is_explained_not_raised(self, check, capsys):
            out = assert_fails(check, broken, capsys)
            assert "your code raised KeyError: 'oops'" in out
            assert re.search(r"\(line \d+: `raise KeyError\(\"oops\"\)`\)", out), out

        @pytest.mark.parametrize("check", checks, ids=ids)
        def test_a_wrong_type_is_explained(self, check, capsys):
            out = assert_fails(check, 3, capsys, kind=None, why=not_a_function_why)

        @pytest.mark.parametrize("check", checks, ids=ids)
        def test_an_undefined_name_is_explained(self, check, capsys):
            assert_fails(check, NotDefined("my_answer"), capsys, kind="not_defined",
                         why="`my_answer` is not defined")

        @pytest.mark.parametrize("check, answer, kind", wrong, ids=wrong_ids)
        def test_a_plausible_wrong_answer_gets_the_hint_for_its_mistake(self, check, answer,
                                                                       kind, capsys):
            assert_fails(check, answer, capsys, kind=kind)

        def test_every_specific_hint_is_reached_by_a_wrong_answer(self):
            numbers = set(module.EXERCISES)
            specific = {(k.split(".hint.")[0], k.split(".hint.")[1]) for k in EN
                        if ".hint." in k and k.split(".hint.")[0] in numbers}
            reached = {(c.exercise, kind) for c, _, kind in wrong}
            assert specific <= reached, f"hints no test reaches: {sorted(specific - reached)}"

    return ChapterChecks
