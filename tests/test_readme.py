"""The README's promises: two set-up commands at the top, and CI runs the test one word for word."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head = text.split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", head)


def test_readme_starts_with_exactly_two_setup_commands():
    run, test = setup_commands()
    assert "pip install -e ." in run and run.endswith("tiersim run")
    assert "pip install -e '.[test]'" in test and test.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command():
    _, test = setup_commands()
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
