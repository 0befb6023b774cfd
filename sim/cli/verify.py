"""``tiersim verify``: recompute a result folder from its manifest and compare byte for byte."""

from __future__ import annotations

from pathlib import Path

import click

from sim.results import verify as verify_mod


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--data", "data_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="The --data files, if they moved since the run (default: the paths in the manifest).")
@click.option("--jobs", type=click.IntRange(1, 256), default=1, show_default=True)
def verify(folder, data_files, jobs):
    """Re-run FOLDER's manifest and report whether every file matches byte for byte (exit 1 if not).

    \b
    Example:
      tiersim run --out results/base && tiersim verify results/base
    """
    checks = verify_mod.verify(folder, data_files or None, jobs)
    for check in checks:
        click.echo(f"{'ok  ' if check.ok else 'FAIL'}  {check.file}: {check.detail}")
    failed = [c for c in checks if not c.ok and c.file != "version"]
    if failed:
        raise click.ClickException(f"{folder}: {len(failed)} check(s) failed: {', '.join(c.file for c in failed)}")
    click.echo(f"{folder}: verified: every file is reproduced byte for byte")


COMMANDS = [verify]
