"""What every chapter's exercise checks must do, shared by tests/test_exercises_chNN.py:
pass the reference solutions with a ✓ each, and meet a stub that returns None (the blank
notebook's `...`) with a ✗, a hint, and no exception."""


def assert_solutions_pass(checks, capsys):
    """``checks`` is a list of (check, reference solution) pairs."""
    for check, solution in checks:
        assert check(solution)
    out = capsys.readouterr().out
    assert out.count("✓") == len(checks) and "✗" not in out


def assert_stub_fails(check, chapter: int, capsys):
    assert not check(lambda *args: None)
    out = capsys.readouterr().out
    assert out.startswith(f"✗ Exercise {chapter}.") and "returned None" in out and "Hint: " in out
