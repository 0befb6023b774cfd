"""Resource limits: how much tiersim reads and computes in one command, checked before the work starts.

Each limit is a named constant (the README's "Limits" table lists them) and each check raises a one-line
:class:`~sim.errors.SimError` that names the limit, its value and what was asked for. They keep a mistyped
option or a hostile file from starting a run that would take hours or all the memory:

=========================  ================  ===========================================================
limit                      value             why
=========================  ================  ===========================================================
``MAX_DATA_BYTES``         2 GiB             a ``--data`` file (a full yearbook is well under 1 MiB); the file
                                             is read in blocks, so memory is bounded by ``MAX_DATA_ROWS``
``MAX_DATA_ROWS``          1,000,000         data rows in one ``--data`` file
``MAX_COUNTIES``           255               county units in one run (shipped + new; the engine's national
                                             order packs a county's number into 8 bits of a float)
``MAX_COMPARATORS``        1,870             national comparators (``thresholds.comparators``): the national
                                             universe, 1,865-1,879 county-level units in CCID's 2019-2024
                                             editions (national_facts.csv); cost linear in the count
``MAX_TEXT``               500 characters    any text cell of a ``--data`` file (``source``)
``MAX_NAME``               50 characters     ``name_zh``, ``name_pinyin``; a scenario ``name`` is limited to
                                             ``MAX_SCENARIO_NAME`` (200), a description to
                                             ``MAX_DESCRIPTION`` (2,000)
``MAX_DRAWS``              100,000,000       draws of one run (as ``--draws``)
``MAX_CELLS``              5 x 10^10         draws x counties x projected years of one run (100,000,000
                                             draws of the 26 shipped counties over 15 years is 3.9 x 10^10)
``CONFIRM_POINTS``         1,000             sweep points above which ``sweep`` asks "are you sure" (or
                                             needs ``--yes``); the hard limit is the sweep's ``MAX_POINTS``
=========================  ================  ===========================================================
"""

from __future__ import annotations

from sim.errors import DataError, SimError

MAX_DATA_BYTES = 2 * 1024**3
MAX_DATA_ROWS = 1_000_000
MAX_COUNTIES = 255
MAX_COMPARATORS = 1_870
MAX_TEXT = 500
MAX_NAME = 50
MAX_SCENARIO_NAME = 200
MAX_DESCRIPTION = 2_000
MAX_DRAWS = 100_000_000
MAX_CELLS = 5 * 10**10
CONFIRM_POINTS = 1_000


def check_data_size(label: str, size: int) -> None:
    """A ``--data`` file of ``size`` bytes may be read.

    >>> check_data_size("big.csv", 3 * 1024**3)
    Traceback (most recent call last):
    sim.errors.DataError: big.csv: file is 3,221,225,472 bytes; the limit is 2,147,483,648 bytes (2 GiB, MAX_DATA_BYTES) for a --data file
    """
    if size > MAX_DATA_BYTES:
        raise DataError(f"{label}: file is {size:,} bytes; the limit is {MAX_DATA_BYTES:,} bytes "
                        f"({_size(MAX_DATA_BYTES)}, MAX_DATA_BYTES) for a --data file")


def _size(size: int) -> str:
    return f"{size / 2**30:g} GiB" if size >= 2**30 else f"{size / 2**20:g} MiB"


def check_run_size(draws: int, counties: int, years: int, where: str = "run", runs: int = 1) -> None:
    """``runs`` runs of ``draws`` x ``counties`` x ``years`` may start (draws first, then the product).

    >>> check_run_size(1000, 26, 15)
    >>> check_run_size(10**12, 26, 15, "manifest.json: draws")
    Traceback (most recent call last):
    sim.errors.SimError: manifest.json: draws: 1000000000000 draws; the limit is 100,000,000 (MAX_DRAWS)
    """
    if draws > MAX_DRAWS:
        raise SimError(f"{where}: {draws} draws; the limit is {MAX_DRAWS:,} (MAX_DRAWS)")
    cells = runs * draws * max(counties, 1) * max(years, 1)
    if cells > MAX_CELLS:
        times = f"{runs:,} runs x " if runs > 1 else ""
        raise SimError(f"{where}: {times}{draws:,} draws x {counties} counties x {years} years = {cells:.3g} values; "
                       f"the limit is {MAX_CELLS:.0e} (MAX_CELLS); use fewer draws or points, or a nearer horizon")


def check_counties(count: int, where: str) -> None:
    """``count`` county units may be projected in one run."""
    if count > MAX_COUNTIES:
        raise DataError(f"{where}: {count} county units; the limit is {MAX_COUNTIES} in one run (MAX_COUNTIES: the "
                       f"engine's national order numbers counties in 8 bits); split the file")
