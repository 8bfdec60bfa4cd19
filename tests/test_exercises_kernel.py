"""The checks as a learner meets them in Jupyter: a notebook run by nbclient in a real kernel.

A bare check call as a cell's last line shows only the ✓ or ✗ lines (a CheckResult displays
nothing: no True or False under the cell), a stub or a name that is not defined gives ✗ and a
hint (no traceback), the kernel records progress in the file BPLIB_PROGRESS names, and
set_language switches the messages to Chinese."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbclient import NotebookClient

CELLS = [
    "import numpy as np\nfrom bplib.exercises import ch01, set_language",
    # the exercise notebook as delivered: the solution replaced by the stub
    "def initial_loss(C):\n    ...  # your code here\n\nch01.check_initial_loss(initial_loss)",
    # the check run before its function was defined (or under a misspelled name)
    "ch01.check_initial_loss(initial_los)",
    # solved
    "def initial_loss(C):\n    return float(np.log(C))\n\nch01.check_initial_loss(initial_loss)",
    "assert ch01.check_initial_loss(initial_loss)\nassert not ch01.check_initial_loss(len)",
    # any other NameError is still an error
    "try:\n    undefined_thing\nexcept NameError as e:\n    print('NameError:', e)",
    "set_language('zh')\nch01.check_initial_loss(initial_loss)",
]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kernel")
    progress_file = folder / "progress.json"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BPLIB_PROGRESS", str(progress_file))   # the kernel inherits it
        mp.delenv("BPLIB_LANG", raising=False)
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()
    return nb, progress_file


def outputs(nb, k):
    return nb.cells[k].outputs


def only_stdout(nb, k) -> str:
    """The cell's output, which must be standard output only (the kernel may send it in
    several pieces)."""
    outs = outputs(nb, k)
    assert outs and {(o.output_type, o.get("name")) for o in outs} == {("stream", "stdout")}, outs
    return "".join(o.text for o in outs)


def test_a_stub_shows_only_the_cross_and_the_hint(executed):
    nb, _ = executed
    text = only_stdout(nb, 1)
    lines = text.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("✗ Exercise 1.3 (loss of a zero classifier): it returned None")
    assert lines[1].startswith("  Hint: when all C scores are equal")
    assert "True" not in text and "False" not in text and "Traceback" not in text


def test_an_undefined_name_gives_a_cross_not_a_traceback(executed):
    nb, _ = executed
    text = only_stdout(nb, 2)
    assert text.startswith("✗ Exercise 1.3 (loss of a zero classifier): `initial_los` is not "
                           "defined: run the cell that defines it before the check")
    assert "\n  Hint: the check receives your function by its name" in text


def test_a_solution_shows_only_the_tick(executed):
    nb, _ = executed
    assert only_stdout(nb, 3) == "✓ Exercise 1.3 (loss of a zero classifier): passed on 4 inputs.\n"


def test_assert_and_not_work_in_the_kernel(executed):
    nb, _ = executed
    text = only_stdout(nb, 4)
    assert text.startswith("✓ Exercise 1.3") and "\n✗ Exercise 1.3" in text


def test_other_name_errors_are_left_alone(executed):
    nb, _ = executed
    assert only_stdout(nb, 5) == "NameError: name 'undefined_thing' is not defined\n"


def test_set_language_switches_the_kernel_to_chinese(executed):
    nb, _ = executed
    assert only_stdout(nb, 6) == "✓ 练习 1.3（全零分类器的损失）：4 组输入全部通过。\n"


def test_the_kernel_recorded_every_check_in_its_own_progress_file(executed):
    _, progress_file = executed
    attempts = json.loads(progress_file.read_text())["attempts"]
    assert [(a["exercise"], a["passed"]) for a in attempts] == [
        ("1.3", False), ("1.3", False), ("1.3", True), ("1.3", True), ("1.3", False),
        ("1.3", True)]
