"""``tiersim verify``: recompute a result folder from its manifest and compare byte for byte."""

from __future__ import annotations

from pathlib import Path

import click

from .common import jobs_option, lang_option


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--data", "data_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="The --data files, if they moved since the run (default: the paths in the manifest).")
@jobs_option
@lang_option
def verify(folder, data_files, jobs, lang):
    """Re-run FOLDER's manifest and report whether every file matches byte for byte (exit 1 if not).

    \b
    Examples:
      tiersim run --out results/base && tiersim verify results/base
      tiersim verify results/base --jobs 2 --lang en
    """
    from sim.results import verify as verify_mod

    zh = lang == "zh"
    checks = verify_mod.verify(folder, data_files or None, jobs)
    for check in checks:
        mark = ("一致" if check.ok else "不符") if zh else ("ok  " if check.ok else "FAIL")
        click.echo(f"{mark}  {check.file}: {check.detail}")
    failed = [c for c in checks if not c.ok and c.file != "version"]
    if failed:
        raise click.ClickException(f"{folder}: {len(failed)} check(s) failed: {', '.join(c.file for c in failed)}")
    click.echo(f"{folder}：已核验：每个文件逐字节重现" if zh else f"{folder}: verified: every file is reproduced byte for byte")


COMMANDS = [verify]
