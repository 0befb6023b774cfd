"""Parsing single values from scenario files and ``--set``: rates, years, numbers.

Each parser takes the raw value and ``where`` (``file: key.path``) and returns the
typed value or raises :class:`~sim.errors.ScenarioError` with one line naming the
place, the rule and the value.
"""

from __future__ import annotations

import math
import re

from sim.errors import ScenarioError, shown

_PERCENT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*%\s*$")


def _float(value: float) -> float:
    """``float(value)``, with an int too large for a float as an infinity (not an ``OverflowError``)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def rate(value: object, where: str, *, low: float = -0.3, high: float = 0.3) -> float:
    """A rate per year as a fraction: ``0.07`` or ``"7%"``; ``7`` is refused as percent-looking.

    >>> rate("7%", "x"), rate(0.07, "x")
    (0.07, 0.07)
    """
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match:
            number = float(match.group(1)) / 100.0
        else:
            try:
                number = float(value)
            except ValueError:
                raise ScenarioError(f"{where}: must be a rate like 0.07 or \"7%\"; got {shown(value)}") from None
            if 1 <= abs(number) <= 100:
                raise ScenarioError(f"{where}: {shown(value)[1:-1]} looks like a percent; write {number / 100:g} or \"{number:g}%\"")
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScenarioError(f"{where}: must be a rate like 0.07 or \"7%\"; got {shown(value)}")
    else:
        number = _float(value)
        if 1 <= abs(number) <= 100:
            raise ScenarioError(f"{where}: {shown(value)} looks like a percent; write {number / 100:g} or \"{number:g}%\"")
    if not math.isfinite(number):
        raise ScenarioError(f"{where}: must be a finite rate; got {shown(value)}")
    if not low <= number <= high:
        raise ScenarioError(f"{where}: must be between {low:.0%} and {high:.0%} per year; got {shown(value)}")
    return round(number, 12)


def year(value: object, where: str, *, low: int = 1990, high: int = 2100) -> int:
    """A calendar year as an integer in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        # isdecimal, not isdigit: int() refuses superscripts; the length bound keeps int() from refusing a huge string
        if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 9:
            value = int(value)
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise ScenarioError(f"{where}: must be a year like 2020; got {shown(value)}")
    if not low <= value <= high:
        raise ScenarioError(f"{where}: must be a year between {low} and {high}; got {shown(value)}")
    return value


def positive(value: object, where: str, *, high: float = math.inf) -> float:
    """A finite number > 0 (and <= ``high``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScenarioError(f"{where}: must be a number; got {shown(value)}")
    if not math.isfinite(_float(value)) or not 0 < value <= high:
        limit = f" and at most {high:g}" if math.isfinite(high) else ""
        raise ScenarioError(f"{where}: must be a number above 0{limit}; got {shown(value)}")
    return float(value)


_AMOUNT = re.compile(r"^\s*([+-]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(万亿元|万亿|亿元|亿)?\s*$")
_UNITS = {None: 1.0, "亿": 1.0, "亿元": 1.0, "万亿": 10_000.0, "万亿元": 10_000.0}
"""Units of an amount in 亿元: none (already 亿元), 亿/亿元 (x1), 万亿/万亿元 (x10,000)."""


def amount(value: object, where: str, *, high: float = math.inf) -> float:
    """A GDP amount in 亿元, > 0: a number, or text with an unambiguous unit (``"300亿"`` = 300,
    ``"3.65万亿"`` = 36,500, thousands separators read); anything else is refused with a hint.

    >>> amount("300亿", "x"), amount("3.65万亿", "x"), amount("1,034.5 亿元", "x"), amount(200, "x")
    (300.0, 36500.0, 1034.5, 200.0)
    """
    if isinstance(value, str):
        match = _AMOUNT.match(value.replace("，", ","))
        if not match or re.search(r",[0-9]{0,2}(?:[.]|$)|,[0-9]{4}", match.group(1)):
            raise ScenarioError(f"{where}: must be an amount in 亿元 like 300, \"300亿\" or \"3.65万亿\"; got {shown(value)}")
        number = round(float(match.group(1).replace(",", "")) * _UNITS[match.group(2)], 9)
        if not 0 < number <= high:
            limit = f" and at most {high:g}" if math.isfinite(high) else ""
            raise ScenarioError(f"{where}: must be an amount above 0{limit} (亿元); got {shown(value)}")
        return number
    return positive(value, where, high=high)


def text(value: object, where: str, longest: int | None = None) -> str:
    """A string (of at most ``longest`` characters, printable on one line, if given).

    >>> text("x" * 300, "name", longest=200)
    Traceback (most recent call last):
    sim.errors.ScenarioError: name: at most 200 characters; got 300
    """
    if not isinstance(value, str):
        raise ScenarioError(f"{where}: must be text; got {shown(value)}")
    if longest is not None and len(value) > longest:
        raise ScenarioError(f"{where}: at most {longest} characters; got {len(value)}")
    return value


def number(value: object, where: str, *, low: float, high: float) -> float:
    """A finite number in ``[low, high]`` (not a rate: ``"50%"`` is not accepted)."""
    if isinstance(value, str) and _is_float(value):  # YAML reads 1e300 (no decimal point) and "0.5" as text
        raise ScenarioError(f"{where}: must be a number, not text; got {shown(value)} (write it without quotes, "
                            f"an exponent after a decimal point: 1.0e+3)")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(_float(value)):
        raise ScenarioError(f"{where}: must be a finite number; got {shown(value)}")
    if not low <= value <= high:
        raise ScenarioError(f"{where}: must be between {low:g} and {high:g}; got {shown(value)}")
    return float(value)


def integer(value: object, where: str, *, low: int, high: int) -> int:
    """A whole number in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScenarioError(f"{where}: must be a whole number; got {shown(value)}")
    if not low <= value <= high:
        raise ScenarioError(f"{where}: must be between {low} and {high}; got {shown(value)}")
    return value
