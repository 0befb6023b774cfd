"""The county registry: stable ids, Chinese names, pinyin, tiers, and name lookup.

A county is named in three ways that users mix freely: the 6-digit administrative
code (``429006``), the Chinese name with or without its 市/县 suffix (``天门市``,
``天门``) and pinyin in any case (``Tianmen``, ``tianmen``). :meth:`Registry.resolve`
accepts all of them; an ambiguous name is refused with its candidates listed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from sim.errors import DataError, shown
from sim.model.tiers import TIERS

TIER_NAMES_ZH = {"advance": "百强进位", "sprint": "百强冲刺", "reserve": "百强储备", "other": "其他"}

_SUFFIXES = ("自治县", "市", "县", "区")
_CODE = re.compile(r"42[0-9]{4}")  # ASCII digits only (\d also matches e.g. Arabic-Indic digits)


@dataclass(frozen=True, kw_only=True)
class County:
    """One county-level unit. ``id`` is the 6-digit administrative code as a string."""

    id: str
    name_zh: str
    name_pinyin: str
    prefecture: str
    tier: str
    plan_goal: str = ""

    def label(self, lang: str) -> str:
        """The name to show: Chinese for ``zh``, pinyin (or the code) for ``en``."""
        if lang == "zh":
            return self.name_zh
        return self.name_pinyin or self.id


def is_county_code(text: str) -> bool:
    """True for a 6-digit Hubei administrative code (``42xxxx``).

    >>> is_county_code("429006"), is_county_code("1234"), is_county_code("天门")
    (True, False, False)
    """
    return bool(_CODE.fullmatch(text))


def _stem(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _fold_pinyin(name: str) -> str:
    return re.sub(r"[\s'’\-]", "", name).casefold()


class Registry:
    """The counties a run knows about, in a fixed order (tier order, then the order they were given)."""

    def __init__(self, counties: list[County]):
        order = {tier: i for i, tier in enumerate(TIERS)}
        self._counties = sorted(counties, key=lambda c: order[c.tier])
        self._by_id = {c.id: c for c in self._counties}
        self._maps: tuple[dict, dict, dict] | None = None
        if len(self._by_id) != len(self._counties):
            raise DataError("county registry: a county id appears twice")

    def __iter__(self):
        return iter(self._counties)

    def __len__(self) -> int:
        return len(self._counties)

    def __contains__(self, county_id: object) -> bool:
        return county_id in self._by_id

    def __getitem__(self, county_id: str) -> County:
        return self._by_id[county_id]

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self._counties]

    def with_added(self, extra: list[County]) -> "Registry":
        """A registry with further counties (e.g. from a user's yearbook file)."""
        return Registry(list(self._counties) + extra)

    def candidates(self, text: str) -> list[County]:
        """Every county that ``text`` could name (empty if none). Full-width letters and digits count as ASCII.

        >>> from sim.data import load_registry
        >>> [c.id for c in load_registry().candidates("４２９００６")], [c.id for c in load_registry().candidates("ＴＩＡＮＭＥＮ")]
        (['429006'], ['429006'])
        """
        key = unicodedata.normalize("NFKC", str(text)).strip()
        if key in self._by_id:
            return [self._by_id[key]]
        names, stems, folds = self._lookup()
        return list(names.get(key) or stems.get(_stem(key)) or folds.get(_fold_pinyin(key), []))

    def _lookup(self) -> tuple[dict, dict, dict]:
        """Counties by exact Chinese name, by name stem and by folded pinyin (built on first use)."""
        if self._maps is None:
            maps: tuple[dict, dict, dict] = ({}, {}, {})
            for c in self._counties:
                maps[0].setdefault(c.name_zh, []).append(c)
                maps[1].setdefault(_stem(c.name_zh), []).append(c)
                if c.name_pinyin:
                    maps[2].setdefault(_fold_pinyin(c.name_pinyin), []).append(c)
            self._maps = maps
        return self._maps

    def resolve(self, text: object, where: str = "county") -> str:
        """The id of the county named by ``text``; :class:`DataError` if unknown or ambiguous.

        ``where`` prefixes the message (file and key path or row and column).
        """
        found = self.candidates(str(text))
        if len(found) == 1:
            return found[0].id
        if found:
            names = ", ".join(f"{c.name_zh} ({c.id}, {c.prefecture})" for c in found)
            raise DataError(f"{where}: county name is ambiguous: {shown(text)} could be {names}; use the 6-digit code")
        names = [c.name_zh for c in self._counties] + [c.name_pinyin for c in self._counties if c.name_pinyin]
        close = difflib.get_close_matches(str(text), names, n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (use a 6-digit code, a Chinese name or pinyin; `tiersim data` lists them)"
        raise DataError(f"{where}: unknown county: {shown(text)}{hint}")
