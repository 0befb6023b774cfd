"""The project's exception hierarchy.

Every error a user can cause by what they pass in (a file, a scenario key, a
command-line value) is a :class:`SimError`. Its message is one line that names
where the problem is (file, key path or row and column), the rule that was
broken and the value that was given. The CLI turns these into a one-line error
and a non-zero exit; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import reprlib


class SimError(ValueError):
    """Base class of every error caused by bad input. Its text is always one line (see :func:`printable`)."""

    def __str__(self) -> str:
        return printable(super().__str__())


def printable(text: str) -> str:
    """``text`` with line breaks and other unprintable characters escaped, so a message stays one line.

    >>> printable("a\\nb\\u2028c 天门")
    'a\\\\nb\\\\u2028c 天门'
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class ScenarioError(SimError):
    """Raised when a scenario file or a ``--set`` override breaks a rule."""


class DataError(SimError):
    """Raised when a data table (shipped or ``--data``) breaks a rule, or data a run needs is missing."""


class CalibrationError(SimError):
    """Raised when an estimate cannot be made from the data at hand."""


def where(source: str, path: str) -> str:
    """Join a file name and a key path the way every message shows them.

    >>> where("scenarios/x.yaml", "growth.default")
    'scenarios/x.yaml: growth.default'
    >>> where("scenarios/x.yaml", "")
    'scenarios/x.yaml'
    """
    return f"{source}: {path}" if path else source


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 80
_SHORT.maxlong = 40
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxset = _SHORT.maxfrozenset = _SHORT.maxdict = 6
_SHORT.maxlevel = 3


def shown(value: object) -> str:
    """``repr(value)`` for a message, cut short however big or deep the value is: long text and numbers are
    elided in the middle, containers after a few items and levels (an alias-expanded YAML value stays cheap).

    >>> shown([0.07]), shown("x" * 500)[:12], len(shown("x" * 500))
    ('[0.07]', "'xxxxxxxxxxx", 80)
    """
    return _SHORT.repr(value)
