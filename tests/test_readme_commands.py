"""Every command in the README's command blocks runs as written, on a copy of a fresh clone's files.

The ``bash`` blocks after the two set-up commands are read from README.md; every ``tiersim ...`` line runs
in order (a later command may use what an earlier one wrote, as a reader would) in a temporary folder that
holds a copy of ``scenarios/``, in-process through click's runner (the console script's entry point).
To keep the suite fast, only these changes are made, each one a smaller version of the same run:
``--draws N`` above 1,000 becomes ``--draws 1000`` (one block of draws), and ``--dask local`` is dropped
(the LocalCluster is tested on its own in ``tests/test_dask.py``). Every command must exit 0.

``tiersim report`` takes about 20 s per report (charts and a PDF), more than this whole test may: its lines are
parsed here (every option valid, the scenarios found) and ``tests/test_report.py`` runs ``report --compare``.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from click.testing import CliRunner

from sim.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.+?)\n```", text, re.S)[2:]  # after the two set-up commands
    lines = [re.split(r"\s+#\s", line, maxsplit=1)[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line]


def smaller(args: list[str]) -> list[str]:
    out = []
    skip = False
    for i, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if arg == "--dask":
            skip = True
            continue
        if arg == "--draws" and int(args[i + 1]) > 1000:
            out += ["--draws", "1000"]
            skip = True
            continue
        out.append(arg)
    return out


def parsed(args: list[str]) -> None:
    """Parse a command line as click would run it, and load the scenarios it names."""
    import click

    from sim import load_scenario

    with cli.make_context("tiersim", list(args)) as ctx:
        command = cli.get_command(ctx, args[0])
        with command.make_context(args[0], list(args[1:]), parent=ctx) as sub:
            for key in ("scenario_arg", "scenario_opt", "other"):
                if sub.params.get(key):
                    load_scenario(sub.params[key])
            assert isinstance(sub, click.Context)


def test_the_readme_names_only_tiersim_commands():
    commands = readme_commands()
    assert len(commands) >= 30
    assert all(c.startswith("tiersim ") for c in commands), [c for c in commands if not c.startswith("tiersim ")]


def test_every_readme_command_runs_as_written(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    failed = []
    for command in readme_commands():
        args = smaller(shlex.split(command)[1:])
        if args[0] in ("report", "app"):  # app serves until stopped: parsed only (tests/test_app*.py run it)
            parsed(args)
            continue
        result = runner.invoke(cli, args)
        if result.exit_code != 0:
            failed.append(f"{command}: exit {result.exit_code}: {result.output.strip()[-300:]!r} {result.exception!r}")
    assert not failed, "\n".join(failed)
    assert (tmp_path / "my_scenario.yaml").is_file() and (tmp_path / "yearbook.csv").is_file()
    assert (tmp_path / "results" / "mine" / "manifest.json").is_file()
    assert (tmp_path / "results" / "mine.xlsx").read_bytes().startswith(b"PK")
