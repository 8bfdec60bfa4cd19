"""The repository keeps its promises: CI runs exactly the README's test command, and every
requirement has an upper bound so that stored outputs reproduce."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands():
    return re.findall(r"```bash\n(.+?)\n```", (ROOT / "README.md").read_text(), re.DOTALL)


def test_readme_quick_start_is_two_commands_and_ci_runs_the_test_one():
    commands = readme_commands()[:2]
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    build, test = commands
    assert "jupyter-book build ." in build and "pytest" in test
    ci = (ROOT / ".ci" / "run").read_text()
    assert test in ci.splitlines(), ".ci/run must run the README's test command unchanged"


def test_every_requirement_is_bounded_above():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-e"):
            continue
        assert "<" in line or "==" in line, f"unbounded requirement: {line}"
